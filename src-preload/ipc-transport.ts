// The preload's side of the internal IPC: one request channel and one event channel to main,
// turned into the BridgeTransport that createBridge (shared/ipc/bridge.ts) builds the page's
// named methods from. The transport itself never reaches the page. Electron-free, so it is
// tested with a stand-in for ipcRenderer.
import { isEnvelope } from '../shared/ipc/define.ts';
import type { BridgeTransport } from '../shared/ipc/bridge.ts';
import { EventFanOut } from '../shared/ipc/fan-out.ts';
import { EVENTS_CHANNEL, REQUEST_CHANNEL } from '../shared/ipc/transport.ts';

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
  const fanOut = new EventFanOut(options.onListenerError);
  ipc.on(EVENTS_CHANNEL, (_event, batch) => fanOut.deliver(batch));

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
    subscribe: (channel, listener) => fanOut.subscribe(channel, listener),
  };
}
