// What a listener of the parse stage may receive, checked for the seeded fuzz tests
// (frame-processor.fuzz*.test.ts): every payload against its type with every number finite, and
// every problem a bounded log line.
import type { Bar, Book } from '../../shared/domain/market.ts';
import type { FrameEvents, FrameProcessor, ProblemKind } from './frame-processor.ts';

type FieldType = 'number' | 'string' | 'right' | 'boolean';
export const OPTION_TYPES: Record<string, FieldType> = {
  description: 'string', bid: 'number', ask: 'number', last: 'number', high: 'number', low: 'number', close: 'number', volume: 'number',
  openInterest: 'number', iv: 'number', multiplier: 'number', open: 'number', bidSize: 'number', askSize: 'number', lastSize: 'number',
  netChange: 'number', strike: 'number', right: 'right', underlying: 'string', delta: 'number', gamma: 'number', theta: 'number',
  vega: 'number', securityStatus: 'string', underlyingPrice: 'number', mark: 'number', quoteTime: 'number', tradeTime: 'number',
  delayed: 'boolean',
};
const EQUITY_TYPES: Record<string, FieldType> = {
  bid: 'number', ask: 'number', last: 'number', bidSize: 'number', askSize: 'number', volume: 'number', lastSize: 'number', high: 'number',
  low: 'number', close: 'number', open: 'number', netChange: 'number', mark: 'number', quoteTime: 'number', tradeTime: 'number',
  securityStatus: 'string', delayed: 'boolean',
};
const PROBLEM_KINDS = new Set<ProblemKind>(['unparsable', 'unknown-service', 'malformed-item', 'bad-field', 'listener-threw']);
/** A problem's detail is a log line: bounded whatever the frame held. */
const MAX_DETAIL = 300;

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** `carriedOnly`: an option update's `changed`, where undefined marks a field the update did not carry. */
export function checkFields(where: string, value: unknown, types: Record<string, FieldType>, withSymbol: boolean, out: string[], carriedOnly = false): void {
  if (!isPlain(value)) return void out.push(`${where}: not a plain object`);
  for (const [name, v] of Object.entries(value)) {
    if (carriedOnly && v === undefined && name in types) continue;
    if (withSymbol && name === 'symbol') {
      if (typeof v !== 'string' || v.length === 0) out.push(`${where}.symbol: ${String(v)}`);
      continue;
    }
    const type = types[name];
    const ok = type === 'number' ? isFiniteNumber(v) : type === 'string' ? typeof v === 'string' : type === 'right' ? v === 'C' || v === 'P' : type === 'boolean' ? typeof v === 'boolean' : false;
    if (!ok) out.push(`${where}.${name}: ${type ?? 'unknown field'} holds ${typeof v} ${String(v).slice(0, 30)}`);
  }
}

function checkBook(book: Book, out: string[]): void {
  if (!isPlain(book) || typeof book.symbol !== 'string' || book.symbol.length === 0) out.push('book: symbol');
  if (!isFiniteNumber(book.time) || !isFiniteNumber(book.receivedAt)) out.push(`book: time ${book.time} / receivedAt ${book.receivedAt}`);
  for (const side of ['bids', 'asks'] as const) {
    const levels: unknown = book[side];
    if (!Array.isArray(levels)) {
      out.push(`book.${side}: not an array`);
      continue;
    }
    for (const l of levels as BookLevelLike[]) {
      if (!isPlain(l) || !isFiniteNumber(l.price) || !isFiniteNumber(l.size) || !isFiniteNumber(l.venueCount) || !Array.isArray(l.venues)) {
        out.push(`book.${side}: level ${JSON.stringify(l)?.slice(0, 80)}`);
        continue;
      }
      for (const v of l.venues) {
        if (!isPlain(v) || typeof v.venue !== 'string' || !isFiniteNumber(v.size) || !isFiniteNumber(v.quoteTimeEtMs)) out.push(`book.${side}: venue ${JSON.stringify(v)?.slice(0, 80)} (size ${String((v as { size?: unknown }).size)})`);
      }
    }
  }
}
type BookLevelLike = { price: unknown; size: unknown; venueCount: unknown; venues: { venue: unknown; size: unknown; quoteTimeEtMs: unknown }[] };

function checkBar(bar: Bar, out: string[]): void {
  if (!isPlain(bar) || typeof bar.symbol !== 'string' || bar.symbol.length === 0) out.push('bar: symbol');
  // seq orders delivery and drops repeats: a whole number, or the dedupe is poisoned.
  if (!Number.isSafeInteger(bar.seq) || !Number.isSafeInteger(bar.minuteIndex)) out.push(`bar: seq ${bar.seq} minuteIndex ${bar.minuteIndex}`);
  for (const k of ['time', 'open', 'high', 'low', 'close', 'volume', 'chartDay'] as const) if (!isFiniteNumber(bar[k])) out.push(`bar.${k}: ${bar[k]}`);
}

function checkResponseLike(where: string, item: unknown, needsCommand: boolean, out: string[]): void {
  const r = item as { service?: unknown; command?: unknown; requestid?: unknown; SchwabClientCorrelId?: unknown; timestamp?: unknown; content?: { code?: unknown; msg?: unknown } };
  if (!isPlain(r) || typeof r.service !== 'string' || !isFiniteNumber(r.timestamp)) return void out.push(`${where}: ${JSON.stringify(item)?.slice(0, 120)}`);
  if (needsCommand && (typeof r.command !== 'string' || typeof r.requestid !== 'string' || typeof r.SchwabClientCorrelId !== 'string')) out.push(`${where}: ${JSON.stringify(item)?.slice(0, 120)}`);
  if (!isPlain(r.content) || !Number.isInteger(r.content.code) || typeof r.content.msg !== 'string') out.push(`${where}.content: ${JSON.stringify(r.content)?.slice(0, 120)}`);
}

/** Listens to every event and records what is wrong with any payload. */
export function watch(p: FrameProcessor, keepLog = false) {
  const errors: string[] = [];
  const problems: FrameEvents['problem'][] = [];
  const bars: Bar[] = [];
  const log: unknown[] = [];
  const seen = <K extends keyof FrameEvents>(event: K, payload: FrameEvents[K]) => {
    if (keepLog) log.push([event, structuredClone(payload)]);
  };
  p.events.on('optionQuote', (u) => {
    seen('optionQuote', u);
    checkFields('optionQuote.quote', u.quote, OPTION_TYPES, true, errors);
    checkFields('optionQuote.changed', u.changed, OPTION_TYPES, false, errors, true);
    if (u.quote.symbol !== u.symbol) errors.push('optionQuote: symbol differs from its quote');
  });
  p.events.on('equityQuote', (u) => {
    seen('equityQuote', u);
    checkFields('equityQuote.quote', u.quote, EQUITY_TYPES, true, errors);
    checkFields('equityQuote.changed', u.changed, EQUITY_TYPES, false, errors);
  });
  p.events.on('book', (b) => {
    seen('book', b);
    checkBook(b, errors);
  });
  p.events.on('bar', (b) => {
    seen('bar', b);
    checkBar(b, errors);
    bars.push(b);
  });
  p.events.on('heartbeat', (h) => {
    seen('heartbeat', h);
    if (!isFiniteNumber(h.serverTime)) errors.push(`heartbeat: serverTime ${h.serverTime}`);
  });
  p.events.on('response', (r) => {
    seen('response', r);
    checkResponseLike('response', r.item, true, errors);
  });
  p.events.on('admin', (a) => {
    seen('admin', a);
    checkResponseLike('admin', a.item, false, errors);
  });
  p.events.on('problem', (x) => {
    seen('problem', x);
    problems.push(x);
    if (!PROBLEM_KINDS.has(x.kind) || typeof x.detail !== 'string' || x.detail.length > MAX_DETAIL) errors.push(`problem: ${x.kind} with a detail of ${x.detail.length} characters`);
  });
  return { errors, problems, bars, log };
}

/** Elements of a frame's `data` array that are not blocks (what the parse stage must report, not drop). */
export function malformedBlocks(text: string): { blocks: number; malformed: number } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { blocks: 0, malformed: 0 };
  }
  const f = v as { data?: unknown; response?: unknown; notify?: unknown } | null;
  if (!isPlain(f) || Array.isArray(f.response) || Array.isArray(f.notify) || !Array.isArray(f.data)) return { blocks: 0, malformed: 0 };
  const bad = f.data.filter((b: unknown) => !(isPlain(b) && typeof b.service === 'string' && Array.isArray(b.content))).length;
  return { blocks: f.data.length, malformed: bad };
}

// --- the properties --------------------------------------------------------------------------

/** Processes one frame; anything thrown past process() fails the property with the frame. */
export function feed(p: FrameProcessor, text: string, at: number): void {
  try {
    p.process(text, at);
  } catch (error) {
    throw new Error(`process() threw ${(error as Error)?.message} on ${JSON.stringify(text.slice(0, 300))}`, { cause: error });
  }
}
