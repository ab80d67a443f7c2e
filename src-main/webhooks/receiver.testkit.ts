// A real webhook receiver for tests: a node:http server on 127.0.0.1 that records every POST
// and answers as the test says: at once with a status, or not until the test releases it (a slow
// receiver), or never (a stalled one, until close() drops its sockets).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A status, a status with a Retry-After header (seconds), or hold the request. */
export type Answer = number | { status: number; retryAfter: string } | 'hold';

export interface Received {
  n: number;
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: unknown;
  /** Answers a held request (a slow receiver); a no-op for one already answered. */
  release(status?: number, headers?: Record<string, string>): void;
}

export interface Receiver {
  /** The base URL (`http://127.0.0.1:<port>`); a test adds its own path. */
  url: string;
  received: Received[];
  /** Resolves with request number `n` (1-based) once it has arrived. */
  request(n: number): Promise<Received>;
  /** How the next requests are answered, by number; the default answers 204. */
  answer: (n: number) => Answer;
  close(): Promise<void>;
}

export async function startReceiver(answer: (n: number) => Answer = () => 204): Promise<Receiver> {
  const received: Received[] = [];
  const waiting = new Map<number, ((r: Received) => void)[]>();
  const held = new Set<ServerResponse>();
  const receiver: Receiver = {
    url: '',
    received,
    answer,
    request(n) {
      const there = received[n - 1];
      if (there) return Promise.resolve(there);
      return new Promise((resolve) => waiting.set(n, [...(waiting.get(n) ?? []), resolve]));
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const n = received.length + 1;
      let answered = false;
      const release = (status = 204, headers: Record<string, string> = {}): void => {
        if (answered) return;
        answered = true;
        held.delete(res);
        res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(status >= 400 ? 'no' : '');
      };
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const item: Received = { n, method: req.method ?? '', path: req.url ?? '', headers: req.headers, body, json, release };
      received.push(item);
      const how = receiver.answer(n);
      if (how === 'hold') held.add(res);
      else if (typeof how === 'number') release(how);
      else release(how.status, { 'retry-after': how.retryAfter });
      for (const resolve of waiting.get(n) ?? []) resolve(item);
      waiting.delete(n);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}
