// The web host: the same app core as the desktop shell, served to a browser on loopback. HTTP
// serves the renderer build; one WebSocket per window speaks the IPC contract. Nothing is served
// without the random per-run token from the printed URL (kept afterwards in a strict cookie).
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WindowKind } from '../../../shared/ipc/define.ts';
import { IPC_PATH, parseClientMessage, parseSocketWindow, type ServerMessage } from '../../../shared/ipc/wire.ts';
import type { AppCore } from '../../app/app-core.ts';
import type { WireEvent } from '../../../shared/ipc/push.ts';
import { silentLogger, type Logger } from '../../util/log.ts';
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
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COOKIE = 'fathom_token';
const MAX_BUFFERED = 16 * 1024 * 1024;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = (options.logger ?? silentLogger).child('web');
  const token = options.token ?? randomBytes(24).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const sockets = new Set<WebSocket>();
  let nextWindow = 1;
  let port = 0;

  const authorized = (req: IncomingMessage, url: URL) => sameToken(url.searchParams.get('token'), token) || sameToken(cookie(req, COOKIE), token);

  const server: Server = createServer((req, res) => {
    securityHeaders(res);
    const url = requestUrl(req);
    if (!url) return refuse(res, 400, 'bad request');
    if (!authorized(req, url)) return refuse(res, 403, 'Refused: open the URL with the token that `fathom serve` printed.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'method not allowed');
    if (sameToken(url.searchParams.get('token'), token)) {
      res.setHeader('Set-Cookie', `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (url.pathname.startsWith(EXPORTS_PATH)) {
      const path = safePath(options.exportsDir, url.pathname.slice(EXPORTS_PATH.length));
      if (path && sendFile(res, path, { download: path.split(/[\\/]/).pop() ?? 'export' })) return;
      return refuse(res, 404, 'no such export');
    }
    const file = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
    const path = safePath(options.rendererDir, file);
    if (path && sendFile(res, path, { cache: file.startsWith('assets/') })) return;
    // Client-side routes (a book window's tab) get the app.
    if (!file.includes('.') && sendFile(res, join(options.rendererDir, 'index.html'))) return;
    refuse(res, 404, 'not found');
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = requestUrl(req);
    const origin = req.headers.origin;
    // A page on another site must not reach the socket even with the cookie (cross-site hijack).
    const sameOrigin = origin === `http://${host}:${port}` || origin === `http://localhost:${port}`;
    if (!url || url.pathname !== IPC_PATH || !authorized(req, url) || !sameOrigin) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    const window = parseSocketWindow(url.searchParams);
    if ('error' in window) {
      log.warn('socket refused', { reason: window.error });
      socket.write('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onSocket(ws, window.kind, window.symbol));
  });

  function onSocket(ws: WebSocket, kind: WindowKind, symbol: string | null): void {
    const id = `web-${nextWindow++}`;
    sockets.add(ws);
    const send = (message: ServerMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      // A window that stopped reading must not make main hold gigabytes for it.
      if (ws.bufferedAmount > MAX_BUFFERED && message.t === 'evts') return;
      ws.send(JSON.stringify(message));
    };
    const detach = options.core.attachWindow({ id, kind, symbol, send: (events: WireEvent[]) => send({ t: 'evts', events }) });
    ws.on('message', (data, isBinary) => {
      const message = isBinary ? null : parseClientMessage(data.toString());
      if (!message) {
        log.warn('malformed message from a window', { window: id });
        return;
      }
      void options.core.dispatch(id, message.channel, message.payload).then((envelope) => send({ t: 'res', id: message.id, envelope }));
    });
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
  const url = `http://${host}:${port}/?token=${token}`;
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

/** The request target as a URL; a path like `//x` is a path here, never another host. */
function requestUrl(req: IncomingMessage): URL | null {
  const target = req.url ?? '/';
  if (!target.startsWith('/')) return null;
  try {
    return new URL(`http://localhost${target}`);
  } catch {
    return null;
  }
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(`${message}\n`);
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
