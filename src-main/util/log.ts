// Structured logging with secret redaction. Every value registered as a secret (tokens, the app
// secret) is replaced wherever it appears in a line, so a careless message cannot leak one.

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

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const secrets = new Set<string>();
const MIN_SECRET = 8;

/** Registers a value that must never appear in a log line. */
export function registerSecret(value: string | null | undefined): void {
  if (value && value.length >= MIN_SECRET) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out;
}

export function createLogger(options: { sink?: LogSink; level?: LogLevel; scope?: string } = {}): Logger {
  const sink = options.sink ?? ((line) => process.stderr.write(`${line}\n`));
  const min = ORDER[options.level ?? (process.env.FATHOM_LOG_LEVEL as LogLevel | undefined) ?? 'warn'] ?? ORDER.warn;
  const make = (scope: string): Logger => {
    const write = (level: LogLevel, message: string, fields?: LogFields) => {
      if (ORDER[level] < min) return;
      const record = { t: new Date().toISOString(), level, scope, message, ...fields };
      sink(redact(JSON.stringify(record, errorReplacer)), level);
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

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  return value;
}
