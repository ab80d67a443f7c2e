// The web host's WebSocket wire format. Requests carry an id and get one response; pushed
// events arrive batched, at most one batch per animation frame per window. A socket opened with
// `wire=binary` gets the flow batches as binary frames instead (binary-frames.ts); everything
// else, and every request, stays JSON.
import { tryParseOptionSymbol } from '../symbols/option-symbol.ts';
import { isEnvelope, type Envelope, type WindowKind } from './define.ts';

export type ClientMessage = { t: 'req'; id: number; channel: string; payload: unknown };

export type ServerMessage =
  | { t: 'res'; id: number; envelope: Envelope<unknown> }
  | { t: 'evts'; events: [channel: string, payload: unknown][] };

/** Query parameters of the IPC socket URL: `/ipc?token=…&window=feed` or `&window=book&symbol=…`, and `&wire=binary`. */
export interface SocketParams {
  token: string;
  window: WindowKind;
  symbol: string | null;
}

/** The query parameter and value by which a socket asks for binary flow frames. */
export const BINARY_WIRE = { param: 'wire', value: 'binary' } as const;

export const IPC_PATH = '/ipc';
/** Requests bigger than this are refused before parsing. */
export const MAX_CLIENT_MESSAGE_BYTES = 256 * 1024;

export function parseClientMessage(text: string): ClientMessage | null {
  if (text.length > MAX_CLIENT_MESSAGE_BYTES) return null;
  const m = parseObject(text);
  if (!m) return null;
  if (m.t !== 'req' || typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || typeof m.channel !== 'string') return null;
  return { t: 'req', id: m.id, channel: m.channel, payload: m.payload };
}

/** A message from the host; anything malformed is null, and events without a channel are dropped. */
export function parseServerMessage(text: string): ServerMessage | null {
  const m = parseObject(text);
  if (!m) return null;
  if (m.t === 'res') return typeof m.id === 'number' && isEnvelope(m.envelope) ? { t: 'res', id: m.id, envelope: m.envelope } : null;
  if (m.t === 'evts' && Array.isArray(m.events)) {
    const events = (m.events as unknown[]).filter((item): item is [string, unknown] => Array.isArray(item) && typeof item[0] === 'string');
    return { t: 'evts', events: events.map(([channel, payload]) => [channel, payload]) };
  }
  return null;
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The window a socket is for, from its query: `window=feed` (the default) or `window=book` with
 * a contract in any accepted form, returned in Schwab's form. Anything else is refused with a
 * reason, before the socket opens.
 */
export function parseSocketWindow(params: { get(name: string): string | null }): { kind: WindowKind; symbol: string | null; binary: boolean } | { error: string } {
  const kind = params.get('window') ?? 'feed';
  const wire = params.get(BINARY_WIRE.param);
  if (wire !== null && wire !== BINARY_WIRE.value) return { error: `wire must be ${BINARY_WIRE.value} when given` };
  const binary = wire === BINARY_WIRE.value;
  if (kind === 'feed') return { kind, symbol: null, binary };
  if (kind !== 'book') return { error: 'window must be feed or book' };
  const parsed = tryParseOptionSymbol((params.get('symbol') ?? '').slice(0, 64));
  if (!parsed.ok) return { error: `a book window needs an option contract: ${parsed.error.message}` };
  return { kind, symbol: parsed.contract.symbol, binary };
}
