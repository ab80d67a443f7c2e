// ui.push_latency and ui.feed_frame: the real web host (host child) fed live by the market child,
// its feed open in Debian's Chromium. Paint times come from a probe inside the page
// (ui-probe.ts); frame work from a Chromium performance trace (trace.ts).
import type { Browser, Page } from '@playwright/test';
import { startAppScenario, type AppScenario } from './app-scenario.ts';
import { buildRenderer, launchChromium, openFeed } from './browser.ts';
import { quantile, round, sig, sleep, type BenchContext, type Figure } from './figure.ts';
import { describeTrace, traceFrames } from './trace.ts';
import { fetchEvidence, probeSource, STOP_PROBE, type ProbeResult } from './ui-probe.ts';

const WARM_MS = 4000;
const WINDOW_MS = 10_000;
const TRACE_MS = 3000;
const EVIDENCE_SAMPLE = 1500;

interface FeedRun {
  scenario: AppScenario;
  browser: Browser;
  page: Page;
  url: string;
}

/** Starts market, host and browser with the feed open and warmed up; stops them all after. */
async function withFeed<T>(ctx: BenchContext, load: { flowsPerSecond?: number; rate?: number }, use: (run: FeedRun) => Promise<T>): Promise<T> {
  buildRenderer();
  const scenario = await startAppScenario(ctx.inputs, { ...load, web: true });
  let browser: Browser | null = null;
  try {
    const url = scenario.host.ready.url;
    if (!url) throw new Error('the host child served no web host');
    browser = await launchChromium();
    const page = await openFeed(browser, url);
    await page.waitForSelector('[data-testid=flow-row]', { timeout: 60_000 });
    await sleep(ctx.quick ? 500 : WARM_MS);
    return await use({ scenario, browser, page, url });
  } finally {
    await browser?.close();
    await scenario.stop();
  }
}

export const uiPushLatency: Figure = {
  name: 'ui.push_latency',
  unit: 'ms',
  target: { p99: 50 },
  run: (ctx) =>
    withFeed(ctx, { flowsPerSecond: 2000 }, async ({ scenario, browser, page, url }) => {
      await page.evaluate(probeSource('[data-testid=flow-list]'));
      await sleep(ctx.quick ? 1000 : WINDOW_MS);
      const probe = (await page.evaluate(STOP_PROBE)) as ProbeResult;
      const trace = await traceFrames(browser, page, ctx.quick ? 500 : TRACE_MS);
      // First versions only: a row first painted at a later version would pair the wrong frame.
      const first = probe.painted.filter(([, , version]) => version === 1);
      const step = Math.max(1, Math.floor(first.length / EVIDENCE_SAMPLE));
      const sample = first.filter((_, i) => i % step === 0);
      const evidence = await fetchEvidence(url, sample.map(([id]) => id));
      const latencies: number[] = [];
      for (const [id, paintedAt] of sample) {
        const receivedAt = evidence.get(id)?.prints[0]?.receivedAt;
        if (receivedAt !== undefined) latencies.push(paintedAt - probe.clockOffset - receivedAt);
      }
      if (latencies.length === 0) throw new Error(`no painted flow could be paired with its evidence (${probe.painted.length} painted)`);
      return {
        value: { p50: round(quantile(latencies, 0.5), 1), p99: round(quantile(latencies, 0.99), 1) },
        notes:
          `host receive time of the frame carrying a flow's first print (evidence.prints[0].receivedAt, Date.now() in the ingest ` +
          `worker) to the first frame that painted its row (page probe: MutationObserver, then the task after the next rendering ` +
          `frame; the page's performance clock read against its Date.now(), the system clock the host stamps with: ` +
          `${round(probe.clockOffset, 1)} ms apart, +/- 1 ms); ${latencies.length} ` +
          `first-version rows of ${probe.painted.length} painted in ${sig(probe.seconds)} s; offered: the recorded max-intensity ` +
          `session at ${sig(scenario.rate)}x = ${sig(scenario.flowsPerSecond)} new flows/s, ${sig(scenario.messagesPerSecond)} ` +
          `messages/s over deflate; the feed took in ${sig(probe.added / probe.seconds)} new + ${sig(probe.updated / probe.seconds)} ` +
          `updated flows/s (the host drops pushes to a window more than 16 MB behind); ${describeTrace(trace)}`,
        detail: { p90: round(quantile(latencies, 0.9), 1), min: round(Math.min(...latencies), 1), max: round(Math.max(...latencies), 1) },
      };
    }),
};

export const uiFeedFrame: Figure = {
  name: 'ui.feed_frame',
  unit: 'ms',
  // Issue 19: half a 60 Hz frame, so the feed leaves the other half to the rest of the window.
  target: 8,
  run: (ctx) =>
    withFeed(ctx, { rate: 1 }, async ({ scenario, browser, page }) => {
      const held0 = Number(await page.getAttribute('[data-testid=feed-window]', 'data-flow-count'));
      const trace = await traceFrames(browser, page, ctx.quick ? 1000 : WINDOW_MS);
      const held1 = Number(await page.getAttribute('[data-testid=feed-window]', 'data-flow-count'));
      return {
        value: trace.wallP95,
        notes:
          `p95 main-thread work of the feed's painted frames (each renderer task that painted: rAF callbacks incl. React's commit, ` +
          `style, layout, paint, commit; Chromium performance trace, wall time) while the recorded max-intensity session streams in ` +
          `real time (${sig(scenario.messagesPerSecond)} messages/s, ${sig(scenario.flowsPerSecond)} new flows/s; the feed grew by ` +
          `${held1 - held0} flows); Chromium headless, software rendering (--disable-gpu), 1440x900; ${describeTrace(trace)}`,
      };
    }),
};
