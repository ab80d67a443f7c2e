import { describe, expect, it } from 'vitest';
import { validateRequest } from './validate.ts';
import { POSITIONING_MAX_RANGE_MS } from './positioning.ts';

const DAY = 86_400_000;

describe('positioning:get', () => {
  it('accepts the session on screen or a range, and hands the ticker on in its one form', () => {
    expect(validateRequest('positioning:get', { underlying: 'spy', scope: { kind: 'session' } }, 'feed')).toMatchObject({ ok: true, value: { underlying: 'SPY', scope: { kind: 'session' } } });
    expect(validateRequest('positioning:get', { underlying: 'QQQ', scope: { kind: 'range', from: 0, to: DAY } }, 'feed')).toMatchObject({ ok: true });
  });

  it('refuses a range that ends before it starts or is longer than a year, with the reason', () => {
    const backwards = validateRequest('positioning:get', { underlying: 'SPY', scope: { kind: 'range', from: DAY, to: DAY } }, 'feed');
    expect(backwards).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(backwards.ok ? '' : backwards.error.message).toMatch(/end after it starts/);
    const long = validateRequest('positioning:get', { underlying: 'SPY', scope: { kind: 'range', from: 0, to: POSITIONING_MAX_RANGE_MS + 1 } }, 'feed');
    expect(long.ok ? '' : long.error.message).toMatch(/at most 366 days/);
  });

  it('refuses unknown scopes, extra keys, a bad ticker and the book window', () => {
    for (const payload of [
      { underlying: 'SPY', scope: { kind: 'everything' } },
      { underlying: 'SPY', scope: { kind: 'session', sessionId: '1' } },
      { underlying: 'SPY', scope: { kind: 'session' }, extra: 1 },
      { underlying: 'not a ticker!', scope: { kind: 'session' } },
      { underlying: 'SPY', scope: { kind: 'range', from: -1, to: 5 } },
    ]) {
      expect(validateRequest('positioning:get', payload, 'feed'), JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(validateRequest('positioning:get', { underlying: 'SPY', scope: { kind: 'session' } }, 'book')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
