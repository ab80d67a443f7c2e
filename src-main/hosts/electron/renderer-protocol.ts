// Our pages come from app://fathom/, a privileged custom scheme served from out/renderer, never
// from file:// (Electron's security checklist, item 18): a page on file:// may read any file the
// user can, a page on app:// only what this module agrees to serve. Electron-free: the handler
// takes a web Request and answers a web Response (both global in Node and in Electron's main),
// so the tests run it under plain Node; main.ts registers it with protocol.handle.
import { lstat, readFile } from 'node:fs/promises';
import nodePath, { type PlatformPath } from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'fathom';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The one page there is; the window's route is its query (`?window=feed`). */
export const PAGE_URL = `${APP_ORIGIN}/index.html`;

/**
 * How the scheme is registered, before `ready`: standard (an origin, relative URLs, storage),
 * secure (like https: no mixed-content downgrade), fetch and CORS support so Vite's module
 * scripts (`<script type="module" crossorigin>`) load. Never `bypassCSP`, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = Object.freeze({ standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true });

/**
 * The desktop's one Content-Security-Policy, sent as a header on every app:// response (the page
 * carries no <meta> policy, so nothing can widen or contradict it). Nothing remote, nothing
 * inline but styles (React and the charts set style attributes), and no network at all: the
 * desktop talks to main over IPC, so connect-src is 'none' (the web host needs 'self' for its
 * WebSocket and sends its own header, src-main/hosts/web/static-files.ts).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "media-src 'none'",
  "worker-src 'none'",
  "manifest-src 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** Headers on every response, errors included. */
const SECURITY_HEADERS = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  // Only our own pages may use what this scheme serves.
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-cache',
});

/** What Vite writes to out/renderer; anything else is not ours to serve. */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
};

export type AppPath = { ok: true; path: string } | { ok: false; status: 400 | 404; reason: string };

// One path segment as Vite names files: letters, digits, - and _, inner dots. No leading dot (so
// no `.`, `..` or hidden file), no separator of any OS, no `:` (drive letters, NTFS streams), no
// `%` (nothing decoded twice), no control character, no empty segment (`//`).
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;
// Windows opens a device for these names in any folder.
const DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/**
 * The file an app:// URL names, relative to the renderer folder ("assets/index-x.js"), decided
 * on the URL alone: the origin must be app://fathom exactly, and after one percent-decoding
 * every segment must be a plain file name. The query and fragment are ignored.
 */
export function appPath(rawUrl: string): AppPath {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { ok: false, status: 400, reason: 'not a URL' };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return { ok: false, status: 404, reason: 'not the app origin' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'bad percent-encoding' };
  }
  if (!decoded.startsWith('/')) return { ok: false, status: 400, reason: 'not an absolute path' };
  const segments = decoded.slice(1).split('/');
  if (segments.some((s) => !SEGMENT.test(s) || DEVICE.test(s))) return { ok: false, status: 404, reason: 'not a file name the renderer ships' };
  return { ok: true, path: segments.join('/') };
}

/**
 * The absolute file for a path appPath accepted, or null if it would land outside `root`
 * (it cannot, by appPath's rules; this is the second lock, in the platform's own path rules).
 */
export function rendererFile(root: string, path: string, paths: PlatformPath = nodePath): string | null {
  const base = paths.resolve(root);
  // Resolved as given: an absolute path or a drive letter lands outside and is refused below.
  const file = paths.resolve(base, path);
  const rel = paths.relative(base, file);
  if (!rel || rel.startsWith('..') || paths.isAbsolute(rel)) return null;
  return file;
}

/** `app://fathom/index.html?…` for a window's route. */
export function pageUrl(query: Readonly<Record<string, string>>): string {
  const search = new URLSearchParams(query).toString();
  return search ? `${PAGE_URL}?${search}` : PAGE_URL;
}

export interface RendererFiles {
  /** out/renderer. */
  root: string;
  /** The file's bytes, or null when it does not exist or is not a file. */
  read(file: string): Promise<Uint8Array | null>;
}

/**
 * RendererFiles.read on the real file system (Electron's fs reads inside the asar too). Only a
 * plain file is served: a directory, a symbolic link (it could point anywhere), a pipe or a
 * device answers 404, as if it were not there.
 */
export async function readPlainFile(file: string): Promise<Uint8Array | null> {
  try {
    if (!(await lstat(file)).isFile()) return null;
    return new Uint8Array(await readFile(file));
  } catch {
    return null;
  }
}

/** What protocol.handle hands over (Electron adds initiatorOrigin for requests a page made). */
export interface AppRequest {
  url: string;
  method: string;
  initiatorOrigin?: string;
}

/** Answers one app:// request: a file of out/renderer with the security headers, or a refusal. */
export async function serveRenderer(request: AppRequest, files: RendererFiles): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'method not allowed');
  // Another origin (a remote page, the sign-in window's Schwab pages) may not read our files.
  if (request.initiatorOrigin !== undefined && request.initiatorOrigin !== APP_ORIGIN) return refusal(403, 'not from the app');
  const named = appPath(request.url);
  if (!named.ok) return refusal(named.status, named.reason);
  const type = TYPES[nodePath.posix.extname(named.path).toLowerCase()];
  const file = rendererFile(files.root, named.path);
  if (!type || !file) return refusal(404, 'not found');
  const body = await files.read(file);
  if (!body) return refusal(404, 'not found');
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type } });
}

function refusal(status: number, reason: string): Response {
  return new Response(reason, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}
