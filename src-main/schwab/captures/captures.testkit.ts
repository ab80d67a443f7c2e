// Helpers for the tests of captured Schwab frames (captures*.test.ts beside this file): the
// fixtures' published text, the real FrameProcessor with every event collected, and clocks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Bar, Book, EquityQuoteUpdate, OptionQuoteUpdate } from '../../../shared/domain/market.ts';
import { FrameProcessor, type FrameEvents, type ProtocolProblem } from '../frame-processor.ts';

export const DIR = import.meta.dirname;

/** A fixture's published text: the file holds it followed by one newline. */
export function published(name: string): string {
  const text = readFileSync(join(DIR, name), 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1);
}

/**
 * The three fixtures from Python test files were published as Python dict literals: single-quoted
 * keys and strings, True/False, and in one case a test parameter (`service`) where the service
 * name goes. These are the only rewrites made, and only in those fixtures; everything else is the
 * published text as it stands.
 */
export function fromPython(text: string, service?: string): string {
  let json = text.replace(/'([^'\\]*)'/g, '"$1"').replace(/\bTrue\b/g, 'true').replace(/\bFalse\b/g, 'false');
  if (service !== undefined) json = json.replace(/("service": )service\b/, `$1"${service}"`);
  return json;
}

/** Schwabdev's CHART_EQUITY sample carries its author's `# …` note after field 1; drop it. */
export function withoutNotes(text: string): string {
  return text.replace(/ # [^\n]*/g, '');
}

export function collect(p: FrameProcessor) {
  const options: OptionQuoteUpdate[] = [];
  const equities: EquityQuoteUpdate[] = [];
  const books: Book[] = [];
  const bars: Bar[] = [];
  const responses: FrameEvents['response'][] = [];
  const admin: FrameEvents['admin'][] = [];
  const heartbeats: FrameEvents['heartbeat'][] = [];
  const problems: ProtocolProblem[] = [];
  // Quote objects are live (later deltas change them): keep a copy of each as it was.
  p.events.on('optionQuote', (u) => options.push(structuredClone(u)));
  p.events.on('equityQuote', (u) => equities.push(structuredClone(u)));
  p.events.on('book', (b) => books.push(b));
  p.events.on('bar', (b) => bars.push(b));
  p.events.on('response', (r) => responses.push(r));
  p.events.on('admin', (a) => admin.push(a));
  p.events.on('heartbeat', (h) => heartbeats.push(h));
  p.events.on('problem', (x) => problems.push(x));
  return { options, equities, books, bars, responses, admin, heartbeats, problems };
}

/** Runs frames through a fresh processor; every one must be read without a problem. */
export function run(...frames: string[]) {
  const p = new FrameProcessor();
  const seen = collect(p);
  frames.forEach((text, i) => p.process(text, 1_000 + i));
  expect(seen.problems).toEqual([]);
  expect(p.stats()).toMatchObject({ unparsable: 0, unknownService: 0, malformedItems: 0, badFields: 0 });
  return { p, ...seen };
}

export const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export const NEW_YORK = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** Milliseconds since midnight on New York's clock (EST or EDT, whichever was in force). */
export function newYorkTimeOfDay(epochMs: number): number {
  const part = (type: string) => Number(NEW_YORK.formatToParts(epochMs).find((p) => p.type === type)?.value);
  return ((part('hour') * 60 + part('minute')) * 60 + part('second')) * 1000 + (epochMs % 1000);
}

/** Milliseconds since midnight at a fixed offset from UTC, whatever the season. */
export function fixedOffsetTimeOfDay(epochMs: number, offsetHours: number): number {
  const day = 86_400_000;
  return (((epochMs + offsetHours * 3_600_000) % day) + day) % day;
}
