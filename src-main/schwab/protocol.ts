// The Schwab streamer's wire format, as docs/schwab-streaming.md §3 describes it.
// Shared by the client (which sends requests and reads frames) and the simulator (the reverse).

export const SERVICES = [
  'ADMIN',
  'LEVELONE_EQUITIES',
  'LEVELONE_OPTIONS',
  'LEVELONE_FUTURES',
  'LEVELONE_FUTURES_OPTIONS',
  'LEVELONE_FOREX',
  'NYSE_BOOK',
  'NASDAQ_BOOK',
  'OPTIONS_BOOK',
  'CHART_EQUITY',
  'CHART_FUTURES',
  'SCREENER_EQUITY',
  'SCREENER_OPTION',
  'ACCT_ACTIVITY',
] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The services Fathom subscribes to. */
export type MarketService = 'LEVELONE_OPTIONS' | 'OPTIONS_BOOK' | 'LEVELONE_EQUITIES' | 'CHART_EQUITY';
export const MARKET_SERVICES: readonly MarketService[] = [
  'LEVELONE_OPTIONS',
  'OPTIONS_BOOK',
  'LEVELONE_EQUITIES',
  'CHART_EQUITY',
];

export const COMMANDS = ['LOGIN', 'LOGOUT', 'SUBS', 'ADD', 'UNSUBS', 'VIEW'] as const;
export type CommandName = (typeof COMMANDS)[number];

/** One request; key casing is exact (`requestid` lower-case, `SchwabClient…` upper-camel). */
export interface StreamRequest {
  service: string;
  command: string;
  requestid: string;
  SchwabClientCustomerId: string;
  SchwabClientCorrelId: string;
  parameters?: Record<string, string>;
}

export interface RequestEnvelope {
  requests: StreamRequest[];
}

export interface ResponseContent {
  code: number;
  msg: string;
}

export interface ResponseItem {
  service: string;
  command: string;
  requestid: string;
  SchwabClientCorrelId: string;
  timestamp: number;
  content: ResponseContent;
}

export interface HeartbeatItem {
  heartbeat: string;
}

export interface AdminNotifyItem {
  service: string;
  timestamp: number;
  content: ResponseContent;
}

export type NotifyItem = HeartbeatItem | AdminNotifyItem;

/** A data item: `key` plus numeric-string field keys, plus meta keys on snapshots. */
export type DataItem = { key: string } & Record<string, unknown>;

export interface DataBlock {
  service: string;
  timestamp: number;
  command: string;
  content: DataItem[];
}

/**
 * Response and notify items are copies holding only their documented fields. `badFields` counts
 * the descriptive fields (msg, correl id, timestamp, a notice's service) that had the wrong type
 * and read as '' or 0; the fields a client acts on (service, command, requestid, code, a
 * heartbeat's time) must be right or the frame is malformed.
 */
export type ServerFrame =
  | { kind: 'response'; items: ResponseItem[]; badFields: number }
  | { kind: 'notify'; items: NotifyItem[]; badFields: number }
  | { kind: 'data'; blocks: DataBlock[]; /** Entries of `data` that are not blocks, left out. */ malformedBlocks: number };

export type FrameParse = { ok: true; frame: ServerFrame } | { ok: false; error: string };

const MAX_ERROR_SAMPLE = 120;

/**
 * Parses one server frame. Never throws: a frame that is not JSON or not one of the three
 * kinds comes back as an error to be counted and logged (Schwab has sent non-JSON bytes).
 */
export function parseServerFrame(text: string): FrameParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, error: `unparsable frame: ${sample(text)}` };
  }
  if (!isRecord(value)) return { ok: false, error: `frame is not an object: ${sample(text)}` };
  if (Array.isArray(value.response)) {
    const bad = { fields: 0 };
    const items = value.response.map((v) => readResponseItem(v, bad)).filter((v) => v !== null);
    if (items.length !== value.response.length) return { ok: false, error: `malformed response: ${sample(text)}` };
    return { ok: true, frame: { kind: 'response', items, badFields: bad.fields } };
  }
  if (Array.isArray(value.notify)) {
    const bad = { fields: 0 };
    const items = value.notify.map((v) => readNotifyItem(v, bad)).filter((v) => v !== null);
    if (items.length !== value.notify.length) return { ok: false, error: `malformed notify: ${sample(text)}` };
    return { ok: true, frame: { kind: 'notify', items, badFields: bad.fields } };
  }
  if (Array.isArray(value.data)) {
    // Malformed blocks and items are left out one by one, and counted by the consumer; the rest
    // still count. A frame whose blocks are all well-formed (every one Schwab sends) is used as
    // parsed: no copy of its array per frame.
    const data: unknown[] = value.data;
    const blocks = data.every(isDataBlock) ? data : data.filter(isDataBlock);
    if (blocks.length === 0) return { ok: false, error: `malformed data: ${sample(text)}` };
    return { ok: true, frame: { kind: 'data', blocks, malformedBlocks: data.length - blocks.length } };
  }
  return { ok: false, error: `unknown frame kind: ${sample(text)}` };
}

export function isHeartbeat(item: NotifyItem): item is HeartbeatItem {
  return 'heartbeat' in item;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface BadFields {
  fields: number;
}

function textField(v: unknown, bad: BadFields): string {
  if (typeof v === 'string') return v;
  bad.fields++;
  return '';
}

function timeField(v: unknown, bad: BadFields): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  bad.fields++;
  return 0;
}

function readContent(v: unknown, bad: BadFields): ResponseContent | null {
  if (!isRecord(v) || !Number.isInteger(v.code)) return null;
  return { code: v.code as number, msg: textField(v.msg, bad) };
}

function readResponseItem(v: unknown, bad: BadFields): ResponseItem | null {
  if (!isRecord(v) || typeof v.service !== 'string' || typeof v.command !== 'string' || typeof v.requestid !== 'string') return null;
  const content = readContent(v.content, bad);
  if (content === null) return null;
  return {
    service: v.service,
    command: v.command,
    requestid: v.requestid,
    SchwabClientCorrelId: textField(v.SchwabClientCorrelId, bad),
    timestamp: timeField(v.timestamp, bad),
    content,
  };
}

/** Epoch ms, a string of digits on the wire ("1755118704127"); a whole number is taken too. */
const HEARTBEAT_TIME = /^\d{1,16}$/;

function readNotifyItem(v: unknown, bad: BadFields): NotifyItem | null {
  if (!isRecord(v)) return null;
  if ('heartbeat' in v) {
    const beat = v.heartbeat;
    if (typeof beat === 'string' && HEARTBEAT_TIME.test(beat)) return { heartbeat: beat };
    if (typeof beat === 'number' && Number.isSafeInteger(beat) && beat >= 0) return { heartbeat: String(beat) };
    return null;
  }
  const content = readContent(v.content, bad);
  if (content === null) return null;
  return { service: textField(v.service, bad), timestamp: timeField(v.timestamp, bad), content };
}

function isDataBlock(v: unknown): v is DataBlock {
  return isRecord(v) && typeof v.service === 'string' && Array.isArray(v.content);
}

export function isDataItem(v: unknown): v is DataItem {
  return isRecord(v) && typeof v.key === 'string' && v.key.length > 0;
}

function sample(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_ERROR_SAMPLE ? `${flat.slice(0, MAX_ERROR_SAMPLE)}…` : flat;
}

/** Serialises requests; the array form is what every library sends. */
export function encodeRequests(requests: StreamRequest[]): string {
  return JSON.stringify({ requests } satisfies RequestEnvelope);
}
