// Which stretch of the held history the heat map shows, and which layout the window takes. Live,
// the right edge follows the newest snapshot; paused or scrubbed, it stays where it was put while
// the history keeps filling. Market time throughout, so a replay shows what live showed.
import type { BookLayout } from '../../shared/domain/app-settings.ts';
import type { HeatLayout } from './heat-map-model.ts';

/** The newest snapshot is drawn this wide at the live edge (Schwab sends about one a second). */
export const LIVE_EDGE_MS = 1000;
/**
 * Live, the right edge moves in whole steps of this much market time: the newest snapshot sits one
 * to two seconds from it. Why: each move of the plot is a new transform of its tiles' strip
 * (heat-map-draw.ts), and Chromium layerizes the whole page for it (about 0.5 to 1 ms of a frame
 * in ui.book_window's traces: README.md, its row). Moving with every snapshot, at the demo's
 * busiest 22 a second, that made the heat map's frames among the window's dearest; Schwab sends
 * about one a second, so live the plot moved about once a second anyway.
 */
export const LIVE_STEP_MS = 1000;
export const HEAT_SPANS_MS: readonly number[] = [60_000, 120_000, 300_000];
export const DEFAULT_HEAT_SPAN_MS = 120_000;

export interface HeatView {
  /** Paused: the right edge stays at `end` while new snapshots are still collected. */
  paused: boolean;
  /** The right edge while paused (market time); null when live. */
  end: number | null;
  spanMs: number;
}

export const LIVE_VIEW: HeatView = { paused: false, end: null, spanMs: DEFAULT_HEAT_SPAN_MS };

/** What is held, in market time: the oldest and newest times of any column. */
export interface HeldSpan {
  oldest: number;
  newest: number;
}

/**
 * How far the right edge can be scrubbed: back to the oldest snapshot drawn one edge wide, up to
 * the live edge (the newest snapshot drawn one edge wide, rounded up to a whole LIVE_STEP_MS).
 * Not one span after the oldest: a history shorter than the span (a window just opened, a short
 * replay) must still pause where it was paused and scrub.
 */
export function scrubRange(held: HeldSpan, spanMs: number): { min: number; max: number } {
  const max = Math.ceil((held.newest + LIVE_EDGE_MS) / LIVE_STEP_MS) * LIVE_STEP_MS;
  return { min: Math.min(max, held.oldest + Math.min(spanMs, LIVE_EDGE_MS)), max };
}

export function heatWindow(view: HeatView, held: HeldSpan | null): { from: number; to: number } {
  if (!held) return { from: 0, to: view.spanMs };
  const range = scrubRange(held, view.spanMs);
  const to = view.paused && view.end !== null ? Math.min(range.max, Math.max(range.min, view.end)) : range.max;
  return { from: to - view.spanMs, to };
}

/** Pauses at the edge on screen now (a pause never jumps). */
export function pauseAt(view: HeatView, held: HeldSpan | null): HeatView {
  return { ...view, paused: true, end: heatWindow(view, held).to };
}

/** Moves a paused (or live, which pauses it) view's right edge by `ms` of market time. */
export function scrubBy(view: HeatView, held: HeldSpan | null, ms: number): HeatView {
  const to = heatWindow(view, held).to + ms;
  if (!held) return view;
  const range = scrubRange(held, view.spanMs);
  return { ...view, paused: true, end: Math.min(range.max, Math.max(range.min, to)) };
}

/**
 * The window's layout: the setting, or with `auto` the book's shape (one level a side, what
 * Schwab usually sends: the venues; anything deeper: the ladder). No book yet reads as one level.
 */
export function chooseLayout(setting: BookLayout, depth: { bid: number; ask: number } | null): 'venues' | 'ladder' {
  if (setting !== 'auto') return setting;
  return depth === null || (depth.bid <= 1 && depth.ask <= 1) ? 'venues' : 'ladder';
}

export function heatLayoutOf(layout: 'venues' | 'ladder'): HeatLayout {
  return layout === 'venues' ? 'venues' : 'levels';
}
