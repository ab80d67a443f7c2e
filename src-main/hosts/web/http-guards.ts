// The checks every request to the web host passes before it is served: the name it was sent
// to, its size, the token (in the URL or the host's cookie). Each refusal is an answer, never a
// dropped connection, so a browser or a script can tell what went wrong.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';

/**
 * The cookie that keeps the token after the first page. Browsers share cookies across the ports
 * of one host, so the name carries the port: two hosts on one machine do not overwrite each
 * other's. (Any other listener on 127.0.0.1 still receives it; only the token in it protects.)
 */
export function tokenCookieName(port: number): string {
  return `fathom_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * The `Host` values the host answers to: its loopback names and the address it was bound to.
 * A DNS-rebinding page reaches 127.0.0.1 under its own name, so anything else is refused. A
 * wildcard bind answers to every address of this machine's interfaces.
 */
export function allowedHosts(bound: string, port: number): ReadonlySet<string> {
  const names = new Set(['127.0.0.1', 'localhost', '::1', bound]);
  if (bound === '0.0.0.0' || bound === '::') {
    for (const list of Object.values(networkInterfaces())) for (const nic of list ?? []) names.add(nic.address);
  }
  const hosts = new Set<string>();
  for (const name of names) {
    const literal = (name.includes(':') ? `[${name}]` : name).toLowerCase();
    hosts.add(`${literal}:${port}`);
    // A browser leaves out the default port.
    if (port === 80) hosts.add(literal);
  }
  return hosts;
}

export function hostAllowed(req: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const host = req.headers.host;
  return host !== undefined && allowed.has(host.toLowerCase());
}

/** The host serves only GET and HEAD: a request that carries a body is refused unread. */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The request target as a URL; a path like `//x` is a path here, never another host. */
export function requestUrl(req: IncomingMessage): URL | null {
  const target = req.url ?? '/';
  if (!target.startsWith('/')) return null;
  try {
    return new URL(`http://localhost${target}`);
  } catch {
    return null;
  }
}

export function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

export function sameToken(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function refuse(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end(`${message}\n`);
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  408: 'Request Timeout',
  421: 'Misdirected Request',
  431: 'Request Header Fields Too Large',
};

/**
 * Answers on a raw socket (an upgrade, or a request the parser gave up on) and closes it once
 * the answer is written (closing at once could discard it).
 */
export function refuseRaw(socket: Duplex, status: number): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
}

/**
 * Node's parser refused a request (`clientError`): headers over `maxHeaderSize` are a 431, a
 * timeout a 408, anything else a 400; a peer that already went away gets nothing.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  refuseRaw(socket, status);
}
