// The renderer's view of main: named, typed methods per domain, built from the contract over
// any transport (the Electron preload or the web host's WebSocket). The React app codes against
// FathomBridge and never learns which host it runs in: answers say what the host did.
import type { z } from 'zod';
import type { Envelope, EventDef, IpcErrorCode, PayloadOf, RequestDef, WindowKind } from './define.ts';
import { api, events } from './index.ts';

type Api = typeof api;
type Events = typeof events;

export type RequestInput<D> = D extends RequestDef<string, infer S, unknown> ? z.input<S> : never;
export type ResponseValue<D> = D extends RequestDef<string, z.ZodType, infer R> ? R : never;

export type BridgeApi = {
  [Domain in keyof Api]: {
    [Method in keyof Api[Domain]]: (payload: RequestInput<Api[Domain][Method]>) => Promise<ResponseValue<Api[Domain][Method]>>;
  };
};

export type BridgeEvents = {
  [Domain in keyof Events]: {
    [Name in keyof Events[Domain]]: (listener: (payload: PayloadOf<Events[Domain][Name]>) => void) => () => void;
  };
};

export interface FathomBridge {
  readonly window: WindowKind;
  readonly api: BridgeApi;
  readonly on: BridgeEvents;
  /**
   * Electron only: asks main for this window's MessagePort under `nonce`; it is posted to the
   * page's window with the nonce (port-handshake.ts). Absent on the web host.
   */
  readonly requestPort?: (nonce: string) => void;
}

/** What a host must provide: send one request, and deliver pushed events by channel. */
export interface BridgeTransport {
  invoke(channel: string, payload: unknown): Promise<Envelope<unknown>>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
}

export class IpcClientError extends Error {
  readonly code: IpcErrorCode;

  constructor(code: IpcErrorCode, message: string) {
    super(message);
    this.name = 'IpcClientError';
    this.code = code;
  }
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Timers exist in every host this runs in (browser, preload, Node) but are not ECMAScript. */
interface HostTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
const timers = globalThis as unknown as HostTimers;

export function createBridge(transport: BridgeTransport, window: WindowKind, timeoutMs = DEFAULT_TIMEOUT_MS): FathomBridge {
  const apiOut: Record<string, Record<string, (payload: unknown) => Promise<unknown>>> = {};
  for (const [domain, defs] of Object.entries(api)) {
    const methods: Record<string, (payload: unknown) => Promise<unknown>> = {};
    for (const [method, def] of Object.entries(defs as Record<string, RequestDef<string, z.ZodType, unknown>>)) {
      if (!def.allowedFrom.includes(window)) continue;
      methods[method] = (payload) => call(transport, def.channel, payload, timeoutMs);
    }
    apiOut[domain] = Object.freeze(methods);
  }
  const onOut: Record<string, Record<string, (listener: (payload: unknown) => void) => () => void>> = {};
  for (const [domain, defs] of Object.entries(events)) {
    const subs: Record<string, (listener: (payload: unknown) => void) => () => void> = {};
    for (const [name, def] of Object.entries(defs as Record<string, EventDef<string, unknown>>)) {
      subs[name] = (listener) => transport.subscribe(def.channel, listener);
    }
    onOut[domain] = Object.freeze(subs);
  }
  return Object.freeze({
    window,
    api: Object.freeze(apiOut) as unknown as BridgeApi,
    on: Object.freeze(onOut) as unknown as BridgeEvents,
  });
}

async function call(transport: BridgeTransport, channel: string, payload: unknown, timeoutMs: number): Promise<unknown> {
  let timer: unknown;
  const timeout = new Promise<Envelope<unknown>>((resolve) => {
    timer = timers.setTimeout(() => resolve({ ok: false, error: { code: 'TIMEOUT', message: `${channel}: no answer within ${timeoutMs} ms` } }), timeoutMs);
  });
  try {
    const envelope = await Promise.race([transport.invoke(channel, payload), timeout]);
    if (envelope.ok) return envelope.value;
    throw new IpcClientError(envelope.error.code, envelope.error.message);
  } finally {
    timers.clearTimeout(timer);
  }
}
