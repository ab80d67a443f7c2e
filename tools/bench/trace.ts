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
  args?: { name?: string };
}

export interface FrameTrace {
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
}

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', ...(process.env.FATHOM_BENCH_TRACE_DIR ? ['disabled-by-default-v8.cpu_profiler', 'disabled-by-default-devtools.timeline.invalidationTracking'] : [])];

export async function traceFrames(browser: Browser, page: Page, ms: number): Promise<FrameTrace> {
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
  return analyse(Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []));
}

export function analyse(events: readonly TraceEvent[]): FrameTrace {
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
  thread.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const start = thread[0]?.ts ?? 0;
  const end = Math.max(start, ...thread.map((e) => e.ts + (e.dur ?? 0)));
  const span = Math.max(1, end - start);
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; children: number }[] = [];
  const frames: { wall: number; cpu: number }[] = [];
  let busy = 0;
  let task: { e: TraceEvent; painted: boolean } | null = null;
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
      if (task?.painted) frames.push({ wall: (task.e.dur ?? 0) / 1000, cpu: (task.e.tdur ?? task.e.dur ?? 0) / 1000 });
      task = { e, painted: false };
      busy += e.dur ?? 0;
    }
    if (task && e.name === 'Paint') task.painted = true;
    stack.push({ e, end: e.ts + (e.dur ?? 0), children: 0 });
  }
  while (stack.length > 0) pop();
  if (task?.painted) frames.push({ wall: (task.e.dur ?? 0) / 1000, cpu: (task.e.tdur ?? task.e.dur ?? 0) / 1000 });
  const breakdown = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([name, t]): [string, number] => [name === 'RunTask' ? 'other in-task (uninstrumented)' : name, round(t / span, 3)]);
  const wall = frames.map((f) => f.wall);
  return {
    frames: frames.length,
    seconds: span / 1e6,
    wallP50: round(quantile(wall, 0.5), 2),
    wallP95: round(quantile(wall, 0.95), 2),
    cpuP95: round(quantile(frames.map((f) => f.cpu), 0.95), 2),
    busy: round(busy / span, 3),
    breakdown,
  };
}

export function describeTrace(t: FrameTrace): string {
  const parts = t.breakdown.map(([name, share]) => `${name} ${Math.round(share * 100)}%`).join(', ');
  return (
    `trace: ${t.frames} painted frames in ${round(t.seconds, 1)} s, frame work p50 ${t.wallP50} ms / p95 ${t.wallP95} ms wall, ` +
    `p95 ${t.cpuP95} ms thread CPU; renderer main thread busy ${Math.round(t.busy * 100)}% of the time, self time: ${parts}`
  );
}
