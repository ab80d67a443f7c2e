// Issue 19: the feed under the demo's full load. The simulator runs at the highest intensity its
// flag takes, far more flows a second than a real session, and the feed must keep showing the
// newest: each time it takes in flows, the first row on screen printed less than a second before
// the page's market clock (the `market-clock` test hook: the latest first print of any flow the
// window has been sent, shown or not). It takes every batch of a frame at once and keeps only the
// newest version of each flow (src-renderer/feed/flow-intake.ts), so it cannot fall behind what
// it receives by queueing. Waits on the feed's own events, never on time. (Against the wall clock
// the age also holds the simulator's one-second conflation and the host's own lag on a loaded
// machine; `npm run bench -- ui.push_latency` measures that end to end.)
import { expect, feedRoot, test } from './fixtures.ts';

/** `fathom serve --intensity` takes 0.01 to 1000 (src-main/cli/serve.ts). */
const MAX_INTENSITY = 1000;
/** Frames that took in flows, sampled while the stream floods the window. */
const SAMPLES = 60;

test.use({ hostOptions: { intensity: MAX_INTENSITY, name: 'full-load' } });

interface Sample {
  /** The page's market clock minus the first print time of the newest row painted. */
  age: number;
  /** New flows and newer versions this frame took in, and versions it dropped for newer ones. */
  added: number;
  updated: number;
  superseded: number;
  /** How long the oldest batch of the frame waited for it (ms). */
  lagMs: number;
}

test('at the demo\'s full load the feed keeps showing the newest flows, less than a second old', async ({ feed }) => {
  test.setTimeout(180_000);
  const root = feedRoot(feed);
  await expect(root).toHaveAttribute('data-connection', 'live');
  await expect(feed.getByTestId('flow-row').first()).toBeVisible({ timeout: 60_000 });
  // Flooded: wait until the window holds a few thousand flows, so the backlog is behind it.
  await expect.poll(async () => Number(await root.getAttribute('data-flow-count')), { timeout: 90_000 }).toBeGreaterThan(3000);

  const samples = await feed.evaluate(
    (count) =>
      new Promise<Sample[]>((resolve) => {
        // The page's own globals, typed here (this file is compiled without the DOM's types).
        interface Row {
          dataset: { time?: string };
        }
        const page = globalThis as unknown as {
          __fathomTest: { on(name: string, l: (e: { detail: Record<string, number> }) => void): () => void; read(name: string): unknown };
          requestAnimationFrame(callback: () => void): number;
          document: { querySelector(selector: string): Row | null };
        };
        const hooks = page.__fathomTest;
        const out: Sample[] = [];
        const off = hooks.on('flows', (event) => {
          const { added = 0, updated = 0, superseded = 0, lagMs = 0 } = event.detail;
          const clock = Number(hooks.read('market-clock'));
          // The frame that took them in renders them before the next one starts.
          page.requestAnimationFrame(() => {
            const newest = page.document.querySelector('[data-testid=flow-list] [data-testid=flow-row]');
            if (!newest || out.length >= count) return;
            out.push({ age: clock - Number(newest.dataset.time), added, updated, superseded, lagMs });
            if (out.length === count) {
              off();
              resolve(out);
            }
          });
        });
      }),
    SAMPLES,
  );

  const took = samples.reduce((sum, s) => sum + s.added + s.updated, 0);
  // It was flooded: far more flows than rows on screen came in while it was sampled.
  expect(took).toBeGreaterThan(SAMPLES * 5);
  const ages = samples.map((s) => s.age);
  expect(Math.max(...ages), `newest-row ages (ms): ${ages.join(', ')}`).toBeLessThan(1000);
  // Still following the stream: the rows on screen are a screenful, newest first.
  const times = await feed.getByTestId('flow-row').evaluateAll((rows) => rows.map((r) => Number((r as unknown as { dataset: { time?: string } }).dataset.time)));
  expect([...times].sort((a, b) => b - a)).toEqual(times);
});
