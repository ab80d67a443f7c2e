// The app:// handler under plain Node, on a real folder: a renderer folder with a secret file
// beside it, so a path that got out would show the secret. Requests are fed as raw strings too,
// because Chromium hands the handler its own canonical form, not Node's.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, posix, resolve, sep, win32 } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, appPath, CONTENT_SECURITY_POLICY, pageUrl, PAGE_URL, readPlainFile, rendererFile, serveRenderer, type RendererFiles } from './renderer-protocol.ts';

// Made at load time: the hostile table below names the secret's absolute path.
const dir = mkdtempSync(join(tmpdir(), 'fathom-protocol-'));
let files: RendererFiles & { asked: string[] };

beforeAll(() => {
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Fathom</title>');
  writeFileSync(join(dir, 'renderer', 'assets', 'index-B2x_Yz.js'), 'export {};');
  writeFileSync(join(dir, 'renderer', 'assets', 'index-C0.css'), 'body{}');
  writeFileSync(join(dir, 'renderer', 'assets', 'notes.txt'), 'not a type we ship');
  writeFileSync(join(dir, 'renderer', '.env'), 'SECRET');
  writeFileSync(join(dir, 'secret.txt'), 'SECRET');
  mkdirSync(join(dir, 'main'));
  writeFileSync(join(dir, 'main', 'index.js'), 'SECRET');
  // Links inside the folder that point out of it: the leaf is a link, so it is not served.
  symlinkSync(join(dir, 'secret.txt'), join(dir, 'renderer', 'assets', 'linked.js'));
  symlinkSync(join(dir, 'main'), join(dir, 'renderer', 'linked-dir.js'));
  const root = join(dir, 'renderer');
  const asked: string[] = [];
  files = {
    root,
    asked,
    read: (file) => {
      asked.push(file);
      return readPlainFile(file);
    },
  };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (url: string, extra: { method?: string; initiatorOrigin?: string } = {}) => serveRenderer({ url, method: extra.method ?? 'GET', ...(extra.initiatorOrigin ? { initiatorOrigin: extra.initiatorOrigin } : {}) }, files);

describe('app:// serves the renderer folder', () => {
  it('serves index.html and the assets with their types, and the CSP header on each', async () => {
    const page = await get(`${PAGE_URL}?window=book&symbol=SPY%20%20%20241129C00450000#x`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toBe(readFileSync(join(dir, 'renderer', 'index.html'), 'utf8'));
    const script = await get('app://fathom/assets/index-B2x_Yz.js', { initiatorOrigin: 'app://fathom' });
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await get('app://fathom/assets/index-C0.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const head = await get(PAGE_URL, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('builds the window URLs on app://fathom/index.html', () => {
    expect(pageUrl({ window: 'feed' })).toBe('app://fathom/index.html?window=feed');
    const book = new URL(pageUrl({ window: 'book', symbol: 'SPY   241129C00450000' }));
    expect(book.searchParams.get('symbol')).toBe('SPY   241129C00450000');
    expect(appPath(book.href)).toEqual({ ok: true, path: 'index.html' });
    expect(pageUrl({})).toBe(PAGE_URL);
  });

  it('is registered standard and secure, and never bypasses the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true });
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES).not.toHaveProperty('allowServiceWorkers');
  });
});

describe('app:// serves nothing outside it', () => {
  it.each([
    'app://fathom/../secret.txt',
    'app://fathom/../../../../../../etc/passwd',
    'app://fathom/%2e%2e/secret.txt',
    'app://fathom/%2E%2E/%2e%2e/secret.txt',
    'app://fathom/assets/..%2f..%2fsecret.txt',
    'app://fathom/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://fathom/%252e%252e/secret.txt',
    'app://fathom/..%5csecret.txt',
    'app://fathom/assets\\..\\..\\secret.txt',
    'app://fathom/%5c%5cserver%5cshare%5csecret.txt',
    'app://fathom//etc/passwd',
    'app://fathom/%2fetc%2fpasswd',
    `app://fathom/${encodeURIComponent(join(dir, 'secret.txt'))}`,
    `app://fathom${join(dir, 'secret.txt').split(sep).join('/')}`,
    'app://fathom/C:/Windows/win.ini',
    'app://fathom/C%3A%5CWindows%5Cwin.ini',
    'app://fathom/index.html:stream',
    'app://fathom/NUL',
    'app://fathom/assets/com1.js',
    'app://fathom/index.html%00.png',
    'app://fathom/.env',
    'app://fathom/assets/',
    'app://fathom/assets',
    'app://fathom/',
    'app://fathom/%',
    'app://fathom/main/index.js',
    'app://fathom/assets/notes.txt',
    'app://fathom/assets/linked.js',
    'app://fathom/linked-dir.js',
    'app://evil/index.html',
    'app://fathom.evil/index.html',
    'app://fathom:1234/index.html',
    'app://user:pw@fathom/index.html',
    'app:index.html',
    'file:///etc/passwd',
    'https://fathom/index.html',
    'not a url',
  ])('refuses %s', async (url) => {
    files.asked.length = 0;
    const response = await get(url);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await response.text()).not.toContain('SECRET');
    // Every answer, refusals too, carries the policy.
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    for (const asked of files.asked) expect(resolve(asked).startsWith(files.root + sep)).toBe(true);
  });

  it('ignores the query and the fragment: they cannot name a file', async () => {
    const response = await get('app://fathom/index.html?file=../secret.txt#/../../secret.txt');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Fathom</title>');
  });

  it('answers only GET and HEAD, and only to requests from the app itself', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) expect((await get(PAGE_URL, { method })).status).toBe(405);
    expect((await get(PAGE_URL, { initiatorOrigin: 'https://api.schwabapi.com' })).status).toBe(403);
    expect((await get(PAGE_URL, { initiatorOrigin: 'null' })).status).toBe(403);
    expect((await get(PAGE_URL, { initiatorOrigin: 'app://fathom' })).status).toBe(200);
  });

  it('keeps a path inside the folder by the rules of Windows paths too (the second lock)', () => {
    expect(rendererFile('C:\\Fathom\\out\\renderer', 'assets/index.js', win32)).toBe('C:\\Fathom\\out\\renderer\\assets\\index.js');
    expect(rendererFile('C:\\Fathom\\out\\renderer', '../secret.txt', win32)).toBeNull();
    expect(rendererFile('C:\\Fathom\\out\\renderer', 'D:\\secret.txt', win32)).toBeNull();
    expect(rendererFile('C:\\Fathom\\out\\renderer', '..\\..\\secret.txt', win32)).toBeNull();
    expect(rendererFile('/opt/fathom/out/renderer', '../secret.txt', posix)).toBeNull();
    expect(rendererFile('/opt/fathom/out/renderer', '/etc/passwd', posix)).toBeNull();
    expect(rendererFile('/opt/fathom/out/renderer', '', posix)).toBeNull();
  });
});
