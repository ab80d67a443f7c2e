// Hostile Schwab frames for the parse stage's seeded fuzz tests (frame-processor.fuzz*.test.ts):
// JSON text with what JSON.stringify cannot write, hostile and near-valid items of every
// service, and valid frames to mix in. Runs are seeded: FATHOM_FUZZ_SEED=<n> picks another
// seed, FATHOM_FUZZ_RUNS=<multiplier> scales every property's run count.
import fc from 'fast-check';
import type { Bar, EquityQuote, OptionQuote } from '../../shared/domain/market.ts';
import { encodeBar, encodeBook, encodeEquityFields, encodeOptionFields } from './fields.ts';
import { forgetNote } from './frame-processor.ts';
import { SERVICES } from './protocol.ts';

const SEED = Number(process.env.FATHOM_FUZZ_SEED ?? 0x15_09);
/** Multiplies every property's run count. */
const RUN_SCALE = Number(process.env.FATHOM_FUZZ_RUNS ?? 1);
export const runs = (n: number) => ({ seed: SEED, numRuns: Math.max(1, Math.round(n * RUN_SCALE)) });

// --- JSON text with what JSON.stringify cannot write -------------------------------------------
// Objects are entry lists (so keys may repeat and `__proto__` is an ordinary key, as in JSON
// text); Raw is written as is (1e999, -0, deep nesting, a half of a frame).

class Raw {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}
class Obj {
  readonly entries: readonly (readonly [string, J])[];
  constructor(entries: readonly (readonly [string, J])[]) {
    this.entries = entries;
  }
}
type J = null | boolean | number | string | Raw | Obj | readonly J[];

export function json(value: J): string {
  if (value instanceof Raw) return value.text;
  if (value instanceof Obj) return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${json(v)}`).join(',')}}`;
  if (Array.isArray(value)) return `[${value.map(json).join(',')}]`;
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'null' : value > 0 ? '1e999' : '-1e999';
  return JSON.stringify(value);
}

const obj = (record: Record<string, J>) => new Obj(Object.entries(record));
/** Plain data (from the encoders) as J. */
export const asJ = (value: unknown): J => JSON.parse(JSON.stringify(value)) as J;

// --- keys ------------------------------------------------------------------------------------

/** Contracts whose merged state hostile frames must never touch. */
export const BYSTANDER_OPTIONS = ['SPY   261218C00600000', 'SPY   261218P00550000'] as const;
export const BYSTANDER_EQUITY = 'SPY';
export const BYSTANDER_BARS = 'AMD';
/** The contract hostile items aim at (besides unknown keys). */
export const TARGET = 'QQQ   261218C00500000';
const OTHER_OPTION = 'IWM   261218P00200000';

/** Any UTF-16 code units, lone surrogates and NULs included. */
const codeUnits = (maxLength: number) => fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength }).map((units) => String.fromCharCode(...units));
const longString = fc.integer({ min: 1_000, max: 100_000 }).map((n) => 'K'.repeat(n));
const oddKeys = fc.constantFrom('', ' ', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'key', '0', 'NaN', '\u0000', '\ud800');

/** Keys of items: never a bystander of the service (`safe`), unless the whole fuzz is unrestricted. */
function itemKey(safe: boolean): fc.Arbitrary<J> {
  const known = safe ? fc.constantFrom(TARGET, OTHER_OPTION, 'MSFT', 'QQQ') : fc.constantFrom(TARGET, OTHER_OPTION, 'MSFT', 'QQQ', ...BYSTANDER_OPTIONS, BYSTANDER_EQUITY, BYSTANDER_BARS);
  return fc.oneof(
    { arbitrary: known, weight: 24 },
    { arbitrary: oddKeys, weight: 6 },
    { arbitrary: fc.string({ maxLength: 30 }), weight: 6 },
    { arbitrary: longString, weight: 1 },
    { arbitrary: fc.constantFrom<J>(null, 42, true, [], obj({ key: TARGET })), weight: 4 },
  );
}

const fieldKey = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 40 }).map(String), weight: 6 },
  { arbitrary: fc.constantFrom('02', '-1', '1.0', '2 ', 'seq', 'delayed', 'cusip', '__proto__', 'constructor'), weight: 2 },
  { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
);

// --- values ----------------------------------------------------------------------------------

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map((x) => x + 0);
const hugeOrOdd = fc.constantFrom<J>(
  new Raw('1e999'),
  new Raw('-1e999'),
  new Raw('1E400'),
  new Raw('-0'),
  new Raw('0.0'),
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 53 + 2,
  1e300,
  -1,
  0.5,
);
const scalar: fc.Arbitrary<J> = fc.oneof(
  fc.constantFrom<J>(null, true, false, 0, '', 'C', 'P', 'X', '2.5', '1755118704127', 'NaN', 'Infinity'),
  finite,
  hugeOrOdd,
  fc.string({ maxLength: 20 }),
  codeUnits(20),
);
/** Nesting far deeper than any frame (JSON.parse takes it; nothing may walk it recursively). */
const deep = fc.tuple(fc.integer({ min: 50, max: 5_000 }), fc.boolean()).map(([n, arrays]) =>
  arrays ? new Raw('['.repeat(n) + ']'.repeat(n)) : new Raw('{"a":'.repeat(n) + '1' + '}'.repeat(n)),
);

const hostileValue: fc.Arbitrary<J> = fc.letrec<{ value: J }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 3 },
    { arbitrary: scalar, weight: 6 },
    { arbitrary: fc.array(tie('value'), { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.array(fc.tuple(fieldKey, tie('value')), { maxLength: 4 }).map((e) => new Obj(e)), weight: 1 },
  ),
})).value;
/** Values that cost to build and parse, so they come once in a while: nesting thousands deep, strings of up to 100 000 characters. */
const bigValue: fc.Arbitrary<J> = fc.oneof(deep, longString);

/** Values of no field type at all: a field holding one must be skipped, never stored. */
const wrongForEveryField = fc.constantFrom<J>(null, true, false, [], [1], obj({ '0': 1 }), new Raw('1e999'), new Raw('-1e999'), new Obj([['__proto__', obj({ '2': 1 })]]));

/** Sometimes the value is right, sometimes anything at all. */
const mostly = (good: fc.Arbitrary<J>) => fc.oneof({ arbitrary: good, weight: 3 }, { arbitrary: hostileValue, weight: 1 });

// --- items and frames ------------------------------------------------------------------------

/** Level 1 fields, valid by the domain types: encoded by the client's own encoder (fields.ts). */
export const optionValues = fc.record(
  {
    description: fc.string({ maxLength: 12 }),
    bid: finite,
    ask: finite,
    last: finite,
    volume: finite,
    openInterest: finite,
    iv: finite,
    bidSize: finite,
    lastSize: finite,
    strike: finite,
    right: fc.constantFrom<'C' | 'P'>('C', 'P'),
    underlying: fc.string({ maxLength: 6 }),
    delta: finite,
    mark: finite,
    quoteTime: finite,
    tradeTime: finite,
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Omit<OptionQuote, 'symbol'>>;
export const equityValues = fc.record(
  { bid: finite, ask: finite, last: finite, volume: finite, mark: finite, securityStatus: fc.string({ maxLength: 8 }), tradeTime: finite },
  { requiredKeys: [] },
) as fc.Arbitrary<Omit<EquityQuote, 'symbol'>>;

export function optionItem(key: string, values: Omit<OptionQuote, 'symbol'>, snapshot: boolean): J {
  const meta = snapshot ? { delayed: false, assetMainType: 'OPTION', cusip: '' } : {};
  return asJ({ key, ...meta, ...encodeOptionFields(values, null) });
}
export function equityItem(key: string, values: Omit<EquityQuote, 'symbol'>, snapshot: boolean): J {
  const meta = snapshot ? { delayed: false, assetMainType: 'EQUITY', assetSubType: 'ETF', cusip: '78462F103' } : {};
  return asJ({ key, ...meta, ...encodeEquityFields(values, null) });
}
export const dataFrame = (service: string, content: J[]): J => obj({ data: [obj({ service, timestamp: 1, command: 'SUBS', content })] });

const level = fc.record({ price: finite, size: finite, venueCount: fc.nat(20), venues: fc.array(fc.record({ venue: fc.string({ maxLength: 5 }), size: finite, quoteTimeEtMs: finite }), { maxLength: 3 }) });
const validBook = (key: fc.Arbitrary<string>) =>
  fc.record({ symbol: key, time: finite, bids: fc.array(level, { maxLength: 3 }), asks: fc.array(level, { maxLength: 3 }) }).map((b) => asJ(encodeBook(b)));
const validBar = (key: fc.Arbitrary<string>) =>
  fc
    .record({ symbol: key, seq: fc.nat(10_000), minuteIndex: fc.nat(1_000), time: finite, open: finite, high: finite, low: finite, close: finite, volume: finite, chartDay: fc.nat(30_000) })
    .map((b: Bar) => asJ(encodeBar(b)));

/** A book close to valid, with hostile values where a decoder might trust one. */
const nearBook = (key: fc.Arbitrary<J>): fc.Arbitrary<J> => {
  const venue = fc.oneof(
    fc.record({ '0': mostly(fc.string({ maxLength: 5 })), '1': mostly(finite), '2': mostly(finite) }).map(obj),
    hostileValue,
  );
  const lvl = fc.oneof(
    { arbitrary: fc.record({ '0': mostly(finite), '1': mostly(finite), '2': mostly(fc.nat(20)), '3': mostly(fc.array(venue, { maxLength: 3 })) }, { requiredKeys: [] }).map(obj), weight: 4 },
    { arbitrary: hostileValue, weight: 1 },
  );
  return fc
    .record({ key, '1': mostly(finite), '2': mostly(fc.array(lvl, { maxLength: 3 })), '3': mostly(fc.array(lvl, { maxLength: 3 })) }, { requiredKeys: ['key'] })
    .map(obj);
};

/** A bar close to valid: every field, and `seq`, sometimes hostile. */
const nearBar = (key: fc.Arbitrary<J>): fc.Arbitrary<J> =>
  fc
    .record(
      { key, '1': mostly(fc.nat(1_000)), '2': mostly(finite), '3': mostly(finite), '4': mostly(finite), '5': mostly(finite), '6': mostly(finite), '7': mostly(finite), '8': mostly(fc.nat(30_000)), seq: mostly(fc.nat(10_000)) },
      { requiredKeys: ['key', '1', '2', '3', '4', '5', '7'] },
    )
    .map(obj);

/** A Level 1 item with hostile fields (numbers, keys, duplicates, meta keys of any type). */
const hostileL1Item = (key: fc.Arbitrary<J>): fc.Arbitrary<J> =>
  fc
    .tuple(
      key,
      fc.array(fc.tuple(fieldKey, hostileValue), { maxLength: 8 }),
      fc.option(fc.tuple(fc.constantFrom('assetMainType', 'delayed', 'cusip'), hostileValue), { nil: undefined }),
      fc.option(key, { nil: undefined }),
    )
    .map(([k, fields, meta, dupKey]) => {
      const entries: [string, J][] = [['key', k], ...fields];
      if (meta) entries.push(meta);
      // A repeated "key": JSON.parse keeps the last one.
      if (dupKey !== undefined) entries.push(['key', dupKey]);
      return new Obj(entries);
    });

/** Items for a bystander that carry only wrong-typed values and no meta key: nothing may change. */
const inertBystanderItem: fc.Arbitrary<[string, J]> = fc
  .tuple(
    fc.constantFrom(...BYSTANDER_OPTIONS.map((k) => ['LEVELONE_OPTIONS', k] as const), ['LEVELONE_EQUITIES', BYSTANDER_EQUITY] as const),
    fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), fc.constantFrom('__proto__', 'constructor', 'seq')), wrongForEveryField), { minLength: 1, maxLength: 8 }),
  )
  .map(([[service, key], fields]) => [service, new Obj([['key', key], ...fields])]);

const serviceName = fc.oneof(
  { arbitrary: fc.constantFrom<string>(...SERVICES), weight: 30 },
  { arbitrary: fc.constantFrom('TIMESALE_OPTIONS', 'levelone_options', 'LEVELONE_OPTIONS ', 'NEWS_HEADLINE', '__proto__', ''), weight: 8 },
  { arbitrary: fc.string({ maxLength: 12 }), weight: 2 },
  { arbitrary: longString, weight: 1 },
);

/** A data block with any service, command and content; fields may be missing, repeated or wrong. */
const hostileBlock = (safe: boolean): fc.Arbitrary<J> => {
  const item = fc.oneof(
    { arbitrary: hostileL1Item(itemKey(safe)), weight: 16 },
    { arbitrary: nearBook(itemKey(safe)), weight: 8 },
    { arbitrary: nearBar(itemKey(safe)), weight: 8 },
    { arbitrary: hostileValue, weight: 4 },
    // A field holding something huge: a long string or deep nesting.
    { arbitrary: fc.tuple(itemKey(safe), fieldKey, bigValue).map(([key, field, big]) => new Obj([['key', key], [field, big]])), weight: 1 },
  );
  return fc
    .record(
      {
        service: fc.oneof({ arbitrary: serviceName, weight: 6 }, { arbitrary: hostileValue, weight: 1 }),
        timestamp: mostly(finite),
        command: fc.oneof(fc.constantFrom<J>('SUBS', 'ADD', 'UNSUBS', 'VIEW', 'LOGIN', 'BOGUS', '', 7, null)),
        content: fc.oneof({ arbitrary: fc.array(item, { maxLength: 4 }), weight: 6 }, { arbitrary: hostileValue, weight: 1 }),
      },
      { requiredKeys: [] },
    )
    .chain((record) =>
      fc.option(fc.tuple(fc.constantFrom('service', 'content', 'command'), hostileValue), { nil: undefined }).map((dup) => {
        const entries: [string, J][] = Object.entries(record);
        if (dup) entries.push(dup);
        return new Obj(entries);
      }),
    );
};

const SUCCESS_CODES = new Set([0, 26, 27, 28, 29]);
/** Codes of any spelling and type; `noSuccess` leaves out every number a success code equals. */
const code = (noSuccess: boolean): fc.Arbitrary<J> => {
  const all = fc.oneof(
    fc.constantFrom<J>(0, 3, 11, 12, 19, 20, 21, 22, 26, 28, 30, 9, -1, 0.5, 1e300, new Raw('1e999'), new Raw('-0'), new Raw('0.0'), new Raw('2.6e1'), '0', null, true, obj({})),
    fc.integer({ min: -5, max: 40 }),
  );
  return noSuccess ? all.filter((c) => !(typeof c === 'number' && SUCCESS_CODES.has(c)) && !(c instanceof Raw && SUCCESS_CODES.has(Number(c.text)))) : all;
};

/** A response item; with `safe`, never a successful LOGIN or SUBS (those legitimately reset state). */
const responseItem = (safe: boolean): fc.Arbitrary<J> =>
  fc
    .record(
      {
        service: mostly(fc.constantFrom('ADMIN', 'LEVELONE_OPTIONS', 'LEVELONE_EQUITIES', 'OPTIONS_BOOK', 'CHART_EQUITY', 'Invalid Service')),
        command: mostly(fc.constantFrom('LOGIN', 'SUBS', 'ADD', 'UNSUBS', 'VIEW', 'LOGOUT', 'BOGUS')),
        requestid: mostly(fc.nat(9).map(String)),
        SchwabClientCorrelId: mostly(fc.constantFrom('c0ffee', '')),
        timestamp: mostly(finite),
        content: fc.oneof(
          { arbitrary: fc.record({ code: code(safe), msg: mostly(fc.constantFrom('SUBS command succeeded', 'server=s1;status=NP', '')) }, { requiredKeys: [] }).map(obj), weight: 5 },
          { arbitrary: hostileValue, weight: 1 },
        ),
      },
      { requiredKeys: [] },
    )
    .map(obj)
    .filter((item) => !safe || !isResetting(item));

/** A response that would legitimately clear state: a success code on LOGIN or SUBS. */
function isResetting(item: J): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json(item));
  } catch {
    return false;
  }
  const r = parsed as { command?: unknown; content?: { code?: unknown } } | null;
  return (r?.command === 'LOGIN' || r?.command === 'SUBS') && typeof r.content?.code === 'number' && SUCCESS_CODES.has(r.content.code);
}

const notifyItem: fc.Arbitrary<J> = fc.oneof(
  fc.record({ heartbeat: mostly(fc.constantFrom('1755118704127', '0')) }).map(obj),
  fc.record({ heartbeat: fc.constantFrom<J>('abc', '', ' ', '1e999', '0x10', '12abc', new Raw('1e999'), 1e300, -1, 1.5, null, obj({})) }).map(obj),
  fc
    .record(
      { service: mostly(fc.constant('ADMIN')), timestamp: mostly(finite), content: mostly(fc.record({ code: code(false), msg: mostly(fc.constant('Stop streaming due to empty subscription')) }, { requiredKeys: [] }).map(obj)) },
      { requiredKeys: [] },
    )
    .map(obj),
  hostileValue,
);

/** Client notes: malformed ones, and forget notes (for bystanders only when unrestricted). */
const clientNote = (safe: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 40 }).map((s) => `{"fathomClient":${s}`),
    hostileValue.map((v) => `{"fathomClient":${json(v)}}`),
    fc
      .tuple(mostly(serviceName), fc.oneof(fc.array(itemKey(safe), { maxLength: 4 }), hostileValue))
      .map(([service, keys]) => `{"fathomClient":${json(obj({ forget: obj({ service, keys }) }))}}`),
  );

const garbage: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('utf8')),
  codeUnits(100),
  fc.constantFrom('', ' ', 'null', '0', '1e999', '"data"', 'true', '[]', '{}', '[{"data":[]}]', '\u0000\u0001garbage{"notify":[{"heartbeat"', '\ufeff{"notify":[]}'),
);

/** Valid frames for keys hostile frames may touch (with `safe`, no bystander and no reset). */
function validFrame(safe: boolean): fc.Arbitrary<string> {
  const key = fc.constantFrom(TARGET, OTHER_OPTION);
  const frames: fc.Arbitrary<J>[] = [
    fc.tuple(key, optionValues, fc.boolean()).map(([k, v, s]) => dataFrame('LEVELONE_OPTIONS', [optionItem(k, v, s)])),
    fc.tuple(fc.constantFrom('MSFT', 'QQQ'), equityValues, fc.boolean()).map(([k, v, s]) => dataFrame('LEVELONE_EQUITIES', [equityItem(k, v, s)])),
    fc.array(validBook(fc.constantFrom(TARGET, ...BYSTANDER_OPTIONS)), { minLength: 1, maxLength: 2 }).map((items) => dataFrame('OPTIONS_BOOK', items)),
    validBar(fc.constantFrom('MSFT', 'QQQ')).map((bar) => dataFrame('CHART_EQUITY', [bar])),
    fc.constant(obj({ notify: [obj({ heartbeat: '1755118704127' })] })),
    fc.constant(obj({ response: [obj({ service: 'LEVELONE_OPTIONS', command: 'ADD', requestid: '3', SchwabClientCorrelId: 'c', timestamp: 1, content: obj({ code: 0, msg: 'ADD command succeeded' }) })] })),
  ];
  if (!safe) {
    frames.push(
      fc.tuple(fc.constantFrom(...BYSTANDER_OPTIONS), optionValues, fc.boolean()).map(([k, v, s]) => dataFrame('LEVELONE_OPTIONS', [optionItem(k, v, s)])),
      validBar(fc.constant(BYSTANDER_BARS)).map((bar) => dataFrame('CHART_EQUITY', [bar])),
      fc.constantFrom('ADMIN/LOGIN', 'LEVELONE_OPTIONS/SUBS', 'LEVELONE_EQUITIES/SUBS').map((sc) => {
        const [service, command] = sc.split('/') as [string, string];
        return obj({ response: [obj({ service, command, requestid: '1', SchwabClientCorrelId: 'c', timestamp: 1, content: obj({ code: 0, msg: '' }) })] });
      }),
    );
  }
  const asText = fc.oneof(...frames).map(json);
  if (safe) return asText;
  return fc.oneof(asText, fc.constantFrom(...BYSTANDER_OPTIONS).map((k) => forgetNote('LEVELONE_OPTIONS', [k])));
}

/** Any hostile frame. With `safe`, none that may legitimately change a bystander's state. */
function hostileFrame(safe: boolean): fc.Arbitrary<string> {
  const structured: fc.Arbitrary<J> = fc.oneof(
    { arbitrary: fc.array(hostileBlock(safe), { minLength: 1, maxLength: 2 }).map((blocks) => obj({ data: blocks })), weight: 8 },
    { arbitrary: fc.array(responseItem(safe), { minLength: 1, maxLength: 2 }).map((items) => obj({ response: items })), weight: 2 },
    { arbitrary: fc.array(notifyItem, { minLength: 1, maxLength: 3 }).map((items) => obj({ notify: items })), weight: 2 },
    // Arrays where objects are expected, and the reverse.
    { arbitrary: fc.constantFrom<J>(obj({ data: obj({ service: 'LEVELONE_OPTIONS', content: [] }) }), obj({ response: obj({}) }), obj({ notify: 'x' }), [obj({ data: [] })], obj({ data: [[TARGET, 1]] })), weight: 1 },
    // A frame kind holding something huge instead of its array.
    { arbitrary: fc.tuple(fc.constantFrom('data', 'response', 'notify'), bigValue).map(([k, v]) => new Obj([[k, v]])), weight: 1 },
    // Unknown frame kinds, several kinds in one frame, and __proto__ at the top.
    { arbitrary: fc.tuple(fc.constantFrom('surprise', '__proto__', 'constructor', 'Data', 'responses'), hostileValue).map(([k, v]) => new Obj([[k, v]])), weight: 1 },
    {
      arbitrary: fc.tuple(hostileBlock(safe), responseItem(safe), notifyItem).map(([b, r, n]) => new Obj([['notify', [n]], ['data', [b]], ['response', [r]], ['__proto__', obj({ data: [b] })]])),
      weight: 1,
    },
    // Hostile items for bystander keys that must change nothing: all fields wrong, or another service.
    { arbitrary: fc.array(inertBystanderItem, { minLength: 1, maxLength: 3 }).map((items) => obj({ data: items.map(([service, item]) => obj({ service, timestamp: 1, command: 'SUBS', content: [item] })) })), weight: 2 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom('OPTIONS_BOOK', 'NASDAQ_BOOK', 'CHART_EQUITY', 'LEVELONE_FUTURES', 'SCREENER_OPTION', 'TIMESALE_OPTIONS'), fc.array(fc.oneof(nearBook(fc.constantFrom(...BYSTANDER_OPTIONS)), hostileL1Item(fc.constantFrom(...BYSTANDER_OPTIONS, BYSTANDER_EQUITY))), { minLength: 1, maxLength: 3 }))
        .map(([service, items]) => dataFrame(service, items)),
      weight: 2,
    },
  );
  return fc.oneof(
    { arbitrary: structured.map(json), weight: 12 },
    // Truncated frames: a valid or hostile frame cut anywhere.
    { arbitrary: fc.tuple(fc.oneof(validFrame(safe), structured.map(json)), fc.double({ min: 0, max: 1, noNaN: true })).map(([t, f]) => t.slice(0, Math.floor(t.length * f))), weight: 2 },
    { arbitrary: garbage, weight: 2 },
    { arbitrary: clientNote(safe), weight: 1 },
  );
}

export const mixedFrames = (safe: boolean, maxLength: number) =>
  fc.array(fc.oneof({ arbitrary: hostileFrame(safe), weight: 3 }, { arbitrary: validFrame(safe), weight: 1 }), { minLength: 1, maxLength });

// --- what a listener may receive -------------------------------------------------------------
