// The command-line entry: `npx fathom <command> [options]`. Each command lives in its own file
// and returns an exit code; usage errors are one line and exit code 2, never a stack trace.
import { readFileSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { flowsCommand } from './flows.ts';
import { replayCommand } from './replay.ts';
import { serveCommand } from './serve.ts';
import { sessionsCommand } from './sessions.ts';
import { exportCommand } from './export.ts';
import { UsageError } from './args.ts';
import { recordCommand } from './record.ts';
import { loginCommand } from './login.ts';
import { logoutCommand } from './logout.ts';
import { statusCommand } from './status.ts';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Bulk output (flows, exports) goes here, with backpressure. */
  stdout?: Writable;
  /** Typed or piped answers (`login` reads the redirected address here); process.stdin by default. */
  stdin?: Readable;
  /** The environment commands read; process.env by default (tests pass their own). */
  env?: NodeJS.ProcessEnv;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdout: process.stdout,
};

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { summary: string; run: Command }> = {
  flows: { summary: 'print a session\'s stored flows (--db, --session, --format, --min-premium, --kind, --whales)', run: flowsCommand },
  replay: { summary: 're-run a session (--db, --session, --speed max|X, --from, --to, --format, --set k=v, --diff k=v)', run: replayCommand },
  sessions: { summary: 'list recorded sessions (--db, --json)', run: sessionsCommand },
  export: { summary: 'write a session\'s flows to a file (--db, --session, --out file.csv|json|ndjson)', run: exportCommand },
  serve: { summary: 'run the app in a browser (--port, --demo, --db); prints the URL with its token', run: (args, io) => serveCommand(args, io) },
  record: { summary: 'record a live or demo session into SQLite (--symbols, --db, --seconds, --demo, --chain)', run: recordCommand },
  login: { summary: 'sign in with Schwab; keeps the app secret and tokens in the OS keychain (SCHWAB_APP_KEY, SCHWAB_APP_SECRET, SCHWAB_CALLBACK_URL)', run: loginCommand },
  status: { summary: 'print the Schwab sign-in status in one line (--json)', run: statusCommand },
  logout: { summary: 'delete the Schwab app secret and tokens from the OS keychain', run: logoutCommand },
  version: { summary: 'print the version', run: async (_args, io) => (io.out(version()), 0) },
};

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.err(`fathom: unknown command "${name}". Run \`npx fathom help\` for the list.`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`fathom ${name}: ${error.message}`);
      return 2;
    }
    io.err(`fathom ${name}: ${(error as Error).message ?? String(error)}`);
    return 1;
  }
}

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return ['usage: npx fathom <command> [options]', '', 'commands:', ...lines].join('\n');
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
