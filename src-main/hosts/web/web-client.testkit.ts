// Clients of the web host for its tests: a window's socket speaking the wire format, and raw
// HTTP for requests fetch would normalise or refuse to send (a forged Host, a huge header).
import { connect as connectTcp, type Socket } from 'node:net';
import WebSocket from 'ws';
import type { Envelope } from '../../../shared/ipc/define.ts';
import type { ServerMessage } from '../../../shared/ipc/wire.ts';
import { readBinaryFrame } from '../../../shared/ipc/binary-frames.ts';

export interface WindowClient {
  ws: WebSocket;
  call(channel: string, payload?: unknown): Promise<Envelope<unknown>>;
  /** Every pushed event, in arrival order (a binary frame's batch still packed). */
  events: [string, unknown][];
  /** How many pushes came as binary frames. */
  binaryFrames(): number;
  /** Resolves once an event matching `match` has arrived (at once if one already has). */
  waitFor(match: (event: [string, unknown]) => boolean): Promise<void>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  /** Stops (and restarts) reading from the TCP socket: a window that does not keep up. */
  pause(): void;
  resume(): void;
}

/** Opens `/ipc?<query>` like a page of the host's own origin (or `origin`). */
export async function connectWindow(port: number, query: string, origin = `http://127.0.0.1:${port}`): Promise<WindowClient> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ipc?${query}`, { origin });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const pending = new Map<number, (e: Envelope<unknown>) => void>();
  const events: [string, unknown][] = [];
  const waiters = new Set<{ match: (event: [string, unknown]) => boolean; resolve: () => void }>();
  let binary = 0;
  ws.on('message', (data, isBinary) => {
    if (isBinary) binary++;
    const m: ServerMessage = isBinary
      ? { t: 'evts', events: [readBinaryFrame(new Uint8Array(data as Buffer))] }
      : (JSON.parse(data.toString()) as ServerMessage);
    if (m.t === 'res') {
      pending.get(m.id)?.(m.envelope);
      return;
    }
    events.push(...m.events);
    for (const waiter of [...waiters]) {
      if (m.events.some(waiter.match)) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  // The ws client keeps its TCP socket private; pausing it is the only way to stop reading.
  const tcp = (ws as unknown as { _socket: Socket })._socket;
  let id = 1;
  return {
    ws,
    events,
    binaryFrames: () => binary,
    closed,
    call(channel, payload = {}) {
      const n = id++;
      ws.send(JSON.stringify({ t: 'req', id: n, channel, payload }));
      return new Promise((resolve) => pending.set(n, resolve));
    },
    waitFor(match) {
      if (events.some(match)) return Promise.resolve();
      return new Promise((resolve) => waiters.add({ match, resolve }));
    },
    pause: () => tcp.pause(),
    resume: () => tcp.resume(),
  };
}

export interface RawResponse {
  status: number;
  headers: string[];
  body: string;
}

/**
 * Sends `request` as written (a full HTTP/1.1 request, or just its start) and reads the answer
 * until the host closes the connection (so a complete request says `Connection: close`).
 */
export function rawRequest(port: number, request: string | Buffer, address = '127.0.0.1'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, address, () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    // A host that answers early may reset the connection while the request is still going out;
    // what it answered before that still counts.
    socket.on('error', (error) => (chunks.length > 0 ? undefined : reject(error)));
    socket.on('close', () => resolve(parseResponse(Buffer.concat(chunks).toString('latin1'))));
  });
}

function parseResponse(text: string): RawResponse {
  const [head = '', ...rest] = text.split('\r\n\r\n');
  const [statusLine = '', ...headers] = head.split('\r\n');
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n') };
}
