// The preload's part in handing a window its MessagePort (shared/ipc/port-handshake.ts): asks
// main for a port under the page's nonce, and posts the port main sends back to the page with
// that nonce. Only a nonce the page asked with is answered, once. Electron-free, so it is tested
// with stand-ins for ipcRenderer and the page's window.
import { PORT_REQUEST_CHANNEL, PORT_RESPONSE_CHANNEL, isPortNonce, type PortOffer } from '../shared/ipc/port-handshake.ts';

/** What the relay needs of Electron's ipcRenderer. */
export interface PortIpc {
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: { ports: readonly unknown[] }, ...args: unknown[]) => void): unknown;
}

/** Posts to the page's own window (`window.postMessage(offer, origin, ports)`). */
export type PostToPage = (offer: PortOffer, ports: unknown[]) => void;

/** Returns the page's `requestPort(nonce)`. */
export function createPortRelay(ipc: PortIpc, post: PostToPage): (nonce: string) => void {
  const asked = new Set<string>();
  ipc.on(PORT_RESPONSE_CHANNEL, (event, nonce) => {
    if (!isPortNonce(nonce) || !asked.has(nonce) || event.ports.length !== 1) return;
    asked.delete(nonce);
    post({ fathomPort: nonce }, [...event.ports]);
  });
  return (nonce) => {
    if (!isPortNonce(nonce)) throw new Error('a port request needs a nonce of 22 to 64 URL-safe characters');
    asked.add(nonce);
    ipc.send(PORT_REQUEST_CHANNEL, nonce);
  };
}
