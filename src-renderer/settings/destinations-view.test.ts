import { describe, expect, it } from 'vitest';
import { idleStatus } from '../../shared/domain/webhooks.ts';
import { parseDestination, statusLine } from './destinations-view.ts';

describe('destinations on the settings page', () => {
  it('checks a draft with the contract\'s parser', () => {
    expect(parseDestination({ name: 'Desk', format: 'discord', url: 'https://discord.com/api/webhooks/1/x' })).toEqual({ ok: true, value: { name: 'Desk', format: 'discord', url: 'https://discord.com/api/webhooks/1/x' } });
    expect(parseDestination({ name: 'Desk', format: 'slack', url: '' })).toEqual({ ok: false, error: 'the URL, please' });
    expect(parseDestination({ name: 'Desk', format: 'slack', url: 'http://hooks.slack.com/x' })).toMatchObject({ ok: false, error: expect.stringMatching(/^url: only https/) });
    expect(parseDestination({ id: 'hook-1', name: 'Desk', format: 'slack', url: '' })).toEqual({ ok: true, value: { id: 'hook-1', name: 'Desk', format: 'slack' } });
    expect(parseDestination({ name: ' ', format: 'generic', url: 'https://x.example/y' })).toMatchObject({ ok: false, error: expect.stringMatching(/^name:/) });
  });

  it('says what happened to the deliveries', () => {
    const at = Date.UTC(2026, 11, 3, 15, 0, 0);
    expect(statusLine(undefined)).toBe('Nothing sent yet');
    expect(statusLine({ ...idleStatus('a'), state: 'failed', lastError: 'HTTP 500', lastErrorAt: at, failed: 1 })).toMatch(/^Failed at .+: HTTP 500 \(gave up; 1 failed\)$/);
    expect(statusLine({ ...idleStatus('a'), state: 'retrying', attempt: 2, lastError: 'no answer within 10 s', lastErrorAt: at, nextAttemptAt: at + 2000, queued: 3 })).toMatch(/^Retrying: attempt 2 failed at .+ \(no answer within 10 s\); next try at .+ · 3 waiting$/);
    expect(statusLine({ ...idleStatus('a'), state: 'ok', delivered: 4, lastDeliveredAt: at, dropped: 2 })).toMatch(/^Delivered at .+ \(4 so far\) · 2 dropped \(queue full\)$/);
  });
});
