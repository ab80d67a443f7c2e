// The web host's WebSocket wire format. Requests carry an id and get one response; pushed
// events arrive batched, at most one batch per animation frame per window.
import type { Envelope, WindowKind } from './define.ts';

export type ClientMessage = { t: 'req'; id: number; channel: string; payload: unknown };

export type ServerMessage =
  | { t: 'res'; id: number; envelope: Envelope<unknown> }
  | { t: 'evts'; events: [channel: string, payload: unknown][] };

/** Query parameters of the IPC socket URL: `/ipc?token=…&window=feed` or `&window=book&symbol=…`. */
export interface SocketParams {
  token: string;
  window: WindowKind;
  symbol: string | null;
}

export const IPC_PATH = '/ipc';
/** Requests bigger than this are refused before parsing. */
export const MAX_CLIENT_MESSAGE_BYTES = 256 * 1024;

export function parseClientMessage(text: string): ClientMessage | null {
  if (text.length > MAX_CLIENT_MESSAGE_BYTES) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (m.t !== 'req' || typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || typeof m.channel !== 'string') return null;
  return { t: 'req', id: m.id, channel: m.channel, payload: m.payload };
}
