// The preload's side of the internal IPC: one request channel and one event channel to main,
// turned into the BridgeTransport that createBridge (shared/ipc/bridge.ts) builds the page's
// named methods from. The transport itself never reaches the page. Electron-free, so it is
// tested with a stand-in for ipcRenderer.
import type { Envelope } from '../shared/ipc/define.ts';
import type { BridgeTransport } from '../shared/ipc/bridge.ts';

/** Mirrors REQUEST_CHANNEL / EVENTS_CHANNEL in src-main/hosts/electron/ipc-gate.ts. */
export const REQUEST_CHANNEL = 'fathom:request';
export const EVENTS_CHANNEL = 'fathom:events';

/** What the transport needs of Electron's ipcRenderer. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface IpcTransportOptions {
  /** A listener that throws is reported here and the others still run. */
  onListenerError?: (channel: string, error: unknown) => void;
}

export function createIpcTransport(ipc: IpcRendererLike, options: IpcTransportOptions = {}): BridgeTransport {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  ipc.on(EVENTS_CHANNEL, (_event, batch) => {
    if (!Array.isArray(batch)) return;
    for (const item of batch) {
      if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
      const channel = item[0];
      const set = listeners.get(channel);
      if (!set) continue;
      for (const listener of [...set]) {
        try {
          listener(item[1]);
        } catch (error) {
          options.onListenerError?.(channel, error);
        }
      }
    }
  });

  return {
    async invoke(channel, payload) {
      try {
        const answer = await ipc.invoke(REQUEST_CHANNEL, channel, payload);
        return isEnvelope(answer) ? answer : { ok: false, error: { code: 'INTERNAL', message: `${channel}: main sent no envelope` } };
      } catch (error) {
        // A payload that cannot be cloned, or main going away mid-call.
        return { ok: false, error: { code: 'UNAVAILABLE', message: `${channel}: ${error instanceof Error ? error.message : String(error)}` } };
      }
    },
    subscribe(channel, listener) {
      let set = listeners.get(channel);
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      // Wrapped, so subscribing the same function twice gives two independent unsubscribes.
      const own = (payload: unknown) => listener(payload);
      set.add(own);
      return () => {
        set.delete(own);
        if (set.size === 0 && listeners.get(channel) === set) listeners.delete(channel);
      };
    },
  };
}

function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (record.ok === true) return 'value' in record;
  if (record.ok !== false) return false;
  const error = record.error as Record<string, unknown> | null | undefined;
  return typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string';
}
