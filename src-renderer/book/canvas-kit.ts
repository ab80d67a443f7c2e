// What the book's canvas panels (the venue montage, the ladders) share: the window's colours read
// from its CSS custom properties once, the fonts, sizing a canvas to its box at the device pixel
// ratio, and a redraw scheduled at most once per animation frame.
import type { CanvasSurface, Ctx2D } from './canvas-surface.ts';

/** The colours the canvases paint with, resolved from src-renderer/styles/base.css. */
export interface Palette {
  text: string;
  strong: string;
  dim: string;
  faint: string;
  line: string;
  lineStrong: string;
  raise: string;
  hover: string;
  bull: string;
  bear: string;
  warn: string;
  accent: string;
  font: string;
  mono: string;
}

const FALLBACK: Palette = {
  text: '#cfd6e0',
  strong: '#eef2f7',
  dim: '#7d8796',
  faint: '#4d5665',
  line: '#1e2530',
  lineStrong: '#2a3240',
  raise: '#1a202a',
  hover: '#141922',
  bull: '#3fb68b',
  bear: '#e5646e',
  warn: '#e3a44b',
  accent: '#5aa0e6',
  font: 'system-ui, sans-serif',
  mono: 'monospace',
};

const VARS: Readonly<Record<keyof Palette, string>> = {
  text: '--text',
  strong: '--text-strong',
  dim: '--dim',
  faint: '--faint',
  line: '--line',
  lineStrong: '--line-strong',
  raise: '--raise',
  hover: '--panel-2',
  bull: '--bull',
  bear: '--bear',
  warn: '--warn',
  accent: '--accent',
  font: '--font',
  mono: '--mono',
};

export function readPalette(el: Element): Palette {
  const style = getComputedStyle(el);
  const out = { ...FALLBACK };
  for (const key of Object.keys(VARS) as (keyof Palette)[]) {
    const value = style.getPropertyValue(VARS[key]).trim();
    if (value) out[key] = value;
  }
  return out;
}

/** `600 13px <mono>`. */
export function font(weight: number, px: number, family: string): string {
  return `${weight} ${px}px ${family}`;
}

/**
 * The font each context was last given through setFont. Reading ctx.font back builds the string
 * again, and giving a context the font it has parses it again: the montages and ladders did both
 * for every cell they drew.
 */
const fonts = new WeakMap<Ctx2D, string>();

/** Gives the context `f` (a CSS font) unless setFont already did since its canvas was sized. */
export function setFont(ctx: Ctx2D, f: string): void {
  if (fonts.get(ctx) === f) return;
  ctx.font = f;
  fonts.set(ctx, f);
}

/** Sizes the canvas's backing store to its CSS box at the device pixel ratio; returns the ratio. */
export function fitCanvas(surface: CanvasSurface, width: number, height: number): number {
  const dpr = window.devicePixelRatio || 1;
  // A canvas sized again starts from the default state: its font too.
  if (surface.resize(Math.max(1, Math.round(width * dpr)), Math.max(1, Math.round(height * dpr))) && surface.ctx) fonts.delete(surface.ctx);
  return dpr;
}

/**
 * Calls `draw` in the next animation frame, once however often it is asked before then, with the
 * frame's timestamp (the same for every callback of a frame).
 */
export function frameScheduler(draw: (frameTime: number) => void): { request: () => void; cancel: () => void } {
  let frame = 0;
  return {
    request: () => {
      if (frame === 0)
        frame = requestAnimationFrame((frameTime) => {
          frame = 0;
          draw(frameTime);
        });
    },
    cancel: () => {
      if (frame !== 0) cancelAnimationFrame(frame);
      frame = 0;
    },
  };
}

/**
 * Text widths by font, kept: the ladders and montages draw the same prices, sizes and names in
 * every frame, and measuring each again was a visible share of a frame.
 */
const widths = new Map<string, number>();
const WIDTHS_KEPT = 4000;

/** The width of `text` in the context's font, CSS pixels. */
export function textWidth(ctx: Ctx2D, text: string): number {
  const key = `${fonts.get(ctx) ?? ctx.font}\u0000${text}`;
  let w = widths.get(key);
  if (w === undefined) {
    if (widths.size >= WIDTHS_KEPT) widths.clear();
    w = ctx.measureText(text).width;
    widths.set(key, w);
  }
  return w;
}

/** Text cut with an ellipsis to fit `width` CSS pixels (the context's font). */
export function fitText(ctx: Ctx2D, text: string, width: number): string {
  if (width <= 0) return '';
  if (textWidth(ctx, text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && textWidth(ctx, `${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
