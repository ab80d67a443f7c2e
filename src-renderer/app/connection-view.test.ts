import { describe, expect, it } from 'vitest';
import { connectionView } from './connection-view.ts';

const open = { status: 'open', since: 0 } as const;

describe('connectionView', () => {
  it('says the host is unreachable before anything else', () => {
    const view = connectionView({ status: 'waiting', attempt: 3, retryAt: 10_400, since: 9_000, reason: 'closed (1006)' }, { state: 'live', source: 'demo', since: 0, delayed: false }, 9_000);
    expect(view).toMatchObject({ state: 'offline', label: 'OFFLINE', tone: 'bad' });
    expect(view.detail).toContain('attempt 3, next try in 2 s');
  });

  it('shows the source when live', () => {
    expect(connectionView(open, { state: 'live', source: 'demo', since: 0, delayed: false }, 1)).toMatchObject({ state: 'live', source: 'demo', label: 'DEMO' });
    expect(connectionView(open, { state: 'live', source: 'live', since: 0, delayed: true }, 1)).toMatchObject({ label: 'LIVE', tone: 'warn' });
    expect(connectionView(open, { state: 'live', source: 'replay', since: 0, delayed: false }, 1).label).toBe('REPLAY');
  });

  it('says DELAYED when the data is delayed, in the status the top bar and the book window share', () => {
    const delayed = connectionView(open, { state: 'live', source: 'live', since: 0, delayed: true }, 1);
    expect(delayed).toMatchObject({ state: 'live', label: 'LIVE', delayed: true, tone: 'warn' });
    expect(delayed.detail).toMatch(/^delayed quotes \(Schwab sends this login no real-time data\) · streaming since /);
    expect(connectionView(open, { state: 'live', source: 'live', since: 0, delayed: false }, 1)).toMatchObject({ delayed: false, tone: 'ok' });
    expect(connectionView(open, { state: 'reconnecting', source: 'live', since: 0, attempt: 1, nextDelayMs: 1, reason: 'x' }, 1).delayed).toBe(false);
  });

  it('says why starting takes longer when a step is retried in place', () => {
    const market = { state: 'connecting', source: 'live', since: 0, reason: 'userPreference failed (server error 500); trying again in 1 s' } as const;
    expect(connectionView(open, market, 1)).toMatchObject({ state: 'connecting', detail: 'LIVE stream · userPreference failed (server error 500); trying again in 1 s' });
    expect(connectionView(open, { state: 'connecting', source: 'live', since: 0 }, 1).detail).toBe('LIVE stream');
  });

  it('counts down to the next reconnect attempt', () => {
    const market = { state: 'reconnecting', source: 'live', since: 1_000, attempt: 2, nextDelayMs: 4_000, reason: 'socket closed' } as const;
    expect(connectionView(open, market, 1_000).detail).toBe('attempt 2, next try in 4 s · socket closed');
    expect(connectionView(open, market, 4_100).detail).toContain('next try in 1 s');
    expect(connectionView(open, market, 9_000).detail).toContain('next try in 0 s');
  });

  it('waits for a first status', () => {
    expect(connectionView(open, null, 0).state).toBe('connecting');
  });

  it('calls the first connection connecting, a later one offline', () => {
    expect(connectionView({ status: 'connecting', attempt: 0, since: 0 }, null, 0)).toMatchObject({ state: 'connecting', tone: 'info' });
    expect(connectionView({ status: 'connecting', attempt: 2, since: 0 }, null, 0)).toMatchObject({ state: 'offline', detail: 'reaching the host · attempt 2' });
  });
});
