import { describe, expect, it } from 'vitest';
import { checkExternalUrl, decideNavigation, decideWindowOpen, EXTERNAL_DESTINATIONS, ownPage, SECURE_WEB_PREFERENCES, secureWebPreferences, urlForLog } from './security-policy.ts';

const page = ownPage();

describe('our own page', () => {
  it('is index.html on app://fathom, with any query or fragment', () => {
    expect(page.url).toBe('app://fathom/index.html');
    expect(page.matches(`${page.url}?window=book&symbol=SPY%20%20%20241129C00450000`)).toBe(true);
    expect(page.matches(`${page.url}#top`)).toBe(true);
    // The same file the app:// handler serves for it: one decoding, dot segments resolved.
    expect(page.matches('app://fathom/%69ndex.html')).toBe(true);
    expect(page.matches('app://fathom/assets/../index.html')).toBe(true);
  });

  it.each([
    'https://example.com/',
    'http://127.0.0.1:5199/?token=x',
    // The old file:// page is not ours any more: nothing on file:// is.
    'file:///opt/Fathom/resources/app.asar/out/renderer/index.html',
    'FILE:///etc/passwd',
    'app://fathom/',
    'app://fathom/other.html',
    'app://fathom/assets/index.html',
    'app://fathom/index.html/..%2f..%2fetc%2fpasswd',
    'app://fathom/index.html%00.png',
    'app://fathom/index.html%2f',
    'app://fathom/%2e%2e%5cindex.html',
    'app://fathom:443/index.html',
    'app://FATHOM.evil/index.html',
    'app://evil.example/index.html',
    'app://user:pw@fathom/index.html',
    'app:index.html',
    'app:///index.html',
    'javascript:alert(1)',
    'data:text/html;base64,PHNjcmlwdD4=',
    'blob:app://fathom/0e1f',
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

describe('external links: Schwab pages only', () => {
  it('opens the authorize page and the developer portal, normalised', () => {
    const authorize = 'https://api.schwabapi.com/v1/oauth/authorize?client_id=K&redirect_uri=https%3A%2F%2F127.0.0.1&state=s';
    expect(checkExternalUrl(authorize)).toEqual({ ok: true, url: authorize });
    expect(checkExternalUrl('https://developer.schwab.com/products')).toEqual({ ok: true, url: 'https://developer.schwab.com/products' });
    expect(checkExternalUrl('https://DEVELOPER.schwab.com')).toEqual({ ok: true, url: 'https://developer.schwab.com/' });
    expect(checkExternalUrl('https://developer.schwab.com:443/')).toEqual({ ok: true, url: 'https://developer.schwab.com/' });
    expect(EXTERNAL_DESTINATIONS.map((d) => d.host)).toEqual(['api.schwabapi.com', 'developer.schwab.com']);
  });

  it.each<[unknown, RegExp]>([
    ['https://example.com/', /host example.com is not a Schwab page/],
    ['https://schwab.com/', /host schwab.com/],
    ['https://evil.developer.schwab.com/', /host evil.developer.schwab.com/],
    ['https://developer.schwab.com.evil.example/', /host developer.schwab.com.evil.example/],
    ['https://developer.schwab.com./', /host developer.schwab.com./],
    ['https://xn--80ak6aa92e.com/', /host/],
    ['https://api.schwabapi.com/trader/v1/accounts', /path \/trader\/v1\/accounts/],
    ['https://api.schwabapi.com/v1/oauth/token', /path \/v1\/oauth\/token/],
    ['https://api.schwabapi.com/v1/oauth/authorize/', /path/],
    ['https://developer.schwab.com:8443/', /port/],
    ['http://developer.schwab.com/', /scheme http:/],
    ['file:///etc/passwd', /scheme file:/],
    ['javascript:alert(1)', /scheme javascript:/],
    ['smb://server/share', /scheme smb:/],
    ['ms-settings:privacy', /scheme ms-settings:/],
    ['app://fathom/index.html', /scheme app:/],
    ['https://user:pass@developer.schwab.com/', /credentials/],
    ['https://token@developer.schwab.com/', /credentials/],
    ['https://developer.schwab.com/ a', /whitespace/],
    ['https://developer.schwab.com/\u0000', /control/],
    [' https://developer.schwab.com/', /whitespace/],
    ['https://developer.schwab.com/\n', /whitespace/],
    [`https://developer.schwab.com/${'a'.repeat(3000)}`, /too long/],
    ['https://', /not a URL/],
    [42, /not a string/],
    [null, /not a string/],
  ])('refuses %s', (url, reason) => {
    const checked = checkExternalUrl(url);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(reason);
  });

  it('never opens a new Electron window; only our own page may send a Schwab link outside', () => {
    expect(decideWindowOpen('https://developer.schwab.com/a', true)).toEqual({ action: 'deny', external: 'https://developer.schwab.com/a' });
    expect(decideWindowOpen('https://developer.schwab.com/a', false)).toEqual({ action: 'deny', external: null });
    expect(decideWindowOpen('https://example.com/a', true)).toEqual({ action: 'deny', external: null });
    expect(decideWindowOpen('http://developer.schwab.com/a', true)).toEqual({ action: 'deny', external: null });
    expect(decideWindowOpen('file:///etc/passwd', true)).toEqual({ action: 'deny', external: null });
    expect(decideWindowOpen('about:blank', true)).toEqual({ action: 'deny', external: null });
  });
});

describe('web preferences', () => {
  it('fixes isolation, sandbox, no Node, web security and no experiments in every window', () => {
    expect(SECURE_WEB_PREFERENCES).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    });
    // Checklist item 10: no Blink feature is ever switched on.
    expect(SECURE_WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
    expect(Object.isFrozen(SECURE_WEB_PREFERENCES)).toBe(true);
  });

  it('turns dev tools off when packaged, and adds the preload only when there is one', () => {
    expect(secureWebPreferences({ packaged: true, preload: '/app/out/preload/feed.cjs' })).toEqual({ ...SECURE_WEB_PREFERENCES, devTools: false, preload: '/app/out/preload/feed.cjs' });
    expect(secureWebPreferences({ packaged: false, preload: '/app/out/preload/book.cjs' })).toMatchObject({ devTools: true, sandbox: true });
    expect(secureWebPreferences({ packaged: true })).toEqual({ ...SECURE_WEB_PREFERENCES, devTools: false });
    expect(secureWebPreferences({ packaged: true })).not.toHaveProperty('preload');
  });
});

describe('urlForLog', () => {
  it('keeps scheme, host and path, and drops the query and fragment', () => {
    expect(urlForLog('https://example.com/a/b?code=secret#frag')).toBe('https://example.com/a/b');
    expect(urlForLog('app://fathom/index.html?window=book&symbol=SPY')).toBe('app://fathom/index.html');
    expect(urlForLog('file:///opt/x/index.html?window=book&symbol=SPY')).toBe('file:/opt/x/index.html');
    expect(urlForLog('javascript:alert(document.cookie)')).toBe('javascript:alert(document.cookie)');
    expect(urlForLog('::nonsense')).toBe('(not a URL)');
    expect(urlForLog(`https://example.com/${'a'.repeat(500)}`).length).toBe(160);
  });
});
