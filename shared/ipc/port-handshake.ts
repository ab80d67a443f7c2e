// How an Electron window gets its MessagePort for the high-rate streams (flow batches as binary
// frames, binary-frames.ts), as VS Code hands ports to its windows: the page makes a nonce and
// asks through the preload; main checks the sender like any request (its own window's top frame,
// its own page), makes a channel, keeps one end and sends the other to that window's preload with
// the nonce; the preload posts it to the page with `window.postMessage`, and the page takes only a
// port that comes from its own window with the nonce it made. A port cannot cross contextBridge,
// hence the post; the nonce keeps any other message from passing itself off as the port.
// What comes over the port is a push from main; the page still sends every request as before.
export const PORT_REQUEST_CHANNEL = 'fathom:port-request';
export const PORT_RESPONSE_CHANNEL = 'fathom:port';

const NONCE = /^[A-Za-z0-9_-]{22,64}$/;

export function isPortNonce(value: unknown): value is string {
  return typeof value === 'string' && NONCE.test(value);
}

/** What the preload posts to the page with the port. */
export interface PortOffer {
  fathomPort: string;
}

export function isPortOffer(data: unknown, nonce: string): data is PortOffer {
  return typeof data === 'object' && data !== null && (data as { fathomPort?: unknown }).fathomPort === nonce;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A 24-character nonce (144 random bits); `fill` fills its bytes (crypto.getRandomValues in the page). */
export function makePortNonce(fill: (bytes: Uint8Array<ArrayBuffer>) => unknown): string {
  const bytes = new Uint8Array(24);
  fill(bytes);
  let out = '';
  for (const b of bytes) out += ALPHABET[b & 63];
  return out;
}
