// The command-line entry: `npx fathom <command> [options]`. Each command lives in its own file
// and returns an exit code; usage errors are one line and exit code 2, never a stack trace.
import { readFileSync } from 'node:fs';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { summary: string; run: Command }> = {
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
  return command.run(rest, io);
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
