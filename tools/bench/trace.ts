// Frame times from a Chromium performance trace (what DevTools' Performance panel records): on
// the page's renderer main thread, every task that painted is a frame; its duration is the
// frame's main-thread work (the app's rAF callbacks, React's commit, style, layout, paint,
// commit). Tasks carry wall and thread-CPU time: on a shared 2-core machine the difference is
// time the renderer waited for a core. Self time by event name says what the thread did.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { quantile, round } from './figure.ts';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { message?: string } };
}

/** The thread CPU of the page's own animation callbacks marked with console.timeStamp(`<prefix>…`). */
export interface MarkedWork {
  /** Painted frames whose callbacks carried a mark of `primary`. */
  frames: number;
  /** Per such frame, the marked callbacks' time summed, ms. */
  cpuP50: number;
  cpuP95: number;
  wallP95: number;
}

export interface FrameTrace {
  /** Frames counted: tasks that painted (and, with `commits`, tasks that committed without painting). */
  frames: number;
  seconds: number;
  /** Frame work, wall and thread CPU, ms. */
  wallP50: number;
  wallP95: number;
  cpuP95: number;
  /** Share of the window the main thread was busy (wall). */
  busy: number;
  /** Main-thread self time by event, as a share of the window, biggest first. */
  breakdown: [string, number][];
  /** With `marks`: the callbacks that carried them (trace.ts's MarkedWork). */
  marked: MarkedWork | null;
  /** With `commits`: the same figures over the frames that painted only, as counted without it. */
  paintedOnly: { frames: number; wallP95: number; cpuP95: number } | null;
}

export interface FrameOptions {
  /**
   * Count a task that committed to the compositor without painting as a frame too. A frame whose
   * only change is a canvas's pixels has no Paint on the main thread (the canvas goes to the
   * compositor as it is) but does run its callbacks and the commit; the book window paints its
   * canvases in frames of their own (src-renderer/book/frame-budget.ts), which counting painted
   * tasks alone would leave out.
   */
  commits?: boolean;
}

/**
 * Which animation callbacks to add up per frame: those during which the page called
 * console.timeStamp with one of `names`; a frame counts when one of them was `primary`.
 */
export interface MarkOptions {
  names: readonly string[];
  primary: string;
}

// A kept trace adds V8's samples (FATHOM_BENCH_TRACE_DIR); what invalidated style and layout only
// on request (FATHOM_BENCH_TRACE_INVALIDATIONS=1): tracking it slows every DOM write, which made
// the frames of a kept trace look heavier than the measured ones.
const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  ...(process.env.FATHOM_BENCH_TRACE_DIR ? ['disabled-by-default-v8.cpu_profiler'] : []),
  ...(process.env.FATHOM_BENCH_TRACE_INVALIDATIONS === '1' ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : []),
];

export async function traceFrames(browser: Browser, page: Page, ms: number, marks?: MarkOptions, options: FrameOptions = {}): Promise<FrameTrace> {
  await browser.startTracing(page, { categories: CATEGORIES });
  await new Promise((resolve) => setTimeout(resolve, ms));
  const buffer = await browser.stopTracing();
  // FATHOM_BENCH_TRACE_DIR keeps the raw trace (with V8's samples) for a closer look in DevTools.
  const dir = process.env.FATHOM_BENCH_TRACE_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `trace-${Date.now()}.json`), buffer);
  }
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return analyse(Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []), marks, options);
}

export function analyse(events: readonly TraceEvent[], marks?: MarkOptions, options: FrameOptions = {}): FrameTrace {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !mains.has(key)) continue;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push(e);
  }
  // The page's renderer is the busiest one (a spare renderer idles).
  const thread = [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
  const threadKey = thread[0] ? `${thread[0].pid}:${thread[0].tid}` : '';
  // console.timeStamp marks on that thread, by time.
  const stamps = marks
    ? events
        .filter((e) => e.name === 'TimeStamp' && `${e.pid}:${e.tid}` === threadKey && marks.names.includes(e.args?.data?.message ?? ''))
        .map((e) => ({ ts: e.ts, message: e.args?.data?.message ?? '' }))
        .sort((a, b) => a.ts - b.ts)
    : [];
  const stampsIn = (e: TraceEvent): string[] => {
    let lo = 0;
    let hi = stamps.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((stamps[mid]?.ts ?? 0) < e.ts) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < stamps.length && (stamps[i]?.ts ?? 0) <= e.ts + (e.dur ?? 0); i++) out.push(stamps[i]?.message ?? '');
    return out;
  };
  thread.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const start = thread[0]?.ts ?? 0;
  const end = Math.max(start, ...thread.map((e) => e.ts + (e.dur ?? 0)));
  const span = Math.max(1, end - start);
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; children: number }[] = [];
  const frames: { wall: number; cpu: number; painted: boolean }[] = [];
  const markedFrames: { wall: number; cpu: number }[] = [];
  let busy = 0;
  let task: { e: TraceEvent; painted: boolean; committed: boolean; marked: { wall: number; cpu: number; primary: boolean } } | null = null;
  const close = (): void => {
    if (!task || !(task.painted || (options.commits && task.committed))) return;
    frames.push({ wall: (task.e.dur ?? 0) / 1000, cpu: (task.e.tdur ?? task.e.dur ?? 0) / 1000, painted: task.painted });
    if (task.marked.primary) markedFrames.push({ wall: task.marked.wall / 1000, cpu: task.marked.cpu / 1000 });
  };
  const pop = () => {
    const top = stack.pop();
    if (!top) return;
    self.set(top.e.name, (self.get(top.e.name) ?? 0) + Math.max(0, (top.e.dur ?? 0) - top.children));
  };
  for (const e of thread) {
    while (stack.length > 0 && (stack[stack.length - 1] as { end: number }).end <= e.ts) pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children += e.dur ?? 0;
    else {
      close();
      task = { e, painted: false, committed: false, marked: { wall: 0, cpu: 0, primary: false } };
      busy += e.dur ?? 0;
    }
    if (task && e.name === 'Paint') task.painted = true;
    if (task && e.name === 'Commit') task.committed = true;
    if (task && marks && e.name === 'FireAnimationFrame') {
      const found = stampsIn(e);
      if (found.length > 0) {
        task.marked.wall += e.dur ?? 0;
        task.marked.cpu += e.tdur ?? e.dur ?? 0;
        if (found.includes(marks.primary)) task.marked.primary = true;
      }
    }
    stack.push({ e, end: e.ts + (e.dur ?? 0), children: 0 });
  }
  while (stack.length > 0) pop();
  close();
  const breakdown = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, t]): [string, number] => [name === 'RunTask' ? 'other in-task (uninstrumented)' : name, round(t / span, 3)]);
  const wall = frames.map((f) => f.wall);
  const painted = frames.filter((f) => f.painted);
  return {
    frames: frames.length,
    seconds: span / 1e6,
    wallP50: round(quantile(wall, 0.5), 2),
    wallP95: round(quantile(wall, 0.95), 2),
    cpuP95: round(quantile(frames.map((f) => f.cpu), 0.95), 2),
    busy: round(busy / span, 3),
    breakdown,
    marked:
      marks && markedFrames.length > 0
        ? {
            frames: markedFrames.length,
            cpuP50: round(quantile(markedFrames.map((f) => f.cpu), 0.5), 2),
            cpuP95: round(quantile(markedFrames.map((f) => f.cpu), 0.95), 2),
            wallP95: round(quantile(markedFrames.map((f) => f.wall), 0.95), 2),
          }
        : null,
    paintedOnly: options.commits
      ? { frames: painted.length, wallP95: round(quantile(painted.map((f) => f.wall), 0.95), 2), cpuP95: round(quantile(painted.map((f) => f.cpu), 0.95), 2) }
      : null,
  };
}

export function describeTrace(t: FrameTrace): string {
  const parts = t.breakdown.map(([name, share]) => `${name} ${Math.round(share * 100)}%`).join(', ');
  return (
    `trace: ${t.frames} painted frames in ${round(t.seconds, 1)} s, frame work p50 ${t.wallP50} ms / p95 ${t.wallP95} ms wall, ` +
    `p95 ${t.cpuP95} ms thread CPU; renderer main thread busy ${Math.round(t.busy * 100)}% of the time, self time: ${parts}`
  );
}
