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

export type ServerFrame =
  | { kind: 'response'; items: ResponseItem[] }
  | { kind: 'notify'; items: NotifyItem[] }
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
    const items = value.response.filter(isResponseItem);
    if (items.length !== value.response.length) return { ok: false, error: `malformed response: ${sample(text)}` };
    return { ok: true, frame: { kind: 'response', items } };
  }
  if (Array.isArray(value.notify)) {
    const items = value.notify.filter(isNotifyItem);
    if (items.length !== value.notify.length) return { ok: false, error: `malformed notify: ${sample(text)}` };
    return { ok: true, frame: { kind: 'notify', items } };
  }
  if (Array.isArray(value.data)) {
    // Malformed blocks and items are left out one by one, and counted by the consumer; the rest
    // still count.
    const blocks = value.data.filter(isDataBlock);
    if (blocks.length === 0) return { ok: false, error: `malformed data: ${sample(text)}` };
    return { ok: true, frame: { kind: 'data', blocks, malformedBlocks: value.data.length - blocks.length } };
  }
  return { ok: false, error: `unknown frame kind: ${sample(text)}` };
}

export function isHeartbeat(item: NotifyItem): item is HeartbeatItem {
  return 'heartbeat' in item;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isResponseItem(v: unknown): v is ResponseItem {
  return (
    isRecord(v) &&
    typeof v.service === 'string' &&
    typeof v.command === 'string' &&
    typeof v.requestid === 'string' &&
    isRecord(v.content) &&
    typeof v.content.code === 'number'
  );
}

function isNotifyItem(v: unknown): v is NotifyItem {
  if (!isRecord(v)) return false;
  if (typeof v.heartbeat === 'string' || typeof v.heartbeat === 'number') return true;
  return isRecord(v.content) && typeof v.content.code === 'number';
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
