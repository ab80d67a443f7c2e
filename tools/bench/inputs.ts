// The benchmark inputs, generated once per run from the seeded simulator at its highest
// intensity, through the real protocol and the real client (the demo harness: simulator and
// client on one ManualClock, so a seed always gives the same frames). Every stage measures on
// these frames:
//  - the session: Level 1 on the symbol cap of option contracts plus the tickers, recorded by the
//    real Recording (frame recorder, flow engine, flow writer) into a temp SQLite, and kept in
//    memory as raw frame texts and emitted flows;
//  - the books: OPTIONS_BOOK with venues, in memory: the live shape by default (one level a side,
//    the touch split up by up to 16 venues) and 50 levels for the deep figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Flow } from '../../shared/domain/flow.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { Recording } from '../../src-main/market/recording.ts';
import { openDatabase } from '../../src-main/store/database.ts';
import { contractsAround, startDemoHarness, until, type DemoHarness } from '../../src-main/market/demo-harness.testkit.ts';

/** Book levels per side of the default figures: the live shape, one level split up by venue. */
export const LIVE_LEVELS = 1;
/** Book levels per side of the deep figures (`…_50`): the most the simulator sends. */
export const DEEP_LEVELS = 50;
/** How a figure's notes name the books it read. */
export function describeLevels(levels: number): string {
  return levels === 1 ? 'at one level a side (the live shape: the touch split up by up to 16 venues)' : `at ${levels} levels a side with venues`;
}

/** The simulator's highest intensity as the product defines it (3 x 100 parent orders/s). */
export const MAX_INTENSITY = 100;
export const SEED = 2026;
export const UNDERLYINGS = ['SPY', 'QQQ', 'IWM', 'AAPL', 'NVDA', 'TSLA', 'AMZN', 'META'];
/** 15 strikes x 2 expiries x call/put x 8 underlyings = 480, under the 500-symbol cap. */
const STRIKES = 15;
const EXPIRIES = 2;
/**
 * Subscribing in groups 50 ms apart spreads the keys' 1 s conflation phases over the second, as
 * on a live stream; subscribed at once, every key would fall due in the same tick and the stream
 * would be two giant frames a second.
 */
const GROUPS = 20;
const GROUP_GAP_MS = 50;
const STEP_MS = 1000;
/** Flow versions kept in memory for store.flows: plenty for a rate, bounded in memory. */
const MAX_FLOWS_KEPT = 60_000;
/**
 * Simulated minutes of the recorded session. Generating it costs about 5 s a minute here, so the
 * default keeps `npm run bench` under 10 minutes; FATHOM_BENCH_MINUTES=30 records the issue's
 * 30-minute session (replay speed is per-frame work, the same on either).
 */
export const DEFAULT_SESSION_MINUTES = 10;

export interface Frame {
  text: string;
  /** When the client received it: on the ManualClock, the end of the harness step. */
  receivedAt: number;
  /**
   * When the simulator sent it (the frame's own "timestamp", its tick): the harness steps a second
   * at a time for speed, so receive times bunch a second's frames together; pacing uses this.
   */
  sentAt: number;
}

const SENT = /"timestamp":\s*(\d+)/;

function frameOf(text: string, receivedAt: number): Frame {
  const match = SENT.exec(text.slice(0, 300));
  return { text, receivedAt, sentAt: match ? Number(match[1]) : receivedAt };
}

export interface Corpus {
  /** Book levels per side the simulator sent (the live shape: 1). */
  levels: number;
  frames: Frame[];
  bytes: number;
  /** Data items (one key's update) in the frames. */
  items: number;
  /** Simulated stream time covered, ms. */
  spanMs: number;
  contracts: number;
  /** Wall seconds it took to generate. */
  generatedIn: number;
}

export interface SessionInputs extends Corpus {
  dbPath: string;
  sessionId: number;
  /** Level 1 updates (options and equities) in the frames. */
  level1: number;
  /** Every flow version the engine emitted while recording, in order (capped). */
  flows: Flow[];
  newFlows: number;
  flowVersions: number;
}

export interface InputOptions {
  /** Simulated minutes of the recorded session (default DEFAULT_SESSION_MINUTES). */
  sessionMinutes?: number;
  /** Simulated seconds of the book corpus (default 15). */
  bookSeconds?: number;
  dir?: string;
}

export interface BookStream extends Corpus {
  /** The one contract whose book (and Level 1) the stream carries. */
  symbol: string;
  books: number;
}

export interface BenchInputs {
  readonly dir: string;
  readonly sessionMinutes: number;
  session(): Promise<SessionInputs>;
  /** Books of 48 contracts at `levels` per side (default LIVE_LEVELS), generated once per depth. */
  books(levels?: number): Promise<Corpus>;
  /** One contract's book as fast as the simulator changes it, for the book window. */
  bookStream(levels?: number): Promise<BookStream>;
  cleanup(): void;
}

export function benchInputs(options: InputOptions = {}): BenchInputs {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'fathom-bench-'));
  const sessionMinutes = options.sessionMinutes ?? DEFAULT_SESSION_MINUTES;
  let session: Promise<SessionInputs> | null = null;
  const books = new Map<number, Promise<Corpus>>();
  const bookStreams = new Map<number, Promise<BookStream>>();
  const once = <T>(cache: Map<number, Promise<T>>, levels: number, make: () => Promise<T>): Promise<T> => {
    const made = cache.get(levels) ?? make();
    cache.set(levels, made);
    return made;
  };
  return {
    dir,
    sessionMinutes,
    session: () => (session ??= recordSession(join(dir, 'session.db'), sessionMinutes)),
    books: (levels = LIVE_LEVELS) => once(books, levels, () => recordBooks(options.bookSeconds ?? 15, levels)),
    bookStream: (levels = LIVE_LEVELS) => once(bookStreams, levels, () => recordBookStream(options.bookSeconds ?? 15, levels)),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function recordSession(dbPath: string, minutes: number): Promise<SessionInputs> {
  const started = performance.now();
  const h = await startDemoHarness({ seed: SEED, intensity: MAX_INTENSITY, bookLevels: LIVE_LEVELS });
  const db = openDatabase(dbPath);
  try {
    const options: string[] = [];
    for (const u of UNDERLYINGS) options.push(...(await contractsAround(h, u, STRIKES, EXPIRIES)));
    const recording = new Recording({
      db,
      streamer: h.streamer,
      source: 'demo',
      clock: h.clock,
      settings: { ...DEFAULT_FLOW_SETTINGS },
      rolling: { ...DEFAULT_ROLLING_SETTINGS },
      symbols: [...options, ...UNDERLYINGS],
    });
    const frames: Frame[] = [];
    let bytes = 0;
    h.streamer.on('frame', ({ text, receivedAt }) => {
      frames.push(frameOf(text, receivedAt));
      bytes += Buffer.byteLength(text);
    });
    let level1 = 0;
    let items = 0;
    h.streamer.data.on('optionQuote', () => level1++);
    h.streamer.data.on('equityQuote', () => level1++);
    const flows: Flow[] = [];
    let newFlows = 0;
    let flowVersions = 0;
    recording.pipeline.events.on('flow', ({ flow, isNew }) => {
      flowVersions++;
      if (isNew) newFlows++;
      if (flows.length < MAX_FLOWS_KEPT) flows.push(flow);
    });
    recording.start();
    await until(() => h.streamer.status().state === 'live', 'login');
    h.streamer.subscribeLevelOneEquities(UNDERLYINGS);
    await staggered(h, options, (group) => h.streamer.subscribeLevelOneOptions(group));
    await h.run(minutes * 60_000, STEP_MS);
    items = h.streamer.stats().dataItems;
    const summary = await recording.stop();
    await h.stop();
    const first = frames[0]?.receivedAt ?? 0;
    const last = frames[frames.length - 1]?.receivedAt ?? first;
    return {
      levels: LIVE_LEVELS,
      frames,
      bytes,
      items,
      spanMs: last - first,
      contracts: options.length,
      generatedIn: (performance.now() - started) / 1000,
      dbPath,
      sessionId: summary.sessionId,
      level1,
      flows,
      newFlows,
      flowVersions,
    };
  } finally {
    db.close();
  }
}

async function recordBooks(seconds: number, levels: number): Promise<Corpus> {
  const started = performance.now();
  const h = await startDemoHarness({ seed: SEED, intensity: MAX_INTENSITY, bookLevels: levels });
  try {
    // Six contracts around the money per underlying: the touch's venues, or 50 levels of them.
    const options: string[] = [];
    for (const u of UNDERLYINGS) options.push(...(await contractsAround(h, u, 3, 1)));
    const frames: Frame[] = [];
    let bytes = 0;
    h.streamer.on('frame', ({ text, receivedAt }) => {
      frames.push(frameOf(text, receivedAt));
      bytes += Buffer.byteLength(text);
    });
    h.streamer.start();
    await until(() => h.streamer.status().state === 'live', 'login');
    await staggered(h, options, (group) => h.streamer.subscribeOptionsBook(group));
    await h.run(seconds * 1000, STEP_MS);
    const items = h.streamer.stats().dataItems;
    const first = frames[0]?.receivedAt ?? 0;
    const last = frames[frames.length - 1]?.receivedAt ?? first;
    return { levels, frames, bytes, items, spanMs: last - first, contracts: options.length, generatedIn: (performance.now() - started) / 1000 };
  } finally {
    await h.stop();
  }
}

async function recordBookStream(seconds: number, levels: number): Promise<BookStream> {
  const started = performance.now();
  // Books at most every 50 ms: the simulator then sends one whenever a level or venue changed.
  const h = await startDemoHarness({ seed: SEED, intensity: MAX_INTENSITY, bookLevels: levels, bookIntervalMs: 50 });
  try {
    const symbol = (await contractsAround(h, 'SPY', 1, 1))[0];
    if (!symbol) throw new Error('the simulator listed no SPY contract');
    const frames: Frame[] = [];
    let bytes = 0;
    h.streamer.on('frame', ({ text, receivedAt }) => {
      frames.push(frameOf(text, receivedAt));
      bytes += Buffer.byteLength(text);
    });
    let books = 0;
    h.streamer.data.on('book', () => books++);
    h.streamer.start();
    await until(() => h.streamer.status().state === 'live', 'login');
    h.streamer.subscribeLevelOneOptions([symbol]);
    h.streamer.subscribeOptionsBook([symbol]);
    await h.run(seconds * 1000, 250);
    const items = h.streamer.stats().dataItems;
    const first = frames[0]?.receivedAt ?? 0;
    const last = frames[frames.length - 1]?.receivedAt ?? first;
    return { levels, frames, bytes, items, spanMs: last - first, contracts: 1, generatedIn: (performance.now() - started) / 1000, symbol, books };
  } finally {
    await h.stop();
  }
}

async function staggered(h: DemoHarness, symbols: readonly string[], subscribe: (group: string[]) => void): Promise<void> {
  const size = Math.ceil(symbols.length / GROUPS);
  for (let i = 0; i < symbols.length; i += size) {
    subscribe(symbols.slice(i, i + size));
    await h.run(GROUP_GAP_MS, GROUP_GAP_MS);
  }
}
