// The demo market's day, kept between runs in a small JSON file beside the database: the open
// interest each contract showed at the day's start and will show the next day (what the day's
// orders opened, less what they closed). A demo on a later day starts from the latest day's
// closing open interest, so the next day's check (FLOW-RULES.md §10) has something to confirm;
// a second run on the same day starts from the same morning again.
import { readFileSync, writeFileSync } from 'node:fs';
import { etDateString } from '../../shared/time/eastern.ts';
import type { SimulatorMarket } from '../simulator/market/market.ts';
import type { Logger } from '../util/log.ts';

export interface DemoDay {
  /** The market's trading day, YYYY-MM-DD in New York. */
  date: string;
  seed: number;
  /** Open interest at the day's start, for the contracts carried from an earlier day. */
  start: Record<string, number>;
  /** Open interest the next day: start, overlaid with what the day's orders changed. */
  close: Record<string, number>;
}

function isCounts(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && Object.values(value).every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0);
}

/** The stored day, or null when there is none or it is not one (said in the log, never thrown). */
export function readDemoDay(path: string, logger: Logger): DemoDay | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const day = JSON.parse(text) as Partial<DemoDay>;
    if (typeof day.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(day.date) && typeof day.seed === 'number' && isCounts(day.start) && isCounts(day.close)) {
      return { date: day.date, seed: day.seed, start: day.start, close: day.close };
    }
  } catch {
    // Reported below.
  }
  logger.warn('the demo market\'s stored day is not readable; the demo starts from its own open interest', { path });
  return null;
}

/**
 * The open interest a demo market of `seed` starting at `now` starts from: the stored day's
 * closing one when the stored day is earlier, its starting one on the same day, none otherwise
 * (another seed, or a stored day in the future).
 */
export function openInterestFor(day: DemoDay | null, seed: number, now: number): Record<string, number> {
  if (!day || day.seed !== seed) return {};
  const today = etDateString(now);
  if (day.date < today) return day.close;
  if (day.date === today) return day.start;
  return {};
}

/** Stores the day the market ran: its start and what the next day will show. */
export function writeDemoDay(path: string, market: SimulatorMarket, seed: number, start: Record<string, number>, startedAt: number, logger: Logger): void {
  const day: DemoDay = { date: etDateString(startedAt), seed, start, close: { ...start, ...(market.nextDayOpenInterest?.() ?? {}) } };
  try {
    writeFileSync(path, `${JSON.stringify(day)}\n`);
  } catch (error) {
    logger.warn('cannot store the demo market\'s day', { path, reason: (error as Error).message });
  }
}
