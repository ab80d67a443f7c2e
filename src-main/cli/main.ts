// The command-line entry: `npx fathom <command> [options]`. Each command lives in its own file
// and returns an exit code; usage errors are one line and exit code 2, never a stack trace.
import { readFileSync } from 'node:fs';
import type { CliIo } from './io.ts';
import { defineCommand, parseCommand, UsageError, wantsHelp, type CommandSpec } from './args.ts';
import { alertsTestCommand, alertsTestSpec } from './alerts.ts';
import { exportCommand, exportSpec } from './export.ts';
import { flowsCommand, flowsSpec } from './flows.ts';
import { commandList, helpText } from './help.ts';
import { loginCommand, loginSpec } from './login.ts';
import { logoutCommand, logoutSpec } from './logout.ts';
import { recordCommand, recordSpec } from './record.ts';
import { replayCommand, replaySpec } from './replay.ts';
import { serveCommand, serveSpec } from './serve.ts';
import { sessionsCommand, sessionsSpec } from './sessions.ts';
import { simulateCommand, simulateSpec } from './simulate.ts';
import { statusCommand, statusSpec } from './status.ts';


const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  stdout: process.stdout,
};

type Command = (args: string[], io: CliIo) => Promise<number>;

const versionSpec = defineCommand({ name: 'version', summary: 'print the version', flags: {}, examples: ['npx fathom version'] });

/** Every command, in the order `npx fathom help` lists them; each parses its flags with its spec. */
export const COMMANDS: readonly { spec: CommandSpec; run: Command }[] = [
  { spec: flowsSpec, run: flowsCommand },
  { spec: replaySpec, run: replayCommand },
  { spec: sessionsSpec, run: sessionsCommand },
  { spec: exportSpec, run: exportCommand },
  { spec: alertsTestSpec, run: alertsTestCommand },
  { spec: serveSpec, run: (args, io) => serveCommand(args, io) },
  { spec: recordSpec, run: recordCommand },
  { spec: simulateSpec, run: (args, io) => simulateCommand(args, io) },
  { spec: loginSpec, run: loginCommand },
  { spec: statusSpec, run: statusCommand },
  { spec: logoutSpec, run: logoutCommand },
  { spec: versionSpec, run: async (args, io) => (parseCommand(versionSpec, args), io.out(version()), 0) },
];

const byName = new Map(COMMANDS.map((command) => [command.spec.name, command]));

export type { CliIo } from './io.ts';

/** A command of two words (`alerts test`) as one name, so it reads like the others. */
function joinTwoWordName(words: readonly string[]): string[] {
  const [first, second, ...rest] = words;
  if (first !== undefined && second !== undefined && byName.has(`${first} ${second}`)) return [`${first} ${second}`, ...rest];
  return [...words];
}

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  const [name, ...rest] = joinTwoWordName(argv);
  if (name === 'help') rest.splice(0, rest.length, ...joinTwoWordName(rest));
  if (!name || name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    io.out(commandList(COMMANDS.map((c) => c.spec)));
    return name ? 0 : 2;
  }
  const topic = name === 'help' ? rest[0] : name;
  const command = topic === undefined ? undefined : byName.get(topic);
  if (!command) {
    io.err(`fathom: unknown command "${topic}". Run \`npx fathom help\` for the list.`);
    return 2;
  }
  if (name === 'help' || wantsHelp(command.spec, rest)) {
    io.out(helpText(command.spec));
    return 0;
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

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
