// ui.book_frame: a book window (?window=book&symbol=…) in Chromium showing 50 levels while its
// contract's book updates 20 times a second. The simulator changes one contract's book about 11
// times a second at most, so the market child streams a recording of that contract (OPTIONS_BOOK
// at 50 levels with venues, every change, plus its Level 1) paced to 20 books/s, received live by
// the real host. Frame work comes from a Chromium performance trace (trace.ts).
import type { Browser } from '@playwright/test';
import { startAppScenario } from './app-scenario.ts';
import { buildRenderer, launchChromium } from './browser.ts';
import { sig, sleep, type Figure } from './figure.ts';
import { describeTrace, traceFrames } from './trace.ts';

const LEVELS = 50;
const BOOKS_PER_SECOND = 20;
const WARM_MS = 3000;
const WINDOW_MS = 8000;

export const uiBookFrame: Figure = {
  name: 'ui.book_frame',
  unit: 'ms',
  target: 4,
  async run(ctx) {
    buildRenderer();
    const stream = await ctx.inputs.bookStream();
    const rate = BOOKS_PER_SECOND / (stream.books / (stream.spanMs / 1000));
    const source = { name: 'book-stream', frames: stream.frames, items: stream.items, spanMs: stream.spanMs, newFlows: 0 };
    const scenario = await startAppScenario(ctx.inputs, { rate, web: true, source, bookLevels: LEVELS });
    let browser: Browser | null = null;
    try {
      const url = scenario.host.ready.url;
      if (!url) throw new Error('the host child served no web host');
      browser = await launchChromium();
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.goto(`${url}&window=book&symbol=${encodeURIComponent(stream.symbol)}`);
      try {
        await page.waitForSelector('[data-testid=book-window] [data-testid=book-level]', { timeout: 60_000 });
      } catch {
        return { value: null, notes: `book window not built yet: no [data-testid=book-level] appeared in 60 s for ${stream.symbol}` };
      }
      await sleep(ctx.quick ? 500 : WARM_MS);
      // The book model's own test event counts the updates that reached the window.
      await page.evaluate(`(() => { window.__benchBooks = 0; window.__fathomTest?.on('book', () => window.__benchBooks++); return true; })()`);
      const trace = await traceFrames(browser, page, ctx.quick ? 1000 : WINDOW_MS);
      const received = Number(await page.evaluate('window.__benchBooks'));
      const levels = await page.locator('[data-testid=book-level]').count();
      return {
        value: trace.wallP95,
        notes:
          `p95 main-thread work of the book window's painted frames (Chromium performance trace, as ui.feed_frame); ` +
          `${sig(received / trace.seconds)} book updates/s reached the window, ${sig(trace.frames / trace.seconds)} frames/s painted; ` +
          `${stream.symbol.replace(/\s+/g, ' ')}, ${levels} level rows on screen (settings.book.levels = ${LEVELS}); the simulator's ` +
          `${stream.books} changes of that book in ${sig(stream.spanMs / 1000)} s (intensity max, 50 levels with venues) paced at ` +
          `${sig(rate)}x; ${describeTrace(trace)}`,
      };
    } finally {
      await browser?.close();
      await scenario.stop();
    }
  },
};
