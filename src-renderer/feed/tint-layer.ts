// The arrival tints of the feed's rows on screen (a flow that just arrived, or grew), drawn as one
// background of the rows' box (row-pool.ts) instead of a fading layer in each row: those fades ran
// on the compositor, but each tinted row was a layer and an animation the main thread restyled and
// re-layered every frame (README.md, `ui.feed_frame`). One band per tinted row, in its colour,
// fading out over FADE_MS (ease-out, as the CSS fade did), repainted when the list renders and
// every FADE_STEP_MS between; the rows' own backgrounds (hover, selection) are translucent over it
// (feed.css).
import type { Flash } from './dom-cells.ts';

/** How long a tint takes to fade, ms (a little under grid-items.ts FLASH_MS, so it is gone when the row stops being marked). */
export const FADE_MS = 1400;

/** The tints at full strength (what the row's own tint layer was). */
const COLOURS: Record<Exclude<Flash, null>, [number, number, number, number]> = {
  new: [90, 160, 230, 0.16],
  grew: [227, 164, 75, 0.2],
};

export interface Tint {
  /** The row's index in the box (0 is its first row). */
  index: number;
  flash: Exclude<Flash, null>;
  /** When the row arrived or grew, on the frame clock. */
  since: number;
}

/** While a tint shows and no new rows come, how often it is repainted to fade on, ms. */
export const FADE_STEP_MS = 100;

export interface TintClock {
  now: () => number;
  /** Calls `paint` once after `ms` (setTimeout in the browser). */
  after: (ms: number, paint: () => void) => void;
}

const browserClock: TintClock = {
  now: () => performance.now(),
  after: (ms, paint) => void setTimeout(paint, ms),
};

/** How strong a tint is `age` ms after it began: 1 down to 0 over FADE_MS, ease-out. */
export function tintStrength(age: number): number {
  if (age <= 0) return 1;
  if (age >= FADE_MS) return 0;
  const left = 1 - age / FADE_MS;
  return left * left;
}

/** The box's background for these tints at `now`: one hard-edged band per tinted row, or '' when none shows. */
export function tintBackground(tints: readonly Tint[], now: number, rowHeight: number): string {
  const stops: string[] = [];
  for (const tint of tints) {
    // Rounded so a render that changes no band's colour writes nothing.
    const strength = Math.round(tintStrength(now - tint.since) * 16) / 16;
    if (strength <= 0) continue;
    const [r, g, b, a] = COLOURS[tint.flash];
    const colour = `rgba(${r}, ${g}, ${b}, ${Math.round(a * strength * 1000) / 1000})`;
    const top = tint.index * rowHeight;
    stops.push(`transparent ${top}px`, `${colour} ${top}px ${top + rowHeight}px`, `transparent ${top + rowHeight}px`);
  }
  return stops.length === 0 ? '' : `linear-gradient(${stops.join(', ')})`;
}

export class TintLayer {
  private readonly el: HTMLElement;
  private readonly rowHeight: number;
  private readonly clock: TintClock;
  private tints: readonly Tint[] = [];
  private written = '';
  private scheduled = false;

  constructor(el: HTMLElement, rowHeight: number, clock: TintClock = browserClock) {
    this.el = el;
    this.rowHeight = rowHeight;
    this.clock = clock;
  }

  /** The tinted rows now on screen, at a render of the list; between renders they fade on in steps of FADE_STEP_MS. */
  show(tints: readonly Tint[]): void {
    this.tints = tints;
    // The clock now, not the render's revision time: a render for a scroll comes later than that.
    this.paint(this.clock.now());
  }

  private readonly tick = (): void => {
    this.scheduled = false;
    this.paint(this.clock.now());
  };

  private paint(now: number): void {
    const background = tintBackground(this.tints, now, this.rowHeight);
    if (background !== this.written) {
      this.el.style.backgroundImage = background;
      this.written = background;
    }
    if (background !== '' && !this.scheduled) {
      this.scheduled = true;
      this.clock.after(FADE_STEP_MS, this.tick);
    }
  }
}
