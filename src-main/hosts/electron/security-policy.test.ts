import { describe, expect, it } from 'vitest';
import { checkExternalUrl, CONTENT_SECURITY_POLICY, decideNavigation, decideWindowOpen, ownPage, SECURE_WEB_PREFERENCES, urlForLog, withCsp } from './security-policy.ts';

const page = ownPage('/opt/Fathom/resources/app.asar/out/renderer/index.html');

describe('our own page', () => {
  it('is the renderer index as a file URL, with any query or fragment', () => {
    expect(page.url).toBe('file:///opt/Fathom/resources/app.asar/out/renderer/index.html');
    expect(page.matches(`${page.url}?window=book&symbol=SPY%20%20%20241129C00450000`)).toBe(true);
    expect(page.matches(`${page.url}#top`)).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:5199/?token=x',
    'file:///opt/Fathom/resources/app.asar/out/renderer/other.html',
    'file:///opt/Fathom/resources/app.asar/out/renderer/index.html/..',
    'file:///opt/Fathom/resources/app.asar/out/renderer/index.html%00.png',
    'file://attacker.example/opt/Fathom/resources/app.asar/out/renderer/index.html',
    'file://user:pw@/opt/Fathom/resources/app.asar/out/renderer/index.html',
    'FILE:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'blob:file:///0e1f',
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    '',
    'not a url',
  ])('is not %s', (url) => {
    expect(page.matches(url)).toBe(false);
    expect(decideNavigation(url, page).allow).toBe(false);
  });

  it('allows a navigation to itself (a reload with another query) and nothing else', () => {
    expect(decideNavigation(`${page.url}?window=feed`, page).allow).toBe(true);
  });
});

describe('external links', () => {
  it('lets a plain https link through, normalised', () => {
    expect(checkExternalUrl('https://developer.schwab.com/products')).toEqual({ ok: true, url: 'https://developer.schwab.com/products' });
    expect(checkExternalUrl('https://EXAMPLE.com')).toEqual({ ok: true, url: 'https://example.com/' });
    expect(checkExternalUrl('https://xn--80ak6aa92e.com/')).toMatchObject({ ok: true });
  });

  it.each<[unknown, RegExp]>([
    ['http://example.com/', /scheme http:/],
    ['file:///etc/passwd', /scheme file:/],
    ['javascript:alert(1)', /scheme javascript:/],
    ['smb://server/share', /scheme smb:/],
    ['ms-settings:privacy', /scheme ms-settings:/],
    ['https://user:pass@example.com/', /credentials/],
    ['https://token@example.com/', /credentials/],
    ['https://localhost/', /public host/],
    ['https://intranet/', /public host/],
    ['https://example.com./', /public host/],
    ['https://exa mple.com/', /whitespace/],
    ['https://example.com/\u0000', /control/],
    [' https://example.com/', /whitespace/],
    ['https://example.com/\n', /whitespace/],
    [`https://example.com/${'a'.repeat(3000)}`, /too long/],
    ['https://', /not a URL/],
    [42, /not a string/],
    [null, /not a string/],
  ])('refuses %s', (url, reason) => {
    const checked = checkExternalUrl(url);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });

  it('never opens a new Electron window; only a checked https link goes outside', () => {
    expect(decideWindowOpen('https://example.com/a')).toEqual({ action: 'deny', external: 'https://example.com/a' });
    expect(decideWindowOpen('http://example.com/a')).toEqual({ action: 'deny', external: null });
    expect(decideWindowOpen('file:///etc/passwd')).toEqual({ action: 'deny', external: null });
    expect(decideWindowOpen('about:blank')).toEqual({ action: 'deny', external: null });
  });
});

describe('content security policy and web preferences', () => {
  it('allows no remote origin and no inline script', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|wss?:|\*|unsafe-eval/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('replaces any CSP a response brought, whatever its case', () => {
    const headers = withCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] });
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
  });

  it('fixes isolation, sandbox and no Node in every window', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    });
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
  });
});

describe('urlForLog', () => {
  it('keeps scheme, host and path, and drops the query and fragment', () => {
    expect(urlForLog('https://example.com/a/b?code=secret#frag')).toBe('https://example.com/a/b');
    expect(urlForLog('file:///opt/x/index.html?window=book&symbol=SPY')).toBe('file:/opt/x/index.html');
    expect(urlForLog('javascript:alert(document.cookie)')).toBe('javascript:alert(document.cookie)');
    expect(urlForLog('::nonsense')).toBe('(not a URL)');
    expect(urlForLog(`https://example.com/${'a'.repeat(500)}`).length).toBe(160);
  });
});
