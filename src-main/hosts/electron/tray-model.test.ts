import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../../shared/domain/session.ts';
import { ManualClock } from '../../util/manual-clock.testkit.ts';
import { iconFor, MAX_WHALES, tooltipFor, TRAY_REFRESH_MS, TrayModel, TrayPresenter, type TrayView } from './tray-model.ts';
import { flowRow, QQQ_PUT, SPY_CALL } from './stand-ins.testkit.ts';

const live: ConnectionState = { state: 'live', source: 'demo', since: 0, delayed: false };

describe('TrayModel', () => {
  it('shows the connection state in the icon and the tooltip', () => {
    expect(iconFor(null)).toBe('connecting');
    expect(iconFor(live)).toBe('live');
    expect(iconFor({ state: 'reconnecting', source: 'live', since: 0, attempt: 3, nextDelayMs: 1000, reason: 'x' })).toBe('reconnecting');
    expect(iconFor({ state: 'error', source: 'live', since: 0, reason: 'refused' })).toBe('error');
    expect(iconFor({ state: 'stopped', source: 'live', since: 0, reason: 'signed out' })).toBe('stopped');
    expect(tooltipFor(live)).toBe('Fathom: live (demo market)');
    expect(tooltipFor({ state: 'live', source: 'live', since: 0, delayed: true })).toBe('Fathom: live (Schwab, delayed)');
    expect(tooltipFor({ state: 'reconnecting', source: 'live', since: 0, attempt: 3, nextDelayMs: 1000, reason: 'x' })).toBe('Fathom: reconnecting to Schwab (attempt 3)');
    expect(tooltipFor({ state: 'connecting', source: 'demo', since: 0 })).toBe('Fathom: connecting to the demo market');
    expect(tooltipFor({ state: 'error', source: 'live', since: 0, reason: 'y'.repeat(300) }).length).toBeLessThan(110);
  });

  it('lists the latest whales, newest first, with contract, premium, side and kind; each opens its book', () => {
    const model = new TrayModel();
    model.setStatus(live);
    model.addFlows([flowRow({ whale: false, premium: 5000 }), flowRow({ id: 'w1', time: 1, premium: 1_250_000 }), flowRow({ id: 'w2', time: 2, symbol: QQQ_PUT, side: 'BID', kind: 'BLOCK', premium: 2_000_000 })]);
    const view = model.view();
    expect(view.icon).toBe('live');
    const whales = view.menu.filter((item) => item.type === 'item' && item.action?.type === 'open-book');
    expect(whales.map((w) => (w.type === 'item' ? w.label : ''))).toEqual(["QQQ Dec 20 '24 400P · $2.0M at bid · block", "SPY Nov 29 '24 450C · $1.3M at ask · sweep"]);
    expect(whales.map((w) => (w.type === 'item' ? w.action : null))).toEqual([
      { type: 'open-book', symbol: QQQ_PUT },
      { type: 'open-book', symbol: SPY_CALL },
    ]);
  });

  it('keeps only the newest few whales, and a whale that grew replaces itself', () => {
    const model = new TrayModel();
    for (let i = 0; i < 12; i++) model.addFlows([flowRow({ id: `w${i}`, time: i })]);
    model.addFlows([flowRow({ id: 'w11', time: 11, premium: 9_000_000, version: 2 })]);
    const labels = model
      .view()
      .menu.filter((item) => item.type === 'item' && item.action?.type === 'open-book')
      .map((item) => (item.type === 'item' ? item.label : ''));
    expect(labels).toHaveLength(MAX_WHALES);
    expect(labels[0]).toContain('$9.0M');
  });

  it('offers mute (checked when muted), open feed and quit', () => {
    const model = new TrayModel();
    model.setMuted(true);
    const menu = model.view().menu;
    expect(menu.find((i) => i.type === 'checkbox')).toEqual({ type: 'checkbox', label: 'Mute alerts', checked: true, action: { type: 'toggle-mute' } });
    const actions = menu.flatMap((i) => (i.type === 'item' && i.action ? [i.action.type] : []));
    expect(actions).toEqual(['open-feed', 'quit']);
    expect(menu.some((i) => i.type === 'item' && i.label === 'No whales yet' && !i.enabled)).toBe(true);
  });

  it('escapes & in labels so a menu does not eat it as a mnemonic', () => {
    const model = new TrayModel();
    model.addFlows([flowRow({ id: 'x', symbol: 'S&P weird' })]);
    const labels = model.view().menu.flatMap((i) => (i.type === 'item' ? [i.label] : []));
    expect(labels.some((l) => l.startsWith('S&&P weird'))).toBe(true);
  });
});

describe('TrayPresenter', () => {
  it('renders at most every refresh period, and only what changed', () => {
    const clock = new ManualClock(0);
    const model = new TrayModel();
    const rendered: TrayView[] = [];
    const presenter = new TrayPresenter(model, (v) => rendered.push(v), clock);
    presenter.refresh();
    expect(rendered).toHaveLength(1);
    for (let i = 0; i < 100; i++) {
      model.setStatus(live);
      presenter.changed();
    }
    expect(rendered).toHaveLength(1);
    clock.advance(TRAY_REFRESH_MS);
    expect(rendered).toHaveLength(2);
    expect(rendered[1]!.icon).toBe('live');
    presenter.changed();
    clock.advance(TRAY_REFRESH_MS);
    expect(rendered).toHaveLength(2);
    presenter.changed();
    presenter.stop();
    clock.advance(TRAY_REFRESH_MS);
    expect(clock.pendingTimers()).toBe(0);
  });
});
