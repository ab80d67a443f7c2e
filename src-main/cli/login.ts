// `fathom login`: signs in with Schwab from a terminal and keeps the app secret and tokens in
// the OS keychain, the same items the desktop app uses. The app key, secret and callback URL
// come from SCHWAB_APP_KEY, SCHWAB_APP_SECRET, SCHWAB_CALLBACK_URL (or prompts, or the app
// already stored); SCHWAB_API_BASE points it at another API (the simulator) as in `record`.
// It prints the authorize URL and reads the redirected address from standard input.
import type { Readable } from 'node:stream';
import type { AppInput } from '../credentials/sign-in-input.ts';
import { authServiceFromEnv } from '../credentials/from-env.ts';
import { KeychainUnavailableError } from '../credentials/keychain.ts';
import { SignInError } from '../credentials/redirect.ts';
import { describeStatus } from '../credentials/status-text.ts';
import { systemClock } from '../util/clock.ts';
import { createLogger } from '../util/log.ts';
import { defineCommand, parseCommand, UsageError } from './args.ts';
import type { CliIo } from './io.ts';

export const loginSpec = defineCommand({
  name: 'login',
  summary: 'sign in with Schwab; keeps the app secret and tokens in the OS keychain',
  details: [
    'The app key, secret and callback URL come from SCHWAB_APP_KEY, SCHWAB_APP_SECRET and',
    'SCHWAB_CALLBACK_URL, else from the app already stored, else it asks for them. It prints the',
    "authorize URL and reads the browser's redirected address from standard input.",
  ],
  flags: {},
  examples: ['npx fathom login'],
});

export async function loginCommand(args: string[], io: CliIo): Promise<number> {
  parseCommand(loginSpec, args);
  const env = io.env ?? process.env;
  const clock = systemClock();
  const logger = createLogger({ level: (env.FATHOM_LOG_LEVEL as 'debug' | undefined) ?? 'warn' });
  const service = authServiceFromEnv(env, clock, logger);
  const input = new LineInput(io.stdin ?? process.stdin);
  try {
    let started;
    try {
      started = await service.begin(await appInput(env, input, io, () => service.hasStoredApp()));
    } catch (error) {
      if (error instanceof SignInError) throw new UsageError(error.message);
      if (error instanceof KeychainUnavailableError) return fail(io, `${error.message}. Nothing was stored: Fathom keeps Schwab secrets only in the OS keychain`);
      throw error;
    }
    io.err('Open this address in a browser, sign in to Schwab and approve the app:');
    io.out(started.authorizeUrl);
    io.err(`The browser is then sent to ${started.callbackUrl}; that page may not load, which is expected.`);
    io.err('Paste its whole address here at once (the code in it lives about 30 seconds):');
    const pasted = await input.line();
    if (pasted === null) return fail(io, 'no address was pasted (standard input ended)');
    try {
      const status = await service.complete(pasted);
      io.out(describeStatus(status, clock.now()));
      return 0;
    } catch (error) {
      if (error instanceof SignInError || error instanceof KeychainUnavailableError) return fail(io, `${error.message}. Run \`npx fathom login\` again`);
      throw error;
    }
  } finally {
    input.close();
    service.stop();
  }
}

function fail(io: CliIo, message: string): number {
  io.err(`fathom login: ${message}`);
  return 1;
}

async function appInput(env: NodeJS.ProcessEnv, input: LineInput, io: CliIo, hasStoredApp: () => Promise<boolean>): Promise<Partial<AppInput>> {
  const fromEnv = {
    appKey: env.SCHWAB_APP_KEY?.trim() || undefined,
    appSecret: env.SCHWAB_APP_SECRET?.trim() || undefined,
    callbackUrl: env.SCHWAB_CALLBACK_URL?.trim() || undefined,
  };
  const given = Object.values(fromEnv).filter(Boolean).length;
  if (given === 0 && (await hasStoredApp())) {
    io.err('Signing in again with the Schwab app stored in the keychain (set SCHWAB_APP_KEY etc. to use another).');
    return {};
  }
  const ask = async (value: string | undefined, label: string, secret: boolean): Promise<string> => {
    if (value) return value;
    io.err(`${label}:`);
    const line = secret ? await input.secret() : await input.line();
    if (line === null || line.trim() === '') throw new UsageError(`no ${label.toLowerCase()} given (set it in the environment or type it when asked)`);
    return line.trim();
  };
  return {
    appKey: await ask(fromEnv.appKey, 'App key (SCHWAB_APP_KEY)', false),
    appSecret: await ask(fromEnv.appSecret, 'App secret (SCHWAB_APP_SECRET)', true),
    callbackUrl: await ask(fromEnv.callbackUrl, 'Callback URL (SCHWAB_CALLBACK_URL), exactly as registered at Schwab', false),
  };
}

/**
 * Lines from standard input, one at a time, across several prompts. A secret typed at a
 * terminal is read in raw mode so it is not echoed; piped input is read as it comes.
 */
class LineInput {
  private buffer = '';
  private ended = false;
  private waiting: (() => void) | null = null;
  private readonly stream: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  private readonly onData = (chunk: Buffer | string) => {
    this.buffer += chunk.toString();
    this.wake();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.wake();
  };

  constructor(stream: Readable) {
    this.stream = stream;
    stream.on('data', this.onData);
    stream.on('end', this.onEnd);
    stream.on('error', this.onEnd);
  }

  line(): Promise<string | null> {
    return this.next(false);
  }

  async secret(): Promise<string | null> {
    const raw = this.stream.isTTY === true && typeof this.stream.setRawMode === 'function';
    if (raw) this.stream.setRawMode?.(true);
    try {
      return await this.next(raw);
    } finally {
      if (raw) this.stream.setRawMode?.(false);
    }
  }

  close(): void {
    this.stream.off('data', this.onData);
    this.stream.off('end', this.onEnd);
    this.stream.off('error', this.onEnd);
    this.stream.pause();
  }

  private async next(raw: boolean): Promise<string | null> {
    for (;;) {
      if (raw && this.buffer.includes('\u0003')) throw new UsageError('cancelled');
      const end = this.buffer.search(/\r\n|\r|\n/);
      if (end >= 0) {
        let line = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(this.buffer.startsWith('\r\n', end) ? end + 2 : end + 1);
        // In raw mode the terminal leaves editing to us: DEL removes the character before it.
        if (raw) line = [...line].reduce((text, ch) => (ch === '\u007f' || ch === '\b' ? text.slice(0, -1) : text + ch), '');
        return line;
      }
      if (this.ended) {
        const rest = this.buffer;
        this.buffer = '';
        return rest === '' ? null : rest;
      }
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.();
  }
}
