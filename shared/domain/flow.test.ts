import { describe, expect, it } from 'vitest';
import { sentimentOf } from './flow.ts';

describe('sentimentOf', () => {
  it('reads calls bought and puts sold as bullish', () => {
    expect(sentimentOf('C', 'BUY')).toBe('BULLISH');
    expect(sentimentOf('P', 'SELL')).toBe('BULLISH');
  });
  it('reads calls sold and puts bought as bearish', () => {
    expect(sentimentOf('C', 'SELL')).toBe('BEARISH');
    expect(sentimentOf('P', 'BUY')).toBe('BEARISH');
  });
  it('is neutral when the direction is unknown', () => {
    expect(sentimentOf('C', 'UNKNOWN')).toBe('NEUTRAL');
    expect(sentimentOf('P', 'UNKNOWN')).toBe('NEUTRAL');
  });
});
