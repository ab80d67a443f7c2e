import { describe, expect, it } from 'vitest';
import type { Session } from '../../shared/domain/session.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { changedRules, gapLines, sessionRow, sessionRows, underlyingsLabel } from './session-rows.ts';
import { parseSpeed, progress, speedLabel, timeAt } from './replay-view.ts';

const T = Date.UTC(2024, 10, 29, 14, 30); // 09:30 ET
const session = (over: Partial<Session>): Session => ({
  id: '1',
  source: 'demo',
  symbols: ['SPY   241129C00450000', 'SPY   241129P00450000', 'QQQ   241129C00400000', 'SPY', 'QQQ'],
  settings: { ...DEFAULT_FLOW_SETTINGS },
  rolling: { ...DEFAULT_ROLLING_SETTINGS },
  start: T,
  end: T + 3_725_000,
  frames: 100,
  flows: 42,
  gaps: [],
  ...over,
});

describe('sessionRow', () => {
  it('groups contracts under their underlyings and says how long it ran', () => {
    const row = sessionRow(session({}), T + 9e9);
    expect(row.underlyings).toEqual(['SPY', 'QQQ']);
    expect(row.contractsOf).toEqual([2, 1]);
    expect(row.contracts).toBe(3);
    expect(row.duration).toBe('1h 2m');
    expect(row.started).toBe('2024-11-29 09:30:00 ET');
    expect(row.replayable).toBe(true);
    expect(row.gapTime).toBe('');
  });

  it('sums the gaps and refuses a replay of a session still recording or empty', () => {
    const live = sessionRow(session({ end: null, gaps: [{ start: T + 1000, end: T + 6000, reason: 'x' }, { start: T + 10_000, end: null, reason: 'y' }] }), T + 20_000);
    expect(live.recording).toBe(true);
    expect(live.duration).toBe('20s');
    expect(live.gaps).toBe(2);
    expect(live.gapTime).toBe('15s');
    expect(live.replayable).toBe(false);
    expect(live.why).toMatch(/still recording/);
    expect(sessionRow(session({ frames: 0 }), T).replayable).toBe(false);
  });

  it('lists newest first and shortens long symbol lists', () => {
    expect(sessionRows([session({ id: '1' }), session({ id: '2', start: T + 1 })], T).map((r) => r.id)).toEqual(['2', '1']);
    expect(underlyingsLabel(['A', 'B', 'C', 'D', 'E', 'F'])).toBe('A · B · C · D +2');
    expect(underlyingsLabel(['A'])).toBe('A');
  });
});

describe('session details', () => {
  it('lists the gaps in ET and the flow rules that differ from today', () => {
    const s = session({ gaps: [{ start: T + 65_000, end: T + 70_000, reason: 'reconnect' }] });
    expect(gapLines(s, T)).toEqual([{ from: '09:31:05', to: '09:31:10', length: '5s', reason: 'reconnect' }]);
    expect(changedRules(s.settings, { ...DEFAULT_FLOW_SETTINGS, whaleMinPremium: 1 })).toEqual(['whaleMinPremium']);
    expect(changedRules(s.settings, DEFAULT_FLOW_SETTINGS)).toEqual([]);
  });
});

describe('replay view', () => {
  it('maps the timeline both ways and reads speeds', () => {
    const state = { start: 1000, end: 3000, position: 1500 };
    expect(progress(state)).toBe(0.25);
    expect(progress({ start: 5, end: 5, position: 5 })).toBe(1);
    expect(timeAt(state, 0.5)).toBe(2000);
    expect(timeAt(state, 2)).toBe(3000);
    expect(speedLabel(0.25)).toBe('0.25×');
    expect(speedLabel('max')).toBe('Max');
    expect(parseSpeed('10')).toBe(10);
    expect(parseSpeed('max')).toBe('max');
    expect(parseSpeed('3')).toBeNull();
  });
});
