// @vitest-environment happy-dom
// The arrival tints as bands of one background (tint-layer.ts): where each band is, its colour
// as it fades, and that the layer keeps repainting on its own only while a tint still shows.
import { describe, expect, it } from 'vitest';
import { FADE_MS, TintLayer, tintBackground, tintStrength } from './tint-layer.ts';

describe('tintStrength', () => {
  it('fades from full to nothing over FADE_MS, faster at first (ease-out)', () => {
    expect(tintStrength(0)).toBe(1);
    expect(tintStrength(FADE_MS / 2)).toBeCloseTo(0.25);
    expect(tintStrength(FADE_MS)).toBe(0);
    expect(tintStrength(FADE_MS * 2)).toBe(0);
  });
});

describe('tintBackground', () => {
  it('draws one band per tinted row, in its colour, at its strength', () => {
    const background = tintBackground(
      [
        { index: 0, flash: 'new', since: 1000 },
        { index: 3, flash: 'grew', since: 1000 - FADE_MS / 2 },
      ],
      1000,
      24,
    );
    expect(background).toBe(
      'linear-gradient(transparent 0px, rgba(90, 160, 230, 0.16) 0px 24px, transparent 24px, ' +
        'transparent 72px, rgba(227, 164, 75, 0.05) 72px 96px, transparent 96px)',
    );
  });

  it('is empty when every tint has faded', () => {
    expect(tintBackground([{ index: 2, flash: 'new', since: 0 }], FADE_MS, 24)).toBe('');
  });
});

describe('TintLayer', () => {
  it('repaints in steps while a tint shows and no render comes, then clears the background and stops', () => {
    const el = document.createElement('div');
    let now = 0;
    let step: (() => void) | null = null;
    const layer = new TintLayer(el, 24, { now: () => now, after: (_ms, paint) => (step = paint) });
    layer.show([{ index: 1, flash: 'new', since: 0 }]);
    expect(el.style.backgroundImage).toContain('24px 48px');
    const first = el.style.backgroundImage;
    now = FADE_MS / 2;
    const next = step as (() => void) | null;
    step = null;
    next?.();
    expect(el.style.backgroundImage).not.toBe(first);
    expect(step).not.toBeNull();
    now = FADE_MS;
    (step as unknown as () => void)();
    expect(el.style.backgroundImage).toBe('');
  });
});
