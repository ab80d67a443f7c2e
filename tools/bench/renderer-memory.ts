// Where a window's renderer memory goes, as Chromium itself accounts it (the memory-infra dump
// that chrome://tracing's memory view reads): per allocator (V8's heaps, Blink's garbage-collected
// heap, PartitionAlloc, malloc, the compositor, Skia, shared memory) for the page's renderer
// process, beside the process's private footprint and RSS. RSS alone counts the shared library
// pages every Chromium process maps, so a sum over processes counts them several times.
import type { Browser, Page } from '@playwright/test';
import { rssOf } from './browser.ts';

interface DumpEvent {
  ph: string;
  pid: number;
  name?: string;
  args?: {
    dumps?: {
      allocators?: Record<string, { attrs?: Record<string, { value?: string }> }>;
      process_totals?: Record<string, string>;
    };
  };
}

export interface RendererMemory {
  pid: number;
  /** Private footprint, bytes (what Chrome's task manager shows as memory footprint). */
  footprint: number;
  rss: number;
  /** Top-level allocators, bytes, biggest first. */
  allocators: [string, number][];
}

const TOP_LEVEL = ['v8', 'blink_gc', 'partition_alloc', 'malloc', 'cc', 'skia', 'gpu', 'shared_memory', 'discardable', 'font_caches', 'web_cache', 'sqlite', 'tracing'];

const hex = (value: string | undefined) => (value ? Number.parseInt(value, 16) : 0);

/** A detailed memory dump of every process; the renderer with the biggest footprint is the page's. */
export async function rendererMemory(browser: Browser, page: Page): Promise<RendererMemory | null> {
  await browser.startTracing(page, { categories: ['disabled-by-default-memory-infra'] });
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { success } = (await cdp.send('Tracing.requestMemoryDump', { deterministic: true, levelOfDetail: 'detailed' })) as { success: boolean };
    if (!success) return null;
  } finally {
    await cdp.detach();
  }
  const buffer = await browser.stopTracing();
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: DumpEvent[] } | DumpEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const byPid = new Map<number, RendererMemory>();
  for (const event of events) {
    const dumps = event.ph === 'v' ? event.args?.dumps : undefined;
    if (!dumps) continue;
    const entry = byPid.get(event.pid) ?? { pid: event.pid, footprint: 0, rss: 0, allocators: [] };
    if (dumps.process_totals) {
      entry.footprint = hex(dumps.process_totals.private_footprint_bytes);
      entry.rss = hex(dumps.process_totals.resident_set_bytes);
    }
    const allocators = dumps.allocators ?? {};
    const sizes = TOP_LEVEL.map((name): [string, number] => [name, hex(allocators[name]?.attrs?.size?.value)]).filter(([, size]) => size > 0);
    if (sizes.length > 0) entry.allocators = sizes.sort((a, b) => b[1] - a[1]);
    byPid.set(event.pid, entry);
  }
  const renderers = [...byPid.values()].filter((m) => m.allocators.some(([name]) => name === 'blink_gc'));
  const shown = renderers.sort((a, b) => b.footprint - a.footprint)[0];
  if (!shown) return null;
  // Headless Chromium may leave the resident set out of its totals: read it from the system.
  if (shown.rss === 0) shown.rss = rssOf(shown.pid);
  return shown;
}

/** "footprint 412 MB (RSS 590): v8 120, partition_alloc 90, ..." for a figure's notes. */
export function describeRendererMemory(memory: RendererMemory | null): string {
  if (!memory) return 'Chromium gave no memory dump';
  const mb = (bytes: number) => Math.round(bytes / 1e6);
  return `page renderer footprint ${mb(memory.footprint)} MB (RSS ${mb(memory.rss)} MB): ${memory.allocators.map(([name, size]) => `${name} ${mb(size)}`).join(', ')} MB`;
}
