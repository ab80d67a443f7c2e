// Builds a window kind's bridge inside the preload and hands the page only that: a frozen object
// of named, typed methods from the IPC contract (api.flows.subscribe(…), on.books.book(listener)
// → unsubscribe), filtered to what the window kind may call. No invoke, no channel names, no
// ipcRenderer: main checks the sender and validates every payload again anyway.
//
// contextBridge copies an Error across with its message only, so a refused request reaches the
// page as an Error whose message says what failed (the code stays behind).
import { contextBridge, ipcRenderer } from 'electron';
import type { WindowKind } from '../shared/ipc/define.ts';
import { createBridge } from '../shared/ipc/bridge.ts';
import { createIpcTransport } from './ipc-transport.ts';
import { createPortRelay } from './port-relay.ts';

/** The page's window as the preload sees it (a sandboxed preload has one). */
interface PageWindow {
  location: { origin: string };
  postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void;
}

export function exposeBridge(kind: WindowKind): void {
  const transport = createIpcTransport(ipcRenderer, {
    onListenerError: (channel, error) => console.error(`fathom: a ${channel} listener failed`, error),
  });
  // The port for the flow stream cannot cross contextBridge: it is posted to the page's own
  // window, to its own origin, with the nonce the page asked with (shared/ipc/port-handshake.ts).
  const page = globalThis as unknown as PageWindow;
  const requestPort = createPortRelay(ipcRenderer, (offer, ports) => page.postMessage(offer, page.location.origin, ports));
  contextBridge.exposeInMainWorld('fathom', { ...createBridge(transport, kind), requestPort });
}
