// The opt-in fault endpoint, `startSimulator({ faultEndpoint: true })`: `POST /__faults/<kind>`
// applies one of the simulator's faults through its own loopback server, so an end-to-end test
// can break the stream from outside the app with one HTTP request. Off, the path is a 404 like
// any unknown path. This file decides what a request means; rest.ts sends the answer.
import type { BookScriptRequest, StrategyScriptRequest } from '../market/market.ts';
import { STRATEGY_TYPES, type StrategyType } from '../../../shared/domain/strategy.ts';
import type { SimulatorFaults } from './faults.ts';

export const FAULT_PATH_PREFIX = '/__faults/';
/** `silence` without `?ms=`: a minute of clock time. */
export const DEFAULT_SILENCE_MS = 60_000;
/** Schwab's figures (docs/schwab-streaming.md §6.1), the simulator's defaults and the kinds' too. */
export const DEFAULT_EMPTY_TIMEOUT_MS = 30_000;
export const DEFAULT_REST_PER_MINUTE = 120;
export const DEFAULT_SYMBOL_LIMIT = 500;
/**
 * Contracts a chain answer may hold: stands in for the gateway's response buffer. Schwab serves
 * AAPL's whole chain (2,362 contracts in SDEV's example) and overflows on $SPX's; 4,000 refuses
 * the simulator's whole SPY and QQQ chains (about 5,600 contracts) and serves the others.
 */
export const DEFAULT_CHAIN_CONTRACTS = 4_000;

interface FaultKind {
  /** The one query parameter the kind takes, with its default. */
  param?: { name: 'ms' | 'count'; fallback: number };
  apply(faults: SimulatorFaults, value: number): void;
}

const KINDS: Record<string, FaultKind> = {
  cut: { apply: (f) => f.cutSockets() },
  silence: {
    param: { name: 'ms', fallback: DEFAULT_SILENCE_MS },
    apply: (f, ms) => f.goSilent(ms),
  },
  garbage: { apply: (f) => f.sendGarbage() },
  code12: { apply: (f) => f.sendCode12() },
  code30: { apply: (f) => f.sendCode30() },
  'deny-logins': {
    param: { name: 'count', fallback: 1 },
    apply: (f, count) => f.denyLogins(count),
  },
  'refuse-refreshes': {
    param: { name: 'count', fallback: 1 },
    apply: (f, count) => f.refuseRefreshes(count),
  },
  'expire-tokens': { apply: (f) => f.expireAccessTokens() },
  delayed: { apply: (f) => f.setDelayed(true) },
  realtime: { apply: (f) => f.setDelayed(false) },
  'empty-close': {
    param: { name: 'ms', fallback: DEFAULT_EMPTY_TIMEOUT_MS },
    apply: (f, ms) => f.setEmptyClose('notify', ms),
  },
  'empty-drop': {
    param: { name: 'ms', fallback: DEFAULT_EMPTY_TIMEOUT_MS },
    apply: (f, ms) => f.setEmptyClose('drop', ms),
  },
  'ignore-view': { apply: (f) => f.ignoreView() },
  'fail-preferences': {
    param: { name: 'count', fallback: 1 },
    apply: (f, count) => f.failPreferences(count),
  },
  close1011: { apply: (f) => f.close1011() },
  'rate-limit': {
    param: { name: 'count', fallback: DEFAULT_REST_PER_MINUTE },
    apply: (f, count) => f.setRestBudget(count),
  },
  'chain-limit': {
    param: { name: 'count', fallback: DEFAULT_CHAIN_CONTRACTS },
    apply: (f, count) => f.setChainLimit(count),
  },
  'symbol-limit': {
    param: { name: 'count', fallback: DEFAULT_SYMBOL_LIMIT },
    apply: (f, count) => f.setSymbolLimit(count),
  },
};

/** Scripted book events (market/book-script.ts), each with a JSON body `{ symbol, side, venue? }`. */
const BOOK_KINDS: Record<string, BookScriptRequest['kind']> = {
  'book-refill': 'refill',
  'book-pull': 'pull',
  'book-hold': 'hold',
};

export const FAULT_KINDS: readonly string[] = Object.freeze([
  ...Object.keys(KINDS),
  ...Object.keys(BOOK_KINDS),
  'strategy',
]);

/** What a scripted book event did: the venue, its touch price, the size printed and refilled or pulled, the time (epoch ms). */
export interface BookScriptAnswer {
  applied: true;
  symbol: string;
  side: 'bid' | 'ask';
  venue: string;
  price: number;
  size: number;
  time: number;
}

/** What a scripted strategy is: its truth's id, its type and its legs' symbols, the time (epoch ms). */
export interface StrategyScriptAnswerBody {
  applied: true;
  id: string;
  type: StrategyType;
  symbols: string[];
  time: number;
}

export interface FaultAnswer {
  status: number;
  body: { applied: true } | BookScriptAnswer | StrategyScriptAnswerBody | { applied: false; error: string };
  headers?: Record<string, string>;
}

export interface FaultRequest {
  method: string;
  /** The path, starting with FAULT_PATH_PREFIX. */
  path: string;
  query: URLSearchParams;
  /** The request's Origin header: browsers send one, test code does not. */
  origin: string | undefined;
  /** The request's body as text ('' when none); only the book kinds read it. */
  body?: string;
}

const refused = (status: number, error: string, headers?: Record<string, string>): FaultAnswer => ({
  status,
  body: { applied: false, error },
  ...(headers ? { headers } : {}),
});

/** Checks the request and, when it is well formed, applies the fault. */
export function applyFaultRequest(faults: SimulatorFaults, request: FaultRequest): FaultAnswer {
  if (request.method !== 'POST')
    return refused(405, 'The fault endpoint takes POST only.', { Allow: 'POST' });
  // A web page can send a simple POST to loopback without asking; it cannot leave out Origin.
  if (request.origin !== undefined)
    return refused(403, 'The fault endpoint refuses requests from web pages (Origin header).');
  const name = safeDecode(request.path.slice(FAULT_PATH_PREFIX.length));
  const book = Object.hasOwn(BOOK_KINDS, name) ? BOOK_KINDS[name] : undefined;
  if (book) return applyBookScript(faults, name, book, request);
  if (name === 'strategy') return applyStrategyScript(faults, request);
  const kind = Object.hasOwn(KINDS, name) ? KINDS[name] : undefined;
  if (!kind)
    return refused(
      400,
      `Unknown fault kind "${name}"; POST /__faults/<kind> with kind one of: ${FAULT_KINDS.join(', ')}.`,
    );
  const names = [...new Set(request.query.keys())];
  const allowed = kind.param?.name;
  const stray = names.find((n) => n !== allowed);
  if (stray !== undefined)
    return refused(
      400,
      allowed
        ? `Fault "${name}" takes only ?${allowed}=, not ?${stray}=.`
        : `Fault "${name}" takes no parameters, not ?${stray}=.`,
    );
  let value = 0;
  if (kind.param) {
    const text = request.query.get(kind.param.name);
    value = text === null ? kind.param.fallback : Number(text);
    if (text !== null && (text.trim() === '' || !Number.isSafeInteger(value) || value < 0))
      return refused(
        400,
        `Fault "${name}": ${kind.param.name} must be a whole number, 0 or more, got "${text}".`,
      );
  }
  kind.apply(faults, value);
  return { status: 200, body: { applied: true } };
}

const BOOK_BODY_KEYS = new Set(['symbol', 'side', 'venue']);

/** Reads `{ symbol, side, venue? }`, or says what is wrong with it. */
export function parseBookScriptBody(
  kind: BookScriptRequest['kind'],
  name: string,
  text: string,
): BookScriptRequest | string {
  const usage = `Fault "${name}" takes a JSON body { "symbol": "<21-character option symbol>", "side": "bid" | "ask", "venue"?: "<venue code>" }`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `${usage}; the body is not JSON.`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return `${usage}; the body is not an object.`;
  const fields = body as Record<string, unknown>;
  const stray = Object.keys(fields).find((key) => !BOOK_BODY_KEYS.has(key));
  if (stray !== undefined) return `${usage}; "${stray}" is not one of its fields.`;
  const { symbol, side, venue } = fields;
  if (typeof symbol !== 'string' || symbol.trim() === '')
    return `${usage}; symbol must be a non-empty string.`;
  if (side !== 'bid' && side !== 'ask')
    return `${usage}; side must be "bid" or "ask", got ${JSON.stringify(side)}.`;
  if (venue !== undefined && (typeof venue !== 'string' || venue.trim() === ''))
    return `${usage}; venue, when given, must be a non-empty string.`;
  return { kind, symbol, side, ...(venue !== undefined ? { venue } : {}) };
}

function applyBookScript(
  faults: SimulatorFaults,
  name: string,
  kind: BookScriptRequest['kind'],
  request: FaultRequest,
): FaultAnswer {
  const stray = request.query.keys().next();
  if (!stray.done)
    return refused(400, `Fault "${name}" takes no parameters, not ?${stray.value}=; it reads a JSON body.`);
  const parsed = parseBookScriptBody(kind, name, request.body ?? '');
  if (typeof parsed === 'string') return refused(400, parsed);
  const done = faults.scriptBook(parsed);
  if (done === null) return refused(501, `Fault "${name}": this simulator's market cannot script its book.`);
  if (!done.ok) return refused(done.reason === 'unknown-contract' ? 404 : 409, done.message);
  const { symbol, side, venue, price, size, time } = done;
  return { status: 200, body: { applied: true, symbol, side, venue, price, size, time } };
}

/** Reads `{ type, symbol }`, or says what is wrong with it. */
export function parseStrategyBody(text: string): StrategyScriptRequest | string {
  const usage = `Fault "strategy" takes a JSON body { "type": ${STRATEGY_TYPES.map((t) => `"${t}"`).join(' | ')}, "symbol": "<21-character option symbol of the first leg>" }`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `${usage}; the body is not JSON.`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return `${usage}; the body is not an object.`;
  const fields = body as Record<string, unknown>;
  const stray = Object.keys(fields).find((key) => key !== 'type' && key !== 'symbol');
  if (stray !== undefined) return `${usage}; "${stray}" is not one of its fields.`;
  const { type, symbol } = fields;
  if (!STRATEGY_TYPES.includes(type as StrategyType)) return `${usage}; type ${JSON.stringify(type)} is not one of them.`;
  if (typeof symbol !== 'string' || symbol.trim() === '') return `${usage}; symbol must be a non-empty string.`;
  return { type: type as StrategyType, symbol };
}

function applyStrategyScript(faults: SimulatorFaults, request: FaultRequest): FaultAnswer {
  const stray = request.query.keys().next();
  if (!stray.done) return refused(400, `Fault "strategy" takes no parameters, not ?${stray.value}=; it reads a JSON body.`);
  const parsed = parseStrategyBody(request.body ?? '');
  if (typeof parsed === 'string') return refused(400, parsed);
  const done = faults.scriptStrategy(parsed);
  if (done === null) return refused(501, 'Fault "strategy": this simulator\'s market makes no strategies.');
  if (!done.ok) return refused(done.reason === 'unknown-contract' ? 404 : 409, done.message);
  const { id, type, symbols, time } = done;
  return { status: 200, body: { applied: true, id, type, symbols, time } };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
