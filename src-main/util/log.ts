// Structured logging with secret redaction. Every value registered as a secret (tokens, codes,
// the app secret) is replaced wherever it appears in a line, in every form it travels in: raw,
// URL-encoded (either hex case, or twice), form-encoded, JSON-escaped (up to three levels deep),
// and for an HTTP Basic pair the base64 and base64url of `user:password` (docs/schwab-streaming.md
// §1.2), so a careless message, error or stack cannot leak one. The registry is bounded: the newest MAX_SECRETS are
// kept, and a secret registered with `forgetAfterMs` (a rotated access token) goes by itself.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(scope: string): Logger;
}

export type LogSink = (line: string, level: LogLevel) => void;

export interface SecretOptions {
  /** Forget it this long after (the latest) registration; without it only the bound drops it. */
  forgetAfterMs?: number;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const MIN_SECRET = 8;
export const MAX_SECRETS = 64;
const REDACTED = '[redacted]';

/** The texts a secret can appear as in a line, longest first. */
export function secretForms(secret: string): string[] {
  const encoded = encodeURIComponent(secret);
  const bases = [
    secret,
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    new URLSearchParams({ s: secret }).toString().slice(2),
    encodeURIComponent(encoded),
  ];
  const forms = new Set<string>();
  for (const base of bases) {
    // JSON-escaped up to three times: a JSON line quoting an error that quotes a JSON body.
    let escaped = base;
    forms.add(escaped);
    for (let level = 0; level < 3; level++) forms.add((escaped = JSON.stringify(escaped).slice(1, -1)));
  }
  return [...forms].filter((form) => form.length >= MIN_SECRET).sort((a, b) => b.length - a.length);
}

/** The header value's forms of an HTTP Basic pair (`Authorization: Basic base64(user:password)`). */
export function basicPairForms(user: string, password: string): string[] {
  const pair = Buffer.from(`${user}:${password}`);
  // Without the padding: a line that trims the trailing '=' still gives the pair away.
  return [pair.toString('base64').replace(/=+$/, ''), pair.toString('base64url')];
}

interface Entry {
  forms: string[];
  forgetAt: number;
}

/** A bounded set of secrets and their forms; one lives in this module, tests make their own. */
export class SecretRegistry {
  private readonly entries = new Map<string, Entry>();
  private readonly max: number;
  private readonly now: () => number;
  private forms: string[] = [];
  private nextForget = Infinity;

  constructor(options: { max?: number; now?: () => number } = {}) {
    this.max = options.max ?? MAX_SECRETS;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    this.expire();
    return this.entries.size;
  }

  /** Registers a value (or refreshes it as the newest); short values are too common to redact. */
  add(value: string | null | undefined, options: SecretOptions = {}): void {
    if (!value || value.length < MIN_SECRET) return;
    this.put(value, secretForms(value), options);
  }

  /** The password, and the encodings of the pair an HTTP Basic header carries. */
  addBasicPair(user: string, password: string, options: SecretOptions = {}): void {
    this.add(password, options);
    if (password.length < MIN_SECRET) return;
    this.put(`basic\u0000${user}\u0000${password}`, basicPairForms(user, password).flatMap(secretForms), options);
  }

  redact(text: string): string {
    this.expire();
    let out = text;
    for (const form of this.forms) {
      if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
    return out;
  }

  private put(key: string, forms: string[], options: SecretOptions): void {
    const forgetAt = options.forgetAfterMs === undefined ? Infinity : this.now() + options.forgetAfterMs;
    // Newest last: a re-registration moves the secret to the end, eviction takes the front.
    this.entries.delete(key);
    this.entries.set(key, { forms, forgetAt });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
    }
    this.rebuild();
  }

  private expire(): void {
    if (this.now() < this.nextForget) return;
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.forgetAt <= now) this.entries.delete(key);
    this.rebuild();
  }

  private rebuild(): void {
    const all = new Set<string>();
    this.nextForget = Infinity;
    for (const entry of this.entries.values()) {
      for (const form of entry.forms) all.add(form);
      this.nextForget = Math.min(this.nextForget, entry.forgetAt);
    }
    this.forms = [...all].sort((a, b) => b.length - a.length);
  }
}

const secrets = new SecretRegistry();

/** Registers a value that must never appear in a log line, an error or a status text. */
export function registerSecret(value: string | null | undefined, options?: SecretOptions): void {
  secrets.add(value, options);
}

/** Registers an app secret together with its app key's HTTP Basic pair. */
export function registerBasicPair(user: string, password: string): void {
  secrets.addBasicPair(user, password);
}

/** How many secrets are registered now (the bound is MAX_SECRETS). */
export function registeredSecretCount(): number {
  return secrets.size;
}

export function redact(text: string): string {
  return secrets.redact(text);
}

/** An error's message, redacted: for anything that shows an error to a user. */
export function redactedMessage(error: unknown): string {
  return redact(error instanceof Error ? error.message : String(error));
}

export function createLogger(options: { sink?: LogSink; level?: LogLevel; scope?: string } = {}): Logger {
  const sink = options.sink ?? ((line) => process.stderr.write(`${line}\n`));
  const min = ORDER[options.level ?? (process.env.FATHOM_LOG_LEVEL as LogLevel | undefined) ?? 'warn'] ?? ORDER.warn;
  const make = (scope: string): Logger => {
    const write = (level: LogLevel, message: string, fields?: LogFields) => {
      if (ORDER[level] < min) return;
      const record = { t: new Date().toISOString(), level, scope, message, ...fields };
      sink(redact(serialize(record)), level);
    };
    return {
      debug: (m, f) => write('debug', m, f),
      info: (m, f) => write('info', m, f),
      warn: (m, f) => write('warn', m, f),
      error: (m, f) => write('error', m, f),
      child: (sub) => make(scope ? `${scope}.${sub}` : sub),
    };
  };
  return make(options.scope ?? '');
}

export const silentLogger: Logger = createLogger({ sink: () => undefined, level: 'error' });

/** A logging call must never throw: a cycle or a BigInt in the fields still gives a line. */
function serialize(record: Record<string, unknown>): string {
  try {
    return JSON.stringify(record, errorReplacer);
  } catch {
    return JSON.stringify({ t: record.t, level: record.level, scope: record.scope, message: String(record.message), unserializable: true });
  }
}

/** Errors keep their stack and cause (redacted with the rest of the line). */
function errorReplacer(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const cause = (value as { cause?: unknown }).cause;
  return { name: value.name, message: value.message, stack: value.stack, ...(cause === undefined ? {} : { cause }) };
}
