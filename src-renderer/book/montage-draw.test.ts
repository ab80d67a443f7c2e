import { describe, expect, it } from 'vitest';
import { montage } from '../../shared/analytics/venue-montage.ts';
import { hoverText, montageColumns, montageFrame, montageHit, montageRowTop, MONTAGE_ROW_H } from './montage-draw.ts';
import { T0, touchColumn } from './timeline.testkit.ts';

// ISEX on the touch from the start, PHLX joining at +1 s, CBOE leaving at +2 s.
const history = [
  touchColumn(T0, [1.2, { ISEX: 30, CBOE: 10 }], [1.3, { MIAX: 5 }]),
  touchColumn(T0 + 1000, [1.2, { ISEX: 30, CBOE: 10, PHLX: 20 }], [1.3, { MIAX: 5 }]),
  touchColumn(T0 + 2000, [1.2, { ISEX: 30, PHLX: 20 }], [1.3, { MIAX: 5 }]),
];
const rows = montage(history, 'bid', { now: T0 + 2000, sort: 'size' });

describe('montageFrame', () => {
  it('shows each venue with its size, share, time on the touch and mark, a venue that left last', () => {
    const frame = montageFrame('bid', rows, T0 + 2000, null, 1.2);
    expect(frame.total).toBe(50);
    expect(frame.count).toBe(2);
    expect(frame.lines.map((l) => [l.venue, l.name, l.sizeText, l.pct, l.since, l.mark])).toEqual([
      ['ISEX', 'ISE', '30', '60%', '2.0s', null],
      ['PHLX', 'PHLX', '20', '40%', '1.0s', 'joined'],
      ['CBOE', 'CBOE', '—', '', '', 'left'],
    ]);
    // Bars against the largest share; the venue that left has none.
    expect(frame.lines[0]?.bar).toBe(1);
    expect(frame.lines[1]?.bar).toBeCloseTo(0.667, 3);
    expect(frame.lines[2]?.gone).toBe(true);
    // A fresh mark at full strength.
    expect(frame.lines[1]?.markOpacity).toBe(1);
  });

  it('says "at least" for a venue on the touch in every snapshot read', () => {
    const frame = montageFrame('bid', rows, T0 + 2000, T0, 1.2);
    expect(frame.lines[0]?.since).toBe('≥2.0s');
  });
});

describe('montageHit', () => {
  const frame = montageFrame('bid', rows, T0 + 2000, null, 1.2);
  const width = 400;
  const cols = montageColumns(width);

  it('finds the row and the column under the pointer', () => {
    const y = montageRowTop(1) + MONTAGE_ROW_H / 2;
    expect(montageHit(frame, width, cols.name[0] + 2, y)).toMatchObject({ index: 1, column: 'name', line: { venue: 'PHLX' } });
    expect(montageHit(frame, width, cols.age[0] + 5, y)?.column).toBe('age');
    expect(montageHit(frame, width, cols.mark[0] + 5, y)?.column).toBe('mark');
    // The head, and below the last row: nothing.
    expect(montageHit(frame, width, 20, montageRowTop(0) - 3)).toBeNull();
    expect(montageHit(frame, width, 20, montageRowTop(3) + 2)).toBeNull();
  });

  it('tells the exchange and Schwab code on hover, and what a column means', () => {
    const y = montageRowTop(0) + 5;
    expect(hoverText(montageHit(frame, width, cols.name[0], y) ?? expect.fail('no hit'))).toBe('Nasdaq ISE (ISEX) · 30 contracts, 60% of the level');
    expect(hoverText(montageHit(frame, width, cols.since[0] + 3, y) ?? expect.fail('no hit'))).toBe('Nasdaq ISE (ISEX) · time on the touch without a gap: 2.0s');
    const left = montageHit(frame, width, cols.name[0], montageRowTop(2) + 5) ?? expect.fail('no hit');
    expect(hoverText(left)).toBe('Cboe Options Exchange (CBOE) · left the touch');
  });

  it('keeps the columns inside a narrow canvas and gives the share bar what is left', () => {
    expect(montageColumns(400).mark[1]).toBeLessThanOrEqual(400);
    expect(montageColumns(500).share[1] - montageColumns(500).share[0]).toBe(montageColumns(400).share[1] - montageColumns(400).share[0] + 100);
  });
});
