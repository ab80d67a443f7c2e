import { describe, expect, it } from 'vitest';
import { DEFAULT_VOLATILITY_SETTINGS } from '../../shared/domain/volatility.ts';
import { IV_FIELDS, parseIvHistory } from './iv-history-form.ts';
import { toDraft } from './settings-form.ts';

describe('the IV history settings form', () => {
  it('shows the period in seconds and reads it back in ms', () => {
    const draft = toDraft(DEFAULT_VOLATILITY_SETTINGS, IV_FIELDS);
    expect(draft).toEqual({ windowDays: '252', minDays: '20', sampleEveryMs: '60' });
    expect(parseIvHistory({ ...draft, sampleEveryMs: '30', minDays: '10' })).toEqual({ ok: true, value: { windowDays: 252, minDays: 10, sampleEveryMs: 30_000 } });
  });

  it('says which field is wrong', () => {
    expect(parseIvHistory({ windowDays: '252', minDays: '1', sampleEveryMs: '60' })).toMatchObject({ ok: false, errors: { minDays: expect.any(String) } });
    expect(parseIvHistory({ windowDays: 'x', minDays: '20', sampleEveryMs: '60' })).toEqual({ ok: false, errors: { windowDays: 'a number, please' } });
  });
});
