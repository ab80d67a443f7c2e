// ui.book_frame and ui.book_frame_50: a book window (?window=book&symbol=…) in Chromium while its
// contract's book updates 20 times a second. ui.book_frame shows the live shape (one level a side,
// its touch opened to up to 16 venues, settings.book.levels left at its default); ui.book_frame_50
// shows 50 levels (settings.book.levels = 50). The simulator changes one contract's book only so
// often, so the market child streams a recording of that contract (OPTIONS_BOOK with venues, every
// change, plus its Level 1) paced to 20 books/s, received live by the real host. Frame work comes
// from a Chromium performance trace (trace.ts).
import type { Browser } from '@playwright/test';
import { startAppScenario } from './app-scenario.ts';
import { buildRenderer, launchChromium } from './browser.ts';
import { sig, sleep, type Figure } from './figure.ts';
import { DEEP_LEVELS, describeLevels, LIVE_LEVELS } from './inputs.ts';
import { describeTrace, traceFrames } from './trace.ts';

const BOOKS_PER_SECOND = 20;
const WARM_MS = 3000;
const WINDOW_MS = 8000;

/**
 * The book window on books of `levels` per side; `shown` is settings.book.levels (undefined: the
 * default the app ships with).
 */
function bookFrameFigure(name: string, levels: number, shown: number | undefined): Figure {
  return {
    name,
    unit: 'ms',
    target: 4,
    async run(ctx) {
      buildRenderer();
      const stream = await ctx.inputs.bookStream(levels);
      const rate = BOOKS_PER_SECOND / (stream.books / (stream.spanMs / 1000));
      const source = { name: `book-stream-${levels}`, frames: stream.frames, items: stream.items, spanMs: stream.spanMs, newFlows: 0 };
      const scenario = await startAppScenario(ctx.inputs, { rate, web: true, source, ...(shown ? { bookLevels: shown } : {}) });
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
        const rows = await page.locator('[data-testid=book-level]').count();
        const bidVenues = await page.locator('[data-testid=book-venues].side-bid [data-testid=book-venue]').count();
        const askVenues = await page.locator('[data-testid=book-venues].side-ask [data-testid=book-venue]').count();
        return {
          value: trace.wallP95,
          notes:
            `p95 main-thread work of the book window's painted frames (Chromium performance trace, as ui.feed_frame); ` +
            `${sig(received / trace.seconds)} book updates/s reached the window, ${sig(trace.frames / trace.seconds)} frames/s painted; ` +
            `${stream.symbol.replace(/\s+/g, ' ')}, ${rows} level rows and ${bidVenues} + ${askVenues} venue rows on screen (settings.book.levels = ` +
            `${shown ?? 'default'}); the simulator's ${stream.books} changes of that book in ${sig(stream.spanMs / 1000)} s ` +
            `(intensity max, OPTIONS_BOOK ${describeLevels(levels)}) paced at ${sig(rate)}x; ${describeTrace(trace)}`,
        };
      } finally {
        await browser?.close();
        await scenario.stop();
      }
    },
  };
}

/** The live shape: one level a side, the touch opened to its venues. */
export const uiBookFrame = bookFrameFigure('ui.book_frame', LIVE_LEVELS, undefined);
/** 50 levels a side, all of them shown. */
export const uiBookFrame50 = bookFrameFigure('ui.book_frame_50', DEEP_LEVELS, DEEP_LEVELS);
