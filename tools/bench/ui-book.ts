// ui.book_frame, ui.book_window and ui.book_frame_50: a book window (?window=book&symbol=…) in
// Chromium while its contract's book updates 20 times a second. ui.book_frame shows the live shape
// (one level a side split over up to 16 venues: the venue montage, the heat map, the metrics and
// the book events) a few seconds after it opened; ui.book_window the same window once its heat
// map holds minutes of history (the frame the issue budgets: the heat map of 16 venues over
// minutes and the montage, at the highest venue churn the demo has); ui.book_frame_50 shows 50
// levels (settings.book.levels = 50, the ladder layout); ui.book_draw is ui.book_window's frame
// told as the script time of the heat map's and montage's draw calls alone (measured in the page).
// The simulator changes one contract's book only so
// often, so the market child streams a recording of that contract (OPTIONS_BOOK with venues, every
// change, plus its Level 1) paced to 20 books/s, received live by the real host. Frame work comes
// from a Chromium performance trace (trace.ts).
import type { Browser } from '@playwright/test';
import { startAppScenario } from './app-scenario.ts';
import { buildRenderer, launchChromium } from './browser.ts';
import { quantile, round, sig, sleep, type Figure } from './figure.ts';
import { DEEP_LEVELS, describeLevels, LIVE_LEVELS } from './inputs.ts';
import { describeTrace, traceFrames } from './trace.ts';

const BOOKS_PER_SECOND = 20;
const WARM_MS = 3000;
const WINDOW_MS = 8000;
/** ui.book_window waits until the window holds this many snapshots (or this long at most). */
const HISTORY_COLUMNS = 600;
const HISTORY_WAIT_MS = 90_000;

interface BookFigureOptions {
  /** settings.book.levels; undefined: the default the app ships with. */
  shown?: number;
  /** Wait until the heat map's history is full before measuring. */
  history?: boolean;
  /**
   * The figure's value: `frame`, the whole main-thread frame from the trace; `draw`, the script
   * time of the heat map's and the montage's draw calls in a frame (measured in the page).
   */
  value?: 'frame' | 'draw';
}

/**
 * The heat map's and the montages' animation callbacks, marked by the page when they draw
 * (markDraw in src-renderer/book/draw-costs.ts); a frame counts when it drew the heat map.
 */
const DRAW_MARKS = { names: ['fathom:draw:heatmap', 'fathom:draw:montage'], primary: 'fathom:draw:heatmap' } as const;

/** The window's draw time per frame, by part (src-renderer/book/draw-costs.ts). */
interface DrawCostsRead {
  closed: number;
  frames: { heatmap: number; montage: number; metrics: number }[];
}

interface DrawFigures {
  /** Frames that drew a snapshot on the heat map. */
  frames: number;
  /** Heat map and montage, ms per frame. */
  p50: number;
  p95: number;
  heatP95: number;
  montageP95: number;
  /** With the touch metrics' sparklines too. */
  allP95: number;
}

/** The draw costs of the frames closed since `before`, those that drew a snapshot's heat map. */
function drawFigures(before: DrawCostsRead | null, after: DrawCostsRead | null): DrawFigures | null {
  if (!after) return null;
  const n = after.closed - (before?.closed ?? 0);
  const frames = after.frames.slice(Math.max(0, after.frames.length - n)).filter((f) => f.heatmap > 0);
  if (frames.length === 0) return null;
  const drawn = frames.map((f) => f.heatmap + f.montage);
  return {
    frames: frames.length,
    p50: round(quantile(drawn, 0.5), 2),
    p95: round(quantile(drawn, 0.95), 2),
    heatP95: round(quantile(frames.map((f) => f.heatmap), 0.95), 2),
    montageP95: round(quantile(frames.map((f) => f.montage), 0.95), 2),
    allP95: round(quantile(frames.map((f) => f.heatmap + f.montage + f.metrics), 0.95), 2),
  };
}

interface HeatFrames {
  count: number;
  p95: number | null;
  /** Full redraws of the heat map's cell layer (a new set of rows, colour scale or size). */
  rebuilds: number;
}

/** The book window on books of `levels` per side. */
function bookFrameFigure(name: string, levels: number, { shown, history = false, value = 'frame' }: BookFigureOptions): Figure {
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
        // One level: the venue montage; deeper: the ladder.
        const built = levels === 1 ? '[data-testid=book-window] [data-testid=montage-bid]:not([data-count="0"])' : '[data-testid=book-window] [data-testid=ladders][data-levels]:not([data-levels="0x0"])';
        try {
          await page.waitForSelector(built, { timeout: 60_000 });
        } catch {
          return { value: null, notes: `book window not built yet: no ${built} appeared in 60 s for ${stream.symbol}` };
        }
        await sleep(ctx.quick ? 500 : WARM_MS);
        const held = () => page.evaluate(`window.__fathomTest?.read('timeline')?.columns.length ?? 0`) as Promise<number>;
        if (history && !ctx.quick) {
          // Measured anyway if it takes longer: the notes say how many snapshots were held.
          const until = Date.now() + HISTORY_WAIT_MS;
          while ((await held()) < HISTORY_COLUMNS && Date.now() < until) await sleep(1000);
        }
        // The book model's own test event counts the updates that reached the window.
        await page.evaluate(`(() => { window.__benchBooks = 0; window.__fathomTest?.on('book', () => window.__benchBooks++); return true; })()`);
        const costs = () => page.evaluate(`window.__fathomTest?.read('draw-costs') ?? null`) as Promise<DrawCostsRead | null>;
        const costsBefore = await costs();
        // Frames that committed a canvas without painting count too (trace.ts's FrameOptions).
        const trace = await traceFrames(browser, page, ctx.quick ? 1000 : WINDOW_MS, DRAW_MARKS, { commits: true });
        const paintedOnly = trace.paintedOnly
          ? `; counting only the ${trace.paintedOnly.frames} frames that painted (the figure before canvas-only frames were counted): p95 ${trace.paintedOnly.wallP95} ms wall, ${trace.paintedOnly.cpuP95} ms thread CPU`
          : '';
        const drawn = drawFigures(costsBefore, await costs());
        const received = Number(await page.evaluate('window.__benchBooks'));
        // What the canvases drew, from the window's test hooks (VenueMontage.tsx, Ladder.tsx).
        type Drawn = { bid: { venues: unknown[] }[]; ask: { venues: unknown[] }[] } | null;
        const ladder = (await page.evaluate(`window.__fathomTest?.read('ladder') ?? null`)) as Drawn;
        const rows = (ladder?.bid.length ?? 0) + (ladder?.ask.length ?? 0);
        const bidVenues = ladder?.bid.reduce((n, l) => n + l.venues.length, 0) ?? 0;
        const askVenues = ladder?.ask.reduce((n, l) => n + l.venues.length, 0) ?? 0;
        const montageRows = Number(await page.evaluate(`['bid', 'ask'].reduce((n, side) => n + (window.__fathomTest?.read('montage-' + side)?.lines.length ?? 0), 0)`));
        const heat = page.locator('[data-testid=heatmap]');
        const heatColumns = (await heat.count()) > 0 ? await heat.getAttribute('data-columns') : null;
        const heatPrints = (await heat.count()) > 0 ? await heat.getAttribute('data-prints') : null;
        const heatAfter = (await page.evaluate(`window.__fathomTest?.read('heatmap-frames') ?? null`)) as HeatFrames | null;
        const heatNote =
          heatAfter && heatAfter.p95 !== null
            ? `; the heat map's own draw p95 ${sig(heatAfter.p95)} ms (over its last ${heatAfter.count} draws, its cell layer drawn whole ${heatAfter.rebuilds} times since the window opened), ` +
              `${heatColumns} columns and ${heatPrints} prints on screen, ${await held()} snapshots held`
            : '';
        const marked = trace.marked;
        const drawNote =
          (marked
            ? `; the heat map's and montages' draw callbacks (trace, marked by the page) in the ${marked.frames} painted frames that drew the heat map: p50 ${marked.cpuP50} / p95 ${marked.cpuP95} ms thread CPU, p95 ${marked.wallP95} ms wall`
            : '; no marked draw callbacks in the trace') +
          (drawn
            ? `; timed in the page (performance.now, wall) over ${drawn.frames} such frames: heat map and montage p50 ${drawn.p50} / p95 ${drawn.p95} ms ` +
              `(heat map p95 ${drawn.heatP95}, montages p95 ${drawn.montageP95}; with the touch metrics' sparklines p95 ${drawn.allP95}); the rest of the frame is React, style, layout, paint and the compositor's commit`
            : '; no draw costs read from the window');
        if (value === 'draw') {
          return {
            value: marked?.cpuP95 ?? null,
            notes:
              `p95 thread CPU per painted frame of the book window's own heat map and venue montage drawing (the animation callbacks that drew them, summed per frame, from the trace: ` +
              `the heat map's model and paint, both montages' model and paint), not the whole frame, whose main-thread work is ui.book_window's figure: in the same run frame work p50 ${trace.wallP50} / p95 ${trace.wallP95} ms wall, p95 ${trace.cpuP95} ms thread CPU` +
              `${paintedOnly}${drawNote}; ${stream.symbol.replace(/\s+/g, ' ')}, ${montageRows} montage rows${heatNote}; ${describeTrace(trace)}`,
          };
        }
        return {
          value: trace.wallP95,
          notes:
            `p95 main-thread work of the book window's frames that painted or committed (Chromium performance trace, as ui.feed_frame, which counts painted frames only)${paintedOnly}; ` +
            `${sig(received / trace.seconds)} book updates/s reached the window, ${sig(trace.frames / trace.seconds)} frames/s painted or committed; ` +
            `${stream.symbol.replace(/\s+/g, ' ')}, ${rows} level rows, ${bidVenues} + ${askVenues} ladder venue rows and ${montageRows} montage rows on screen (settings.book.levels = ` +
            `${shown ?? 'default'}); the simulator's ${stream.books} changes of that book in ${sig(stream.spanMs / 1000)} s ` +
            `(intensity max, OPTIONS_BOOK ${describeLevels(levels)}) paced at ${sig(rate)}x${heatNote}${drawNote}; ${describeTrace(trace)}`,
        };
      } finally {
        await browser?.close();
        await scenario.stop();
      }
    },
  };
}

/** The live shape: one level a side split by venue, a few seconds after the window opened. */
export const uiBookFrame = bookFrameFigure('ui.book_frame', LIVE_LEVELS, {});
/** The live shape with the heat map's history full: the frame issue 17 budgets at 4 ms. */
export const uiBookWindow = bookFrameFigure('ui.book_window', LIVE_LEVELS, { history: true });
/**
 * The same frame as ui.book_window, its value the script time of the heat map's and the montage's
 * draw calls alone: issue 17's "a frame of the heat map and the montage" as our own work, beside
 * ui.book_window's whole frame (which adds style, layout, Chromium's software paint and commit).
 */
export const uiBookDraw = bookFrameFigure('ui.book_draw', LIVE_LEVELS, { history: true, value: 'draw' });
/** 50 levels a side, all of them shown. */
export const uiBookFrame50 = bookFrameFigure('ui.book_frame_50', DEEP_LEVELS, { shown: DEEP_LEVELS });
