import { describe, expect, it } from 'vitest';
import { ownText, scanString } from './frame-text.ts';

describe('ownText', () => {
  it('gives the same text, short or long, whatever its characters', () => {
    const frame = `{"key":"SPY   261218C00600000","desc":"Δ hedged – long text beyond thirteen"}`;
    const keyEnd = scanString(frame, 7);
    expect(ownText(frame.slice(7, keyEnd))).toBe('"SPY   261218C00600000"');
    expect(ownText(frame.slice(7, 12))).toBe('"SPY ');
    expect(ownText(frame.slice(keyEnd + 8, frame.length - 1))).toBe('"Δ hedged – long text beyond thirteen"');
    expect(ownText('')).toBe('');
  });
});
