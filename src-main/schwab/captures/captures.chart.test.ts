// Captured CHART_EQUITY frames (see captures.test.ts and README.md here).
import { describe, expect, it } from 'vitest';
import { fromPython, iso, newYorkTimeOfDay, published, run, withoutNotes } from './captures.testkit.ts';

describe('CHART_EQUITY (live numbering)', () => {
  it('decodes the schwab-py sample (2024-05-16): seq 0 on the first bars after subscribing, field 1 the minute counted from 07:00 New York', () => {
    const { bars } = run(fromPython(published('schwab-py_2024-05-16_chart-equity.txt')));
    expect(bars).toEqual([
      { symbol: 'MSFT', seq: 0, minuteIndex: 779, time: 1715903940000, open: 421.65, high: 421.79, low: 421.65, close: 421.755, volume: 26, chartDay: 19859 },
      { symbol: 'GOOG', seq: 0, minuteIndex: 779, time: 1715903940000, open: 175.16, high: 175.21, low: 175.06, close: 175.06, volume: 145, chartDay: 19859 },
    ]);
    const bar = bars[0]!;
    expect(iso(bar.time)).toBe('2024-05-16T23:59:00.000Z'); // 19:59 EDT
    expect(newYorkTimeOfDay(bar.time)).toBe((7 * 60 + bar.minuteIndex) * 60_000);
    expect(new Date(bar.chartDay * 86_400_000).toISOString().slice(0, 10)).toBe('2024-05-16');
  });

  it('decodes the Schwabdev sample (2025-12-09) the same way, in standard time', () => {
    const { bars } = run(withoutNotes(published('schwabdev_2025-12-09_chart-equity.txt')));
    expect(bars).toEqual([{ symbol: 'AMD', seq: 202, minuteIndex: 425, time: 1765307100000, open: 221.133, high: 221.18, low: 221.02, close: 221.02, volume: 11730, chartDay: 20431 }]);
    const bar = bars[0]!;
    expect(iso(bar.time)).toBe('2025-12-09T19:05:00.000Z'); // 14:05 EST
    expect(newYorkTimeOfDay(bar.time)).toBe((7 * 60 + bar.minuteIndex) * 60_000);
    expect(new Date(bar.chartDay * 86_400_000).toISOString().slice(0, 10)).toBe('2025-12-09');
  });

  it('has field 3 as the highest and field 4 as the lowest price of every captured bar', () => {
    const { bars } = run(fromPython(published('schwab-py_2024-05-16_chart-equity.txt')), withoutNotes(published('schwabdev_2025-12-09_chart-equity.txt')));
    expect(bars).toHaveLength(3);
    for (const b of bars) {
      expect(b.high).toBe(Math.max(b.open, b.high, b.low, b.close));
      expect(b.low).toBe(Math.min(b.open, b.high, b.low, b.close));
    }
  });

  it('keeps a repeated bar within one connection out', () => {
    const frame = fromPython(published('schwab-py_2024-05-16_chart-equity.txt'));
    const { bars, p } = run(frame, frame);
    expect(bars.map((b) => b.symbol)).toEqual(['MSFT', 'GOOG']);
    expect(p.stats().duplicateBars).toBe(2);
  });
});
