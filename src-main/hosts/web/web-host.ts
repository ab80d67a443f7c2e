// The web host: the same app core as the desktop shell, served to a browser on loopback. HTTP
// serves the renderer build; one WebSocket per window speaks the IPC contract. Nothing is served
// without the random per-run token from the printed URL (kept afterwards in a strict cookie),
// and nothing at all under a Host name other than the host's own (http-guards.ts).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WindowKind } from '../../../shared/ipc/define.ts';
import { IPC_PATH, MAX_CLIENT_MESSAGE_BYTES, parseClientMessage, parseSocketWindow } from '../../../shared/ipc/wire.ts';
import type { AppCore } from '../../app/app-core.ts';
import { systemClock, type Clock } from '../../util/clock.ts';
import { silentLogger, type Logger } from '../../util/log.ts';
import {
  allowedHosts,
  answerClientError,
  cookie,
  hasBody,
  hostAllowed,
  refuse,
  refuseRaw,
  requestUrl,
  sameToken,
  tokenCookie,
  tokenCookieName,
} from './http-guards.ts';
import { SendQueue } from './send-queue.ts';
import { readAck } from '../../../shared/ipc/binary-frames.ts';
import { safePath, securityHeaders, sendFile } from './static-files.ts';
import { EXPORTS_PATH } from './web-capabilities.ts';

export interface WebHostOptions {
  core: AppCore;
  rendererDir: string;
  exportsDir: string;
  port?: number;
  host?: string;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  logger?: Logger;
  /** Times the send queues' deadlines (a slow window is closed after one). */
  clock?: Clock;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Headers beyond this are answered 431 (Node's default, stated so it cannot drift). */
const MAX_HEADER_BYTES = 16 * 1024;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = (options.logger ?? silentLogger).child('web');
  const clock = options.clock ?? systemClock();
  const token = options.token ?? randomBytes(24).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<WebSocket>();
  let nextWindow = 1;
  // Known once listening, before any request can arrive.
  let port = 0;
  let hosts: ReadonlySet<string> = new Set();

  const authorized = (req: IncomingMessage, url: URL) => sameToken(url.searchParams.get('token'), token) || sameToken(cookie(req, tokenCookieName(port)), token);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    // A page under another name (DNS rebinding) learns nothing, not even whether its token works.
    if (!hostAllowed(req, hosts)) return refuse(res, 421, 'Refused: this host answers only to its own address.');
    if (hasBody(req)) {
      // Unread, so the connection cannot be reused.
      res.setHeader('Connection', 'close');
      return refuse(res, 413, 'Refused: this host takes no request body.');
    }
    const url = requestUrl(req);
    if (!url) return refuse(res, 400, 'bad request');
    if (!authorized(req, url)) return refuse(res, 403, 'Refused: open the URL with the token that `fathom serve` printed.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    if (sameToken(url.searchParams.get('token'), token)) res.setHeader('Set-Cookie', tokenCookie(port, token));
    if (url.pathname.startsWith(EXPORTS_PATH)) {
      const path = safePath(options.exportsDir, url.pathname.slice(EXPORTS_PATH.length));
      if (path && (await sendFile(res, path, log, { download: path.split(/[\\/]/).pop() ?? 'export' }))) return;
      return refuse(res, 404, 'no such export');
    }
    const file = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    const path = safePath(options.rendererDir, file);
    if (path && (await sendFile(res, path, log, { cache: file.startsWith('assets/') }))) return;
    // Client-side routes (a book window's tab) get the app.
    if (!file.includes('.') && (await sendFile(res, join(options.rendererDir, 'index.html'), log))) return;
    refuse(res, 404, 'not found');
  }

  const server: Server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    serve(req, res).catch((error: unknown) => {
      log.error('request failed', { reason: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) refuse(res, 500, 'internal error');
      else res.destroy();
    });
  });
  server.on('clientError', answerClientError);

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    if (!hostAllowed(req, hosts)) return refuseRaw(socket, 421);
    const url = requestUrl(req);
    // A page on another site must not reach the socket even with the cookie (cross-site hijack).
    const sameOrigin = req.headers.origin?.startsWith('http://') === true && hosts.has(req.headers.origin.slice('http://'.length).toLowerCase());
    if (!url || url.pathname !== IPC_PATH || !authorized(req, url) || !sameOrigin) return refuseRaw(socket, 403);
    const window = parseSocketWindow(url.searchParams);
    if ('error' in window) {
      log.warn('socket refused', { reason: window.error });
      return refuseRaw(socket, 400);
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws, window.kind, window.symbol, window.binary));
  });

  function onSocket(ws: WebSocket, kind: WindowKind, symbol: string | null, binary: boolean): void {
    const id = `web-${nextWindow++}`;
    sockets.add(ws);
    const out = new SendQueue(ws, { clock, log, window: id, binary });
    const detach = options.core.attachWindow({ id, kind, symbol, send: (events) => out.events(events) });
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        const sentAt = readAck(toBytes(data));
        if (sentAt === null) log.warn('malformed binary message from a window', { window: id });
        else out.received(sentAt);
        return;
      }
      const message = parseClientMessage(data.toString());
      if (!message) {
        log.warn('malformed message from a window', { window: id });
        return;
      }
      void options.core.dispatch(id, message.channel, message.payload).then((envelope) => out.answer(message.id, envelope));
    });
    // Includes a message over maxPayload, which ws answers by closing with 1009.
    ws.on('error', (error) => log.warn('window socket error', { window: id, reason: error.message }));
    ws.on('close', () => {
      sockets.delete(ws);
      detach();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/?token=${token}`;
  log.info('web host listening', { port });

  return {
    url,
    port,
    token,
    async close() {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A received message's bytes, however ws handed them over. */
function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data;
}
