// mem.growth: RSS growth per hour of the host process (main + ingest worker) and of Chromium's
// renderer showing the feed, at 5k messages/s. The issue's run is 10 minutes; by default this
// one is 3 (FATHOM_BENCH_MEM_MINUTES=60 for issue 19's hour-long soak) to keep `npm run bench` under 10
// minutes: samples every 5 s, the first third dropped as warm-up (caches, JIT, the feed filling),
// a least-squares line through the rest, its slope extrapolated to an hour.
import { startAppScenario } from './app-scenario.ts';
import type { HostMemoryDetail } from './host-child.ts';
import { buildRenderer, launchChromium, openFeed, rendererPids, rssOf } from './browser.ts';
import { linearFit, round, sig, sleep, type Figure } from './figure.ts';
import { describeRendererMemory, rendererMemory } from './renderer-memory.ts';

const MESSAGES_PER_SECOND = 5000;
const SAMPLE_MS = 5000;

interface Sample {
  t: number;
  host: number;
  renderer: number;
  heap: number;
  /** With FATHOM_BENCH_MEM_DETAIL=1: where the host's RSS is. */
  detail?: HostMemoryDetail;
}

/** The host's RSS split, MB: anonymous / file pages, main's and the worker's V8 heaps (committed / used), the rest of the anonymous pages. */
function describeHost(d: HostMemoryDetail): string {
  const mb = (x: number) => Math.round(x / 1e6);
  const heaps = d.main.committed + (d.worker?.committed ?? 0);
  return (
    `RSS ${mb(d.rss)} (anonymous ${mb(d.rssAnon)}, files ${mb(d.rssFile)}): main heap ${mb(d.main.committed)}/${mb(d.main.used)} ` +
    `(new space ${mb(d.main.newSpace)}, external ${mb(d.main.external)}, ArrayBuffers ${mb(d.main.arrayBuffers)}), worker heap ` +
    `${d.worker ? `${mb(d.worker.committed)}/${mb(d.worker.used)} (external ${mb(d.worker.external)})` : 'unknown'}, anonymous outside the heaps ${mb(d.rssAnon - heaps)} ` +
    `(V8's pages resident ${mb(d.v8Pages)} against the heaps' ${mb(heaps)} committed); CPU ${Math.round(d.cpuSeconds)} s`
  );
}

export const memGrowth: Figure = {
  name: 'mem.growth',
  unit: 'MB/h',
  target: { host: 50, renderer: 50 },
  async run(ctx) {
    const minutes = ctx.quick ? 0.3 : Number(process.env.FATHOM_BENCH_MEM_MINUTES ?? 3);
    buildRenderer();
    const scenario = await startAppScenario(ctx.inputs, { messagesPerSecond: MESSAGES_PER_SECOND, web: true });
    const browser = await launchChromium();
    try {
      const url = scenario.host.ready.url;
      if (!url) throw new Error('the host child served no web host');
      const page = await openFeed(browser, url);
      const cdp = await page.context().newCDPSession(page);
      const samples: Sample[] = [];
      const started = performance.now();
      const sent0 = await scenario.sent();
      const every = ctx.quick ? 1000 : SAMPLE_MS;
      const withDetail = process.env.FATHOM_BENCH_MEM_DETAIL === '1';
      while (performance.now() - started < minutes * 60_000) {
        const host = (await scenario.memory()).rss;
        const renderer = rendererPids().reduce((n, pid) => n + rssOf(pid), 0);
        const heap = ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
        const detail = withDetail ? ((await scenario.memoryDetail()) ?? undefined) : undefined;
        samples.push({ t: (performance.now() - started) / 1000, host, renderer, heap, ...(detail ? { detail } : {}) });
        await sleep(every);
      }
      const seconds = (performance.now() - started) / 1000;
      const snapshotPrefix = process.env.FATHOM_BENCH_MEM_SNAPSHOT;
      if (snapshotPrefix) await scenario.snapshot(snapshotPrefix);
      const frames = (await scenario.sent()) - sent0;
      const held = Number(await page.getAttribute('[data-testid=feed-window]', 'data-flow-count'));
      const breakdown = await rendererMemory(browser, page);
      const kept = samples.slice(Math.floor(samples.length / 3));
      const late = samples.slice(Math.floor((samples.length * 2) / 3));
      const perHour = (pick: (s: Sample) => number, from: readonly Sample[] = kept) => {
        const { slope } = linearFit(from.map((s) => s.t), from.map((s) => pick(s) / 1e6));
        return round(slope * 3600, 0);
      };
      const mb = (x: number | undefined) => sig((x ?? 0) / 1e6);
      const first = kept[0];
      const last = kept[kept.length - 1];
      return {
        value: { host: perHour((s) => s.host), renderer: perHour((s) => s.renderer) },
        notes:
          `${sig(minutes)}-minute run (FATHOM_BENCH_MEM_MINUTES=60 for the hour-long soak), RSS every ${every / 1000} s, first third dropped ` +
          `as warm-up, least-squares slope of the remaining ${kept.length} samples extrapolated to an hour; host child = AppCore main ` +
          `+ ingest worker (one process), renderer = Chromium renderer processes under this run; load: the recorded max-intensity ` +
          `session at ${sig(scenario.rate)}x = ${sig((frames / seconds) * scenario.itemsPerFrame)} messages/s live over deflate, ` +
          `the feed open; after warm-up host ${mb(first?.host)} -> ${mb(last?.host)} MB, renderer ${mb(first?.renderer)} -> ` +
          `${mb(last?.renderer)} MB, renderer JS heap ${mb(first?.heap)} -> ${mb(last?.heap)} MB (${perHour((s) => s.heap)} MB/h); ` +
          `the feed held ${held} flows at the end (a window holds at most 10,000 and pages older ones in from the store on scroll); slope over the last third only: host ` +
          `${perHour((s) => s.host, late)}, renderer ${perHour((s) => s.renderer, late)} MB/h; at the end, Chromium's own account: ` +
          `${describeRendererMemory(breakdown)}` +
          (last?.detail ? `; the host at the end: ${describeHost(last.detail)}` : '') +
          `. Bounded caches still filling dominate a short run: the ingest worker keeps at most ` +
          `5,000 recent flow rows over all contracts (src-main/ingest/recent-flows.ts) and the flow engine's held flows, the feed ` +
          `window 10,000 (src-renderer/feed/flow-store.ts WINDOW_FLOWS)`,
        detail: {
          samples: samples.map((s) => [Math.round(s.t), mb(s.host), mb(s.renderer), mb(s.heap)]),
          ...(withDetail ? { host: samples.map((s) => (s.detail ? `${Math.round(s.t)} s: ${describeHost(s.detail)}` : '')) } : {}),
        },
      };
    } finally {
      await browser.close();
      await scenario.stop();
    }
  },
};
