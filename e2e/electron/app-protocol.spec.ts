// app://fathom/ in the real binary: the page and its assets come from out/renderer through the
// protocol handler (src-main/hosts/electron/renderer-protocol.ts) with the CSP as a response
// header, nothing outside that folder is served, and Chromium enforces the policy on the page.
import { CONTENT_SECURITY_POLICY } from '../../src-main/hosts/electron/renderer-protocol.ts';
import { expect, skipReason, test } from './fixtures.ts';
import type { PageGlobals } from './page-globals.ts';

test.skip(skipReason !== null, skipReason ?? '');

test('the page comes from app://fathom with the CSP header, and carries no <meta> policy', async ({ launched, feed }) => {
  expect(await feed.evaluate(() => (globalThis as unknown as PageGlobals).location.origin)).toBe('app://fathom');
  expect(await feed.evaluate(() => (globalThis as unknown as PageGlobals).document.querySelector('meta[http-equiv]') === null)).toBe(true);
  // net.fetch goes through the same protocol handler the windows use.
  const served = await launched.app.evaluate(async ({ net }) => {
    const answer = async (url: string) => {
      const response = await net.fetch(url);
      return { status: response.status, csp: response.headers.get('content-security-policy') };
    };
    return {
      page: await answer('app://fathom/index.html?window=feed'),
      climb: await answer('app://fathom/%2e%2e/main/index.js'),
      encoded: await answer('app://fathom/assets/..%2f..%2f..%2fpackage.json'),
      backslash: await answer('app://fathom/..%5c..%5cpackage.json'),
      folder: await answer('app://fathom/assets/'),
    };
  });
  expect(served.page).toEqual({ status: 200, csp: CONTENT_SECURITY_POLICY });
  for (const refused of [served.climb, served.encoded, served.backslash, served.folder]) {
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.csp).toBe(CONTENT_SECURITY_POLICY);
  }
});

test('the policy holds in the page: no network, no inline script, no eval', async ({ feed }) => {
  const outcome = await feed.evaluate(async () => {
    const page = globalThis as unknown as PageGlobals;
    const violated: string[] = [];
    page.document.addEventListener('securitypolicyviolation', (event) => violated.push(event.effectiveDirective));
    const remote = await page.fetch('https://example.com/').then(
      () => 'loaded',
      () => 'blocked',
    );
    const own = await page.fetch('app://fathom/index.html').then(
      () => 'loaded',
      () => 'blocked',
    );
    try {
      new page.WebSocket('ws://127.0.0.1:9/');
    } catch {
      // Older Chromium threw at once; newer ones report the violation and fail the socket.
    }
    const script = page.document.createElement('script');
    script.textContent = 'globalThis.fathomInlineRan = true';
    page.document.body.appendChild(script);
    let evaluated = 'ran';
    try {
      page.eval('1 + 1');
    } catch {
      evaluated = 'blocked';
    }
    await new Promise((resolve) => page.setTimeout(() => resolve(undefined), 300));
    return { remote, own, inline: page.fathomInlineRan === true, evaluated, violated };
  });
  expect(outcome).toMatchObject({ remote: 'blocked', own: 'blocked', inline: false, evaluated: 'blocked' });
  expect(outcome.violated).toEqual(expect.arrayContaining(['connect-src', 'script-src-elem', 'script-src']));
});
