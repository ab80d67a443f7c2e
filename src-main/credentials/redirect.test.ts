// Reading the redirect (docs/schwab-streaming.md §1.1, §1.4): the exact callback origin and
// path, the state, Schwab's error answer, and the code URL-decoded the way Schwab's own clients
// decode it.
import { describe, expect, it } from 'vitest';
import { checkCallbackUrl, codeFromRedirect, isCallback, SignInError } from './redirect.ts';

const CALLBACK = 'https://127.0.0.1:8182/fathom/callback';
const STATE = 'st4te_-x';

function refusal(pasted: string, callback = CALLBACK, state: string | null = STATE): string {
  try {
    codeFromRedirect(pasted, callback, state);
  } catch (error) {
    expect(error).toBeInstanceOf(SignInError);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${pasted}`);
}

describe('codeFromRedirect', () => {
  it('URL-decodes the code (Schwab ends it in %40) and keeps a literal + as a +', () => {
    expect(codeFromRedirect(`${CALLBACK}?code=C0.abc%2Bd+e%40&session=9f1c&state=${STATE}`, CALLBACK, STATE)).toBe('C0.abc+d+e@');
  });

  it('takes the address as pasted: spaces, quotes, angle brackets around it', () => {
    expect(codeFromRedirect(`  "<${CALLBACK}?state=${STATE}&code=C0.x%40>"\n`, CALLBACK, STATE)).toBe('C0.x@');
  });

  it('accepts an origin-only callback with or without the / before the query', () => {
    expect(codeFromRedirect('https://127.0.0.1?code=C0.a%40', 'https://127.0.0.1', null)).toBe('C0.a@');
    expect(codeFromRedirect('https://127.0.0.1/?code=C0.a%40', 'https://127.0.0.1', null)).toBe('C0.a@');
  });

  it('refuses anything but the exact callback origin and path', () => {
    for (const other of [
      `http://127.0.0.1:8182/fathom/callback?code=x&state=${STATE}`,
      `https://127.0.0.1:8183/fathom/callback?code=x&state=${STATE}`,
      `https://127.0.0.1/fathom/callback?code=x&state=${STATE}`,
      `https://localhost:8182/fathom/callback?code=x&state=${STATE}`,
      `https://127.0.0.1:8182/fathom/callback/x?code=x&state=${STATE}`,
      `https://127.0.0.1:8182/fathom?code=x&state=${STATE}`,
      `https://evil@127.0.0.1:8182/fathom/callback?code=x&state=${STATE}`,
      `https://evil.example/?next=${encodeURIComponent(CALLBACK)}&code=x&state=${STATE}`,
    ]) {
      expect(refusal(other)).toMatch(/not the callback URL/);
    }
  });

  it('refuses a missing or foreign state', () => {
    expect(refusal(`${CALLBACK}?code=C0.x%40`)).toMatch(/another sign-in attempt/);
    expect(refusal(`${CALLBACK}?code=C0.x%40&state=other`)).toMatch(/another sign-in attempt/);
  });

  it("reports Schwab's own refusal, a missing code, a doubled code and broken encoding", () => {
    expect(refusal(`${CALLBACK}?error=access_denied&state=${STATE}`)).toBe('Schwab did not authorize the app: access_denied');
    expect(refusal(`${CALLBACK}?session=1&state=${STATE}`)).toMatch(/no code=/);
    expect(refusal(`${CALLBACK}?code=a&code=b&state=${STATE}`)).toMatch(/code= twice/);
    expect(refusal(`${CALLBACK}?code=%E0%A4%A&state=${STATE}`)).toMatch(/not validly encoded/);
  });

  it('refuses what is not an address at all', () => {
    for (const junk of ['', 'C0.abc%40', 'javascript:alert(1)', '\u0000'.repeat(10), '?code=x'])
      expect(refusal(junk)).toMatch(/not an address|not the callback URL/);
  });
});

describe('checkCallbackUrl and isCallback', () => {
  it('wants https with no trailing slash, user, query or fragment', () => {
    expect(checkCallbackUrl(' https://127.0.0.1:8182 ')).toBe('https://127.0.0.1:8182');
    expect(() => checkCallbackUrl('http://127.0.0.1')).toThrow(/https/);
    expect(() => checkCallbackUrl('https://127.0.0.1/')).toThrow(/trailing/);
    expect(() => checkCallbackUrl('https://127.0.0.1/cb?x=1')).toThrow(/no user, query/);
    expect(() => checkCallbackUrl('not a url')).toThrow(/not a URL/);
  });

  it('matches the callback by scheme, host, port and path only', () => {
    expect(isCallback(`${CALLBACK}?anything#frag`, CALLBACK)).toBe(true);
    expect(isCallback('https://127.0.0.1:8182/fathom/callbackx', CALLBACK)).toBe(false);
    expect(isCallback('https://api.schwabapi.com/v1/oauth/authorize?redirect_uri=' + encodeURIComponent(CALLBACK), CALLBACK)).toBe(false);
  });
});
