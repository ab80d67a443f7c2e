// The book window's own script time per painted frame: what its canvases' draw calls took, summed
// over the frame they ran in (every requestAnimationFrame callback of a frame is given the same
// timestamp). The bench reads it (tools/bench/ui-book.ts) beside the whole frame from Chromium's
// trace, which adds style, layout, paint and the compositor's commit to it.

/** The parts measured: the heat map, the two venue montages, the touch metrics' sparklines. */
export type DrawPart = 'heatmap' | 'montage' | 'metrics';

/** Frames kept: about ten seconds at 20 to 30 painted frames a second. */
const FRAMES_KEPT = 300;

export type FrameCost = Record<DrawPart, number>;

/**
 * Marks the start of a part's draw in a performance trace (DevTools' timeline records it; outside
 * a trace it is nothing), so the bench can read the thread CPU of the callback that drew it.
 */
export function markDraw(part: DrawPart): void {
  console.timeStamp(`fathom:draw:${part}`);
}

/**
 * Marks a write of the figures' text (reading-clock.ts) the same way; nothing where there is no
 * timeline (Node's console has no timeStamp).
 */
export function markReading(): void {
  const mark = (console as Partial<Pick<Console, 'timeStamp'>>).timeStamp;
  mark?.call(console, 'fathom:draw:reading');
}

export class DrawCosts {
  private frame: number | null = null;
  private current: FrameCost = { heatmap: 0, montage: 0, metrics: 0 };
  private readonly kept: FrameCost[] = [];
  /** Frames closed since the window opened. */
  private closed = 0;

  /** Adds `ms` of `part` to the frame whose animation callbacks run at `frameTime`. */
  add(frameTime: number, part: DrawPart, ms: number): void {
    if (frameTime !== this.frame) {
      this.close();
      this.frame = frameTime;
    }
    this.current[part] += ms;
  }

  /** The last frames measured (the open one not yet), oldest first, and how many have been. */
  read(): { closed: number; frames: FrameCost[] } {
    return { closed: this.closed, frames: [...this.kept] };
  }

  private close(): void {
    if (this.frame === null) return;
    this.kept.push(this.current);
    this.closed++;
    if (this.kept.length > FRAMES_KEPT) this.kept.shift();
    this.current = { heatmap: 0, montage: 0, metrics: 0 };
  }
}
