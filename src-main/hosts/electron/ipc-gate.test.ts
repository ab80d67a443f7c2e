import { describe, expect, it } from 'vitest';
import type { Envelope } from '../../../shared/ipc/define.ts';
import { memoryLogger } from '../../util/memory-logger.testkit.ts';
import { createIpcGate, type SenderInfo } from './ipc-gate.ts';
import { ownPage } from './security-policy.ts';
import { api } from '../../../shared/ipc/index.ts';

const page = ownPage();
const ours = `${page.url}?window=feed`;

function setup(dispatchResult: Envelope<unknown> = { ok: true, value: 'fine' }) {
  const calls: [string, unknown, unknown][] = [];
  const ready: string[] = [];
  const { logger, lines } = memoryLogger();
  const gate = createIpcGate({
    windows: {
      fromContents: (id) => (id === 7 ? { windowId: 'win-1' } : undefined),
      markReady: (id) => ready.push(id),
    },
    isOwnPage: (url) => page.matches(url),
    dispatch: async (windowId, channel, payload) => {
      calls.push([windowId, channel, payload]);
      return dispatchResult;
    },
    logger,
  });
  return { gate, calls, ready, lines };
}

const trusted: SenderInfo = { contentsId: 7, frame: { url: ours, isMainFrame: true } };

describe('the IPC gate', () => {
  it('passes a request from the top frame of one of our windows to the core, as that window', async () => {
    const { gate, calls } = setup();
    expect(await gate.request(trusted, api.settings.get.channel, {})).toEqual({ ok: true, value: 'fine' });
    expect(calls).toEqual([['win-1', api.settings.get.channel, {}]]);
  });

  it.each<[string, SenderInfo]>([
    ['an unknown web contents (a window that is not ours)', { contentsId: 8, frame: { url: ours, isMainFrame: true } }],
    ['a subframe of our window', { contentsId: 7, frame: { url: ours, isMainFrame: false } }],
    ['a frame that is gone', { contentsId: 7, frame: null }],
    ['our window showing a remote page', { contentsId: 7, frame: { url: 'https://evil.example/index.html', isMainFrame: true } }],
    ['our window showing another local file', { contentsId: 7, frame: { url: 'file:///etc/passwd', isMainFrame: true } }],
    ['the old file:// page', { contentsId: 7, frame: { url: 'file:///opt/Fathom/resources/app.asar/out/renderer/index.html?window=feed', isMainFrame: true } }],
    ['another file of ours', { contentsId: 7, frame: { url: 'app://fathom/assets/index.js', isMainFrame: true } }],
    ['an encoded climb out and back', { contentsId: 7, frame: { url: 'app://fathom/x/..%2f..%2findex.html', isMainFrame: true } }],
    ['the app scheme on another host', { contentsId: 7, frame: { url: 'app://evil.example/index.html', isMainFrame: true } }],
    ['the app scheme with credentials', { contentsId: 7, frame: { url: 'app://user:pw@fathom/index.html', isMainFrame: true } }],
    ['a data URL', { contentsId: 7, frame: { url: 'data:text/html,<script>1</script>', isMainFrame: true } }],
    ['about:blank', { contentsId: 7, frame: { url: 'about:blank', isMainFrame: true } }],
  ])('refuses %s without reaching the core', async (_what, sender) => {
    const { gate, calls, lines } = setup();
    const answer = await gate.request(sender, api.settings.get.channel, {});
    expect(answer).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: 'this sender may not call Fathom' } });
    expect(calls).toEqual([]);
    expect(lines.some((l) => l.includes('untrusted sender'))).toBe(true);
  });

  it('accepts our page with a query and a fragment, and a percent-encoded path to it', async () => {
    const { gate, calls } = setup();
    await gate.request({ contentsId: 7, frame: { url: `${page.url}?window=book&symbol=SPY#x`, isMainFrame: true } }, api.marketData.status.channel, {});
    await gate.request({ contentsId: 7, frame: { url: page.url.replace('index.html', '%69ndex.html'), isMainFrame: true } }, api.marketData.status.channel, {});
    expect(calls).toHaveLength(2);
  });

  it('releases queued pushes only when window:ready succeeds', async () => {
    const ok = setup();
    await ok.gate.request(trusted, api.settings.get.channel, {});
    expect(ok.ready).toEqual([]);
    await ok.gate.request(trusted, api.windows.ready.channel, {});
    expect(ok.ready).toEqual(['win-1']);
    const refused = setup({ ok: false, error: { code: 'BAD_REQUEST', message: 'no' } });
    await refused.gate.request(trusted, api.windows.ready.channel, { extra: 1 });
    expect(refused.ready).toEqual([]);
  });

  it('answers INTERNAL when dispatch itself throws', async () => {
    const { logger } = memoryLogger();
    const gate = createIpcGate({
      windows: { fromContents: () => ({ windowId: 'w' }), markReady: () => undefined },
      isOwnPage: () => true,
      dispatch: () => Promise.reject(new Error('boom')),
      logger,
    });
    expect(await gate.request(trusted, api.settings.get.channel, {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'the request failed' } });
  });

  it('hands a flow port only to the top frame of one of our windows, for a well-formed nonce', () => {
    const { gate, lines } = setup();
    const nonce = 'abcdefghijklmnopqrstuvwx';
    expect(gate.portRequest(trusted, nonce)).toBe('win-1');
    expect(gate.portRequest({ contentsId: 8, frame: { url: ours, isMainFrame: true } }, nonce)).toBeNull();
    expect(gate.portRequest({ contentsId: 7, frame: { url: ours, isMainFrame: false } }, nonce)).toBeNull();
    expect(gate.portRequest({ contentsId: 7, frame: { url: 'https://evil.example/', isMainFrame: true } }, nonce)).toBeNull();
    expect(gate.portRequest(trusted, 'short')).toBeNull();
    expect(gate.portRequest(trusted, { nonce })).toBeNull();
    expect(lines.filter((l) => l.includes('port request from an untrusted sender refused'))).toHaveLength(5);
  });
});
