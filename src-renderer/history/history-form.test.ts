import { describe, expect, it } from 'vitest';
import { SAVED_SEARCHES } from '../../shared/domain/history-search.ts';
import { historyQuerySchema } from '../../shared/ipc/history.ts';
import { etToEpoch } from '../../shared/time/eastern.ts';
import { EMPTY_FORM, formOf, queryOf, type HistoryForm } from './history-form.ts';

const form = (patch: Partial<HistoryForm>): HistoryForm => ({ ...EMPTY_FORM, ...patch });

describe('the history search form', () => {
  it('an empty form searches everything', () => {
    expect(queryOf(form({}))).toEqual({ ok: true, query: {} });
  });

  it('reads every criterion as a trader types it, into a query the contract accepts', () => {
    const result = queryOf(
      form({
        underlyings: 'spy, QQQ spy',
        contract: 'SPY_121826C600',
        strikeMin: '580',
        strikeMax: '620.5',
        expiryFrom: '2026-12-01',
        expiryTo: '2026-12-31',
        rights: ['C'],
        kinds: ['SWEEP'],
        sides: ['ASK', 'ABOVE_ASK'],
        minPremium: '250k',
        maxPremium: '$1.5m',
        sentiments: ['BULLISH'],
        strategies: ['VERTICAL', 'STRADDLE'],
        dateFrom: '2026-03-02',
        dateTo: '2026-03-06',
        repeat: { direction: 'SELL', minDays: '4' },
      }),
    );
    const query = {
      underlyings: ['SPY', 'QQQ'],
      contract: 'SPY   261218C00600000',
      strikeMin: 580,
      strikeMax: 620.5,
      expiryFrom: '2026-12-01',
      expiryTo: '2026-12-31',
      rights: ['C'],
      kinds: ['SWEEP'],
      sides: ['ASK', 'ABOVE_ASK'],
      minPremium: 250_000,
      maxPremium: 1_500_000,
      sentiments: ['BULLISH'],
      strategies: ['VERTICAL', 'STRADDLE'],
      // ET days, both whole: from the first midnight to the midnight after the last day.
      from: etToEpoch(2026, 3, 2),
      to: etToEpoch(2026, 3, 7),
      repeat: { direction: 'SELL', minDays: 4 },
    };
    expect(result).toEqual({ ok: true, query });
    expect(historyQuerySchema.parse(query)).toEqual(query);
  });

  it('the last day of a range is whole across a clock change (a 23-hour day)', () => {
    const result = queryOf(form({ dateFrom: '2026-03-08', dateTo: '2026-03-08' }));
    expect(result).toEqual({ ok: true, query: { from: etToEpoch(2026, 3, 8), to: etToEpoch(2026, 3, 9) } });
    if (result.ok) expect(((result.query.to as number) - (result.query.from as number)) / 3_600_000).toBe(23);
  });

  it('names each field it cannot read, and searches nothing', () => {
    const result = queryOf(form({ underlyings: 'SPY, 12$', contract: 'SPY 99', strikeMin: '-5', minPremium: 'lots', dateTo: '2026-02-30', repeat: { direction: 'BUY', minDays: '1' } }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['contract', 'dateTo', 'minPremium', 'repeat', 'strikeMin', 'underlyings']);
    expect(result.errors.minPremium).toBe('lots is not a premium (try 250k or 1.5m)');
    expect(result.errors.dateTo).toContain('no day 30 in');
  });

  it('the repeat-buyers saved search fills in the repeat criterion and reads back as its query', () => {
    const saved = SAVED_SEARCHES.find((s) => s.id === 'repeat-buyers');
    if (!saved) throw new Error('no repeat-buyers saved search');
    expect(formOf(saved).repeat).toEqual({ direction: 'BUY', minDays: '3' });
    expect(queryOf(formOf(saved))).toEqual({ ok: true, query: saved.query });
  });
});
