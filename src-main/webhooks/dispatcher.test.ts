// Delivery against real HTTP receivers on loopback (node:http on 127.0.0.1) with the dispatcher's
// timers on a manual clock: delivered at once; a 500 retried after the back-off; a receiver that
// never answers timed out, retried with doubling waits and given up on with a visible failure;
// a slow answer within the timeout accepted; a refusal not retried; the queue bounded; and no
// URL path or token in any status or log line.
import { afterEach, describe, expect, it } from 'vitest';
import { memoryLogger } from '../util/memory-logger.testkit.ts';
import { retryAfterMs } from './dispatcher.ts';
import { dispatcherRig, sampleAlert } from './dispatcher.testkit.ts';
import { startReceiver, type Receiver } from './receiver.testkit.ts';

const TOKEN = 'T0ken-5ecret-abcdef123456';
const receivers: Receiver[] = [];
async function receiver(answer?: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

describe('webhook delivery', () => {
  it('posts the generic JSON at once and reports ok', async () => {
    const r = await receiver();
    const rig = dispatcherRig({ d1: `${r.url}/hook/${TOKEN}` });
    rig.dispatcher.sync([{ id: 'd1', format: 'generic' }]);
    expect(rig.dispatcher.enqueue('d1', { alert: sampleAlert(1), test: false })).toBe(true);
    const got = await r.request(1);
    expect(got.method).toBe('POST');
    expect(got.path).toBe(`/hook/${TOKEN}`);
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.json).toMatchObject({ type: 'alert', version: 1, alert: { id: 's1-a1', ruleId: 'premium-over-1', symbol: 'SPY   261218C00600000' } });
    const status = await rig.until('d1', (s) => s.state === 'ok');
    expect(status).toMatchObject({ delivered: 1, queued: 0, failed: 0, lastError: null, lastDeliveredAt: rig.clock.now() });
  });

  it('retries after a 500, after the back-off and not before', async () => {
    const r = await receiver((n) => (n === 1 ? 500 : 200));
    const rig = dispatcherRig({ d1: `${r.url}/x` }, { firstBackoffMs: 1_000 });
    rig.dispatcher.sync([{ id: 'd1', format: 'generic' }]);
    rig.dispatcher.enqueue('d1', { alert: sampleAlert(1), test: false });
    const retrying = await rig.until('d1', (s) => s.state === 'retrying');
    expect(retrying).toMatchObject({ attempt: 1, lastError: 'HTTP 500', lastErrorAt: rig.clock.now(), queued: 1, nextAttemptAt: rig.clock.now() + 1_000 });
    rig.clock.advance(999);
    // The retry waits on its timer, still set after 999 ms: nothing was sent again.
    expect(rig.clock.nextTimerIn()).toBe(1);
    expect(r.received).toHaveLength(1);
    rig.clock.advance(1);
    const second = await r.request(2);
    expect(second.body).toBe(r.received[0]?.body);
    expect(await rig.until('d1', (s) => s.state === 'ok')).toMatchObject({ delivered: 1, attempt: 0, lastError: null, nextAttemptAt: null });
  });

  it('waits as long as a rate-limited receiver asks (Retry-After), within the cap', async () => {
    const r = await receiver((n) => (n === 1 ? { status: 429, retryAfter: '7' } : 204));
    const rig = dispatcherRig({ d1: `${r.url}/x` }, { firstBackoffMs: 1_000, maxBackoffMs: 30_000 });
    rig.dispatcher.sync([{ id: 'd1', format: 'discord' }]);
    rig.dispatcher.enqueue('d1', { alert: sampleAlert(1), test: false });
    const retrying = await rig.until('d1', (s) => s.state === 'retrying');
    expect(retrying).toMatchObject({ lastError: 'HTTP 429', nextAttemptAt: rig.clock.now() + 7_000 });
    rig.clock.advance(7_000);
    await r.request(2);
    expect(await rig.until('d1', (s) => s.state === 'ok')).toMatchObject({ delivered: 1 });
    expect(retryAfterMs('2.5')).toBe(2_500);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT')).toBeNull();
    expect(retryAfterMs(null)).toBeNull();
  });

  it('times out a receiver that never answers, backs off doubling, and gives up visibly', async () => {
    const r = await receiver(() => 'hold');
    const rig = dispatcherRig({ d1: `${r.url}/x` }, { timeoutMs: 5_000, maxAttempts: 3, firstBackoffMs: 1_000, maxBackoffMs: 1_500 });
    rig.dispatcher.sync([{ id: 'd1', format: 'generic' }]);
    rig.dispatcher.enqueue('d1', { alert: sampleAlert(1), test: false });
    await r.request(1);
    rig.clock.advance(5_000);
    const first = await rig.until('d1', (s) => s.attempt === 1);
    expect(first).toMatchObject({ state: 'retrying', lastError: 'no answer within 5 s', nextAttemptAt: rig.clock.now() + 1_000 });
    rig.clock.advance(1_000);
    await r.request(2);
    rig.clock.advance(5_000);
    // The second wait would be 2 s; the cap holds it at 1.5 s.
    const second = await rig.until('d1', (s) => s.attempt === 2);
    expect(second).toMatchObject({ state: 'retrying', nextAttemptAt: rig.clock.now() + 1_500 });
    rig.clock.advance(1_500);
    await r.request(3);
    rig.clock.advance(5_000);
    const failed = await rig.until('d1', (s) => s.state === 'failed');
    expect(failed).toMatchObject({ failed: 1, delivered: 0, queued: 0, lastError: 'no answer within 5 s', lastErrorAt: rig.clock.now(), nextAttemptAt: null });
    expect(r.received).toHaveLength(3);
    expect(rig.clock.pendingTimers()).toBe(0);
  });

  it('accepts a slow answer that comes within the timeout', async () => {
    const r = await receiver(() => 'hold');
    const rig = dispatcherRig({ d1: `${r.url}/x` }, { timeoutMs: 10_000 });
    rig.dispatcher.sync([{ id: 'd1', format: 'generic' }]);
    rig.dispatcher.enqueue('d1', { alert: sampleAlert(1), test: false });
    const held = await r.request(1);
    rig.clock.advance(9_000);
    expect(rig.dispatcher.status('d1')?.state).toBe('idle');
    held.release(200);
    expect(await rig.until('d1', (s) => s.state === 'ok')).toMatchObject({ delivered: 1, lastError: null });
    expect(r.received).toHaveLength(1);
  });

  it('does not retry a refusal, and goes on with the next message', async () => {
    const r = await receiver((n) => (n === 1 ? 404 : 204));
    const rig = dispatcherRig({ d1: `${r.url}/x` });
    rig.dispatcher.sync([{ id: 'd1', format: 'generic' }]);
    rig.dispatcher.enqueue('d1', { alert: sampleAlert(1), test: false });
    rig.dispatcher.enqueue('d1', { alert: sampleAlert(2), test: false });
    const second = await r.request(2);
    expect((second.json as { alert: { id: string } }).alert.id).toBe('s1-a2');
    const ok = await rig.until('d1', (s) => s.state === 'ok');
    expect(ok).toMatchObject({ delivered: 1, failed: 1, lastErrorAt: rig.clock.now() });
    // The failure is kept in the report that came before the delivery.
    expect(rig.reports.some((list) => list.some((s) => s.state === 'failed' && s.lastError === 'HTTP 404 (not retried)'))).toBe(true);
  });

  it('reports a refused connection and a destination without a URL', async () => {
    const r = await receiver();
    const closed = r.url;
    await r.close();
    receivers.splice(0);
    const rig = dispatcherRig({ gone: `${closed}/x`, none: null }, { maxAttempts: 1 });
    rig.dispatcher.sync([
      { id: 'gone', format: 'generic' },
      { id: 'none', format: 'slack' },
    ]);
    rig.dispatcher.enqueue('gone', { alert: sampleAlert(1), test: false });
    rig.dispatcher.enqueue('none', { alert: sampleAlert(1), test: false });
    expect(await rig.until('gone', (s) => s.state === 'failed')).toMatchObject({ lastError: 'could not connect (ECONNREFUSED)' });
    expect((await rig.until('none', (s) => s.state === 'failed')).lastError).toMatch(/no URL for this destination in the OS keychain/);
  });

  it('keeps its queue bounded, enqueueing at once while the receiver stalls', async () => {
    const r = await receiver(() => 'hold');
    const rig = dispatcherRig({ d1: `${r.url}/x` }, { queueLimit: 5 });
    rig.dispatcher.sync([{ id: 'd1', format: 'generic' }]);
    for (let n = 1; n <= 50; n++) expect(rig.dispatcher.enqueue('d1', { alert: sampleAlert(n), test: false })).toBe(true);
    expect(rig.dispatcher.status('d1')).toMatchObject({ queued: 5, dropped: 45 });
    const first = await r.request(1);
    expect((first.json as { alert: { id: string } }).alert.id).toBe('s1-a1');
    // The one on the wire stays; the oldest waiting go first.
    rig.dispatcher.enqueue('d1', { alert: sampleAlert(51), test: false });
    expect(rig.dispatcher.status('d1')).toMatchObject({ queued: 5, dropped: 46 });
    first.release(204);
    const next = await r.request(2);
    expect((next.json as { alert: { id: string } }).alert.id).toBe('s1-a48');
    rig.dispatcher.stop();
  });

  it('never puts the URL path or its token in a status or a log line', async () => {
    const r = await receiver(() => 500);
    const { logger, lines } = memoryLogger();
    const rig = dispatcherRig({ d1: `${r.url}/api/webhooks/123/${TOKEN}?thread=${TOKEN}` }, { maxAttempts: 2, firstBackoffMs: 10 }, logger);
    rig.dispatcher.sync([{ id: 'd1', format: 'discord' }]);
    rig.dispatcher.enqueue('d1', { alert: sampleAlert(1), test: false });
    await rig.until('d1', (s) => s.state === 'retrying');
    rig.clock.advance(10);
    await rig.until('d1', (s) => s.state === 'failed');
    expect(lines.some((line) => line.includes('gave up'))).toBe(true);
    const text = JSON.stringify(rig.reports) + lines.join('\n');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('/api/webhooks');
  });

  it('forgets a removed destination, dropping what it held', async () => {
    const r = await receiver(() => 'hold');
    const rig = dispatcherRig({ d1: `${r.url}/x` });
    rig.dispatcher.sync([{ id: 'd1', format: 'generic' }]);
    rig.dispatcher.enqueue('d1', { alert: sampleAlert(1), test: false });
    await r.request(1);
    rig.dispatcher.sync([]);
    expect(rig.dispatcher.statuses()).toEqual([]);
    expect(rig.dispatcher.enqueue('d1', { alert: sampleAlert(2), test: false })).toBe(false);
    expect(rig.clock.pendingTimers()).toBe(0);
  });
});
