// Serves the built renderer (and finished exports) with strict headers and no way out of the
// folder it was given. A file that cannot be read is an answer (500, or a cut response once
// bytes went out), never an error that ends the process.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { pipeline } from 'node:stream';
import type { Logger } from '../../util/log.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.csv': 'text/csv; charset=utf-8',
  '.ndjson': 'application/x-ndjson',
  '.parquet': 'application/vnd.apache.parquet',
};

/** The page may talk only to this host: scripts and sockets from 'self', nothing remote. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** Resolves a URL path inside `root`, or null for anything that would leave it. */
export function safePath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  const base = normalize(root.endsWith(sep) ? root : root + sep);
  if (!full.startsWith(base)) return null;
  return full;
}

export interface SendOptions {
  download?: string;
  cache?: boolean;
}

// Non-blocking, so a FIFO opens at once (and is then refused as no file) instead of holding a
// thread of libuv's pool until some writer appears; regular files ignore the flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Sends `path` if it is a regular file; false (nothing sent) if there is none. The file is
 * opened once and checked through its handle, so it cannot be swapped between check and read.
 */
export async function sendFile(res: ServerResponse, path: string, log: Logger, options: SendOptions = {}): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch {
    return false;
  }
  try {
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      return false;
    }
    // One byte first: a file that cannot be read is a 500 before any header is committed.
    await handle.read(Buffer.alloc(1), 0, 1, 0);
  } catch (error) {
    await handle.close().catch(() => undefined);
    fail(res, path, error, log);
    return true;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
  res.setHeader('Cache-Control', options.cache ? 'public, max-age=31536000, immutable' : 'no-store');
  if (options.download) res.setHeader('Content-Disposition', `attachment; filename="${options.download.replace(/["\\]/g, '')}"`);
  // pipeline closes the file however the response ends (a reader that goes away included).
  pipeline(handle.createReadStream({ start: 0 }), res, (error) => {
    if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') fail(res, path, error, log);
  });
  return true;
}

function fail(res: ServerResponse, path: string, error: unknown, log: Logger): void {
  log.warn('static file could not be read', { file: path.split(/[\\/]/).pop(), reason: (error as NodeJS.ErrnoException).code ?? String(error) });
  if (res.headersSent || res.destroyed) {
    // Part of the file went out: cutting the response is the only honest end.
    res.destroy();
    return;
  }
  res.removeHeader('Content-Disposition');
  res.statusCode = 500;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.end('could not read the file\n');
}
