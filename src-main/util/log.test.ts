// Issue 15, reproductions: redaction matched a registered secret's exact text only, so a
// URL-encoded code, a form-encoded or JSON-escaped token, or the base64 of the Basic
// `appKey:appSecret` pair went into the log as it was; and the registry only ever grew.
import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.testkit.ts';
import { MAX_SECRETS, redact, redactedMessage, registerBasicPair, registeredSecretCount, registerSecret, SecretRegistry } from './log.ts';
import { memoryLogger } from './memory-logger.testkit.ts';

/** Every way the secret may be written, computed here without log.ts (the oracle). */
function formsOf(secret: string): Record<string, string> {
  const url = encodeURIComponent(secret);
  const escape = (text: string) => JSON.stringify(text).slice(1, -1);
  return {
    raw: secret,
    'URL-encoded': url,
    'URL-encoded, lower-case hex': url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
    'URL-encoded twice': encodeURIComponent(url),
    'form-encoded': new URLSearchParams({ x: secret }).toString().slice(2),
    'JSON-escaped': escape(secret),
    'JSON-escaped twice': escape(escape(secret)),
  };
}

function pairForms(user: string, password: string): Record<string, string> {
  const pair = Buffer.from(`${user}:${password}`);
  return {
    'Basic base64': pair.toString('base64'),
    'Basic base64 without padding': pair.toString('base64').replace(/=+$/, ''),
    'Basic base64url': pair.toString('base64url'),
    'Basic base64, URL-encoded': encodeURIComponent(pair.toString('base64')),
  };
}

// A code as Schwab sends it (docs/schwab-streaming.md §1.1) plus the characters that make its
// forms differ: space, +, /, =, &, a quote, a backslash and a non-ASCII letter.
const CODE = `C0.b2F1dGgy+pl/anted= "code"\\é&${Date.now()}@`;
const APP_KEY = 'PlantedAppKey0123456789abcdefghi';
const APP_SECRET = `planted/app+secret=${Date.now()}`;

describe('log redaction: every form a secret travels in (issue 15 reproductions)', () => {
  registerSecret(CODE);
  registerBasicPair(APP_KEY, APP_SECRET);
  const planted = { ...formsOf(CODE), ...Object.fromEntries(Object.entries(formsOf(APP_SECRET)).map(([k, v]) => [`app secret ${k}`, v])), ...pairForms(APP_KEY, APP_SECRET) };

  for (const [form, text] of Object.entries(planted)) {
    it(`reproduction: the ${form} form never reaches a log line, a field, an error's message, stack or cause`, () => {
      const { logger, lines } = memoryLogger('debug');
      const cause = new Error(`inner ${text} end`);
      const error = new Error(`outer ${text} end`, { cause });
      logger.warn(`message ${text} end`, { field: text, nested: { header: `Basic ${text}`, list: [text] }, error });
      logger.child('x').error('thrown', { error });
      const all = lines.join('\n');
      for (const value of Object.values(planted)) expect(all.includes(value), `${form} leaked as ${value}`).toBe(false);
      expect(all).toContain('[redacted]');
      // The stack and the cause go out, redacted, so a failure can still be read.
      const shown = JSON.stringify(redact(text)).slice(1, -1);
      expect(shown).toMatch(/^\[redacted\](=|%3D)?$/);
      expect(all).toContain(`"stack":"Error: outer ${shown} end`);
      expect(all).toContain(`"cause":{"name":"Error","message":"inner ${shown} end"`);
      expect(redactedMessage(error)).toBe(`outer ${redact(text)} end`);
    });
  }

  it('leaves text without secrets alone, and a line whose fields cannot be serialized still goes out', () => {
    expect(redact('nothing here, not even C0.b2F1dGgy')).toBe('nothing here, not even C0.b2F1dGgy');
    const { logger, lines } = memoryLogger('debug');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    logger.warn(`cyclic ${CODE}`, { cyclic });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"unserializable":true');
    expect(lines[0]).not.toContain(CODE);
  });
});

describe('the registry of secrets is bounded (issue 15)', () => {
  it(`keeps the newest ${MAX_SECRETS}, and registering one again makes it the newest`, () => {
    const registry = new SecretRegistry({ max: MAX_SECRETS });
    const secrets = Array.from({ length: 100 }, (_, i) => `secret-number-${String(i).padStart(3, '0')}`);
    for (const secret of secrets.slice(0, 50)) registry.add(secret);
    registry.add(secrets[0]);
    for (const secret of secrets.slice(50)) registry.add(secret);
    expect(registry.size).toBe(MAX_SECRETS);
    const kept = secrets.filter((s) => registry.redact(s) === '[redacted]');
    expect(kept).toEqual([secrets[0], ...secrets.slice(100 - MAX_SECRETS + 1)]);
  });

  it('the Basic pair and its forms count as one secret, and are dropped together', () => {
    const registry = new SecretRegistry({ max: 2 });
    registry.addBasicPair(APP_KEY, APP_SECRET);
    expect(registry.size).toBe(2);
    expect(registry.redact(pairForms(APP_KEY, APP_SECRET)['Basic base64url'] ?? '')).toBe('[redacted]');
    registry.add('another-secret-1');
    registry.add('another-secret-2');
    expect(registry.redact(`${APP_SECRET} ${pairForms(APP_KEY, APP_SECRET)['Basic base64']}`)).toBe(`${APP_SECRET} ${pairForms(APP_KEY, APP_SECRET)['Basic base64']}`);
  });

  it('forgets a rotated access token after a while, and keeps what has no time limit', () => {
    const clock = new ManualClock(0);
    const registry = new SecretRegistry({ now: () => clock.now() });
    registry.add('refresh-token-kept@');
    registry.add('I0.rotated-access-token@', { forgetAfterMs: 2 * 3_600_000 });
    clock.advance(2 * 3_600_000 - 1);
    expect(registry.redact('I0.rotated-access-token@')).toBe('[redacted]');
    clock.advance(1);
    expect(registry.redact('I0.rotated-access-token@')).toBe('I0.rotated-access-token@');
    expect(registry.redact('refresh-token-kept@')).toBe('[redacted]');
    expect(registry.size).toBe(1);
  });

  it(`the process's own registry holds the bound through a long session of rotated tokens`, () => {
    for (let i = 0; i < 5_000; i++) registerSecret(`I0.access-token-${i}-of-a-long-session@`, { forgetAfterMs: 7_200_000 });
    expect(registeredSecretCount()).toBe(MAX_SECRETS);
    expect(redact('I0.access-token-4999-of-a-long-session@')).toBe('[redacted]');
    expect(redact('I0.access-token-0-of-a-long-session@')).toBe('I0.access-token-0-of-a-long-session@');
  });

  it('ignores values too short to be secrets (they would redact ordinary words)', () => {
    const registry = new SecretRegistry();
    registry.add('short');
    registry.add('');
    registry.add(null);
    expect(registry.size).toBe(0);
  });
});
