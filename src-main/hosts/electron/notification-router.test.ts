import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../util/manual-clock.testkit.ts';
import { NotificationRouter, syntheticAlert, type NotificationGates, type NotificationSpec } from './notification-router.ts';
import { alert, flowRow, QQQ_PUT, SPY_CALL } from './stand-ins.testkit.ts';

function setup(gates: Partial<NotificationGates> = {}, openBook = true) {
  const clock = new ManualClock(0);
  const shown: { spec: NotificationSpec; click: () => void }[] = [];
  const opened: string[] = [];
  let feeds = 0;
  const router = new NotificationRouter({
    show: (spec, click) => shown.push({ spec, click }),
    openBook: (symbol) => {
      opened.push(symbol);
      return openBook;
    },
    showFeed: () => void feeds++,
    gates: { supported: () => true, enabled: () => true, appFocused: () => false, doNotDisturb: () => false, tonesElsewhere: () => true, ...gates },
    clock,
    burst: 3,
    burstMs: 10_000,
  });
  return { router, shown, opened, clock, feeds: () => feeds };
}

describe('NotificationRouter', () => {
  it('describes a whale alert by contract, premium, side and kind', () => {
    const { router, shown } = setup();
    const flow = flowRow({ symbol: QQQ_PUT, premium: 2_400_000, side: 'ABOVE_ASK', kind: 'BLOCK' });
    router.noteFlows([flow]);
    expect(router.route(alert({ flowId: flow.id, symbol: 'QQQ' }))).toBe('shown');
    expect(shown[0]!.spec).toMatchObject({ title: "Whale: QQQ Dec 20 '24 400P", body: '$2.4M above ask · block', symbol: QQQ_PUT, silent: true });
  });

  it("falls back to the alert's own words when the flow is unknown", () => {
    const { router, shown } = setup({ tonesElsewhere: () => false });
    router.route(alert({ ruleKind: 'SPREAD_WIDE', title: 'Spread wide', body: 'SPY 450C spread 14%' }));
    expect(shown[0]!.spec).toMatchObject({ title: 'Spread wide', body: 'SPY 450C spread 14%', symbol: SPY_CALL, silent: false });
  });

  it("opens the contract's book when clicked", () => {
    const { router, shown, opened } = setup();
    router.route(alert());
    shown[0]!.click();
    expect(opened).toEqual([SPY_CALL]);
  });

  it('opens the feed when the alert is not about a contract, or the book cannot open', () => {
    const first = setup();
    first.router.route(alert({ symbol: 'SPY' }));
    first.shown[0]!.click();
    expect(first.opened).toEqual([]);
    expect(first.feeds()).toBe(1);
    const refused = setup({}, false);
    refused.router.route(alert());
    refused.shown[0]!.click();
    expect(refused.feeds()).toBe(1);
  });

  it('ignores a click it does not know', () => {
    const { router, opened } = setup();
    expect(router.click('nope')).toBe(false);
    expect(opened).toEqual([]);
  });

  it.each<[Partial<NotificationGates>, string]>([
    [{ supported: () => false }, 'unsupported'],
    [{ enabled: () => false }, 'disabled'],
    [{ appFocused: () => true }, 'focused'],
    [{ doNotDisturb: () => true }, 'dnd'],
  ])('stays quiet when a gate says so (%#: %s)', (gates, result) => {
    const { router, shown } = setup(gates);
    expect(router.route(alert())).toBe(result);
    expect(shown).toEqual([]);
  });

  it('shows an alert once, and rate-limits a burst', () => {
    const { router, shown, clock } = setup();
    const a = alert();
    expect(router.route(a)).toBe('shown');
    expect(router.route(a)).toBe('duplicate');
    expect([alert(), alert(), alert()].map((x) => router.route(x))).toEqual(['shown', 'shown', 'throttled']);
    clock.advance(10_000);
    expect(router.route(alert())).toBe('shown');
    expect(shown).toHaveLength(4);
  });

  it('routes a forced (test) alert past every gate, to the same click path', () => {
    const { router, opened } = setup({ appFocused: () => true, supported: () => false });
    const test = syntheticAlert(QQQ_PUT, 5);
    expect(router.route(test, true)).toBe('shown');
    expect(router.click(test.id)).toBe(true);
    expect(opened).toEqual([QQQ_PUT]);
  });

  it('keeps bounded memory of flows and clicks', () => {
    const { router } = setup({}, true);
    for (let i = 0; i < 5000; i++) router.noteFlows([flowRow({ id: `m${i}` })]);
    const early = alert({ flowId: 'm0' });
    expect(router.describe(early).body).toBe(early.body);
    expect(router.describe(alert({ flowId: 'm4999' })).body).toContain('at ask');
  });
});
