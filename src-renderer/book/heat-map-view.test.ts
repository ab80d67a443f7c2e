import { describe, expect, it } from 'vitest';
import { chooseLayout, heatWindow, LIVE_EDGE_MS, LIVE_STEP_MS, LIVE_VIEW, pauseAt, scrubBy, scrubRange } from './heat-map-view.ts';

const held = { oldest: 1_000_000, newest: 1_400_000 };
const span = LIVE_VIEW.spanMs;

describe('heatWindow', () => {
  it('follows the newest snapshot live, drawing it one edge wide', () => {
    expect(heatWindow(LIVE_VIEW, held)).toEqual({ from: 1_400_000 + LIVE_EDGE_MS - span, to: 1_400_000 + LIVE_EDGE_MS });
    expect(heatWindow(LIVE_VIEW, { ...held, newest: 1_500_000 }).to).toBe(1_500_000 + LIVE_EDGE_MS);
  });

  it('moves live in whole steps, the newest snapshot always drawn one edge wide inside it', () => {
    const tos = [1_400_001, 1_400_250, 1_400_999, 1_401_000, 1_401_001].map((newest) => heatWindow(LIVE_VIEW, { ...held, newest }).to);
    expect(tos).toEqual([1_402_000, 1_402_000, 1_402_000, 1_402_000, 1_403_000]);
    for (const newest of [1_400_001, 1_400_999, 1_401_000]) {
      const { to } = heatWindow(LIVE_VIEW, { ...held, newest });
      expect(to % LIVE_STEP_MS).toBe(0);
      expect(to - newest).toBeGreaterThanOrEqual(LIVE_EDGE_MS);
      expect(to - newest).toBeLessThan(LIVE_EDGE_MS + LIVE_STEP_MS);
    }
    // A pause between steps holds where the view was, as it does on a step.
    const between = { ...held, newest: 1_400_400 };
    expect(heatWindow(pauseAt(LIVE_VIEW, between), { ...between, newest: 1_409_000 })).toEqual(heatWindow(LIVE_VIEW, between));
  });

  it('stays where it was paused while the history keeps growing', () => {
    const paused = pauseAt(LIVE_VIEW, held);
    expect(paused.paused).toBe(true);
    expect(heatWindow(paused, { ...held, newest: 1_500_000 })).toEqual(heatWindow(LIVE_VIEW, held));
  });

  it('scrubs within what is held, never past either end', () => {
    const back = scrubBy(LIVE_VIEW, held, -60_000);
    expect(back.paused).toBe(true);
    expect(heatWindow(back, held).to).toBe(1_400_000 + LIVE_EDGE_MS - 60_000);
    expect(heatWindow(scrubBy(back, held, -10_000_000), held).to).toBe(scrubRange(held, span).min);
    expect(heatWindow(scrubBy(back, held, 10_000_000), held).to).toBe(scrubRange(held, span).max);
  });

  it('pauses and scrubs a history shorter than the span: back to its oldest snapshot, and a pause holds as it grows', () => {
    const young = { oldest: 1_390_000, newest: 1_400_000 };
    expect(scrubRange(young, span)).toEqual({ min: 1_390_000 + LIVE_EDGE_MS, max: 1_400_000 + LIVE_EDGE_MS });
    const paused = pauseAt(LIVE_VIEW, young);
    expect(heatWindow(paused, { ...young, newest: 1_430_000 }).to).toBe(1_400_000 + LIVE_EDGE_MS);
    expect(heatWindow(scrubBy(paused, young, -5_000), young).to).toBe(1_395_000 + LIVE_EDGE_MS);
  });
});

describe('chooseLayout', () => {
  it('takes the venues for a one-level book and the ladder for a deeper one, unless set', () => {
    expect(chooseLayout('auto', { bid: 1, ask: 1 })).toBe('venues');
    expect(chooseLayout('auto', { bid: 1, ask: 0 })).toBe('venues');
    expect(chooseLayout('auto', null)).toBe('venues');
    expect(chooseLayout('auto', { bid: 5, ask: 4 })).toBe('ladder');
    expect(chooseLayout('ladder', { bid: 1, ask: 1 })).toBe('ladder');
    expect(chooseLayout('venues', { bid: 50, ask: 50 })).toBe('venues');
  });
});
