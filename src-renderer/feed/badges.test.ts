import { describe, expect, it } from 'vitest';
import { confidenceMark, dteBadge, flagBadges, kindBadge, moneynessLabel, sentimentBadge, sideBadge } from './badges.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';

describe('badges', () => {
  it('names the kind, the side and the sentiment', () => {
    const row = flowRow({ kind: 'BLOCK', side: 'ABOVE_ASK', direction: 'BUY', sentiment: 'BULLISH' });
    expect(kindBadge(row)).toMatchObject({ label: 'BLOCK', tone: 'block' });
    expect(sideBadge(row)).toMatchObject({ label: 'AA', tone: 'buy' });
    expect(sentimentBadge(row)).toMatchObject({ label: 'BULL', tone: 'bull' });
    const sold = flowRow({ side: 'BELOW_BID', direction: 'SELL', sentiment: 'BEARISH', right: 'C' });
    expect(sideBadge(sold).label).toBe('BB');
    expect(sentimentBadge(sold).tone).toBe('bear');
  });

  it('explains a mid print by the rule that leaned it', () => {
    expect(sideBadge(flowRow({ side: 'MID', direction: 'BUY', sideRule: 'DEPTH' })).title).toContain('leaning buy by the depth rule');
    expect(sideBadge(flowRow({ side: 'MID', direction: 'UNKNOWN', sideRule: 'NONE' })).tone).toBe('mid');
  });

  it('says when no rule was confident enough to give a side', () => {
    const unknown = sideBadge(flowRow({ side: 'ASK', direction: 'UNKNOWN', sideRule: 'NONE', sentiment: 'NEUTRAL' }));
    expect(unknown).toMatchObject({ label: '?', tone: 'mid' });
    expect(unknown.title).toContain('Side unknown: printed at the ask');
    expect(sideBadge(flowRow({ side: 'MID', direction: 'UNKNOWN', sideRule: 'NONE', bid: null, ask: null })).title).toContain('with no usable quote');
  });

  it('marks a busted flow cancelled, first among the flags', () => {
    expect(flagBadges(flowRow({ cancelled: true, whale: true })).map((b) => b.label)).toEqual(['BUST', 'WHALE']);
    expect(flagBadges(flowRow({ cancelled: true }))[0]).toMatchObject({ key: 'cancelled', tone: 'hot' });
  });

  it('makes 0DTE stand out', () => {
    expect(dteBadge(flowRow({ dte: 0 }))).toMatchObject({ label: '0DTE', tone: 'hot' });
    expect(dteBadge(flowRow({ dte: 2 })).tone).toBe('warm');
    expect(dteBadge(flowRow({ dte: 30 }))).toMatchObject({ label: '30d', tone: 'plain' });
  });

  it('writes moneyness with the percent out of the money', () => {
    expect(moneynessLabel(flowRow({ moneyness: 'OTM', otmPercent: 2.44 }))).toBe('2.4% OTM');
    expect(moneynessLabel(flowRow({ moneyness: 'ITM', otmPercent: -1.06 }))).toBe('1.1% ITM');
    expect(moneynessLabel(flowRow({ moneyness: 'ATM', otmPercent: 0.2 }))).toBe('ATM');
    expect(moneynessLabel(flowRow({ moneyness: null, otmPercent: null }))).toBe('—');
  });

  it('lists the flags in a fixed order', () => {
    const row = flowRow({ whale: true, openingLikely: true, unusual: true, repeater: true, conflated: true, spreadLeg: true });
    expect(flagBadges(row).map((b) => b.label)).toEqual(['WHALE', 'OPEN', 'UNUS', 'REP', 'CONFL', 'LEG']);
    expect(flagBadges(flowRow())).toEqual([]);
  });

  it('marks confidence by the weaker of side and kind', () => {
    expect(confidenceMark(flowRow({ confidence: 0.95, kindConfidence: 0.85 })).level).toBe(3);
    expect(confidenceMark(flowRow({ confidence: 0.95, kindConfidence: 0.6 })).level).toBe(2);
    expect(confidenceMark(flowRow({ confidence: 0.4, kindConfidence: 0.9 })).level).toBe(1);
  });
});
