import { describe, expect, it } from 'vitest';
import { virtualWindow } from './virtual-window.ts';

describe('virtualWindow', () => {
  it('renders the visible rows and the overscan', () => {
    expect(virtualWindow(0, 220, 22, 100_000, 5)).toEqual({ first: 0, last: 15, offset: 0, totalHeight: 2_200_000 });
    expect(virtualWindow(2200, 220, 22, 100_000, 5)).toEqual({ first: 95, last: 115, offset: 2090, totalHeight: 2_200_000 });
  });

  it('clamps past the end and handles an empty list', () => {
    expect(virtualWindow(1e9, 220, 22, 30, 2)).toMatchObject({ first: 18, last: 30 });
    expect(virtualWindow(0, 220, 22, 0)).toEqual({ first: 0, last: 0, offset: 0, totalHeight: 0 });
  });
});
