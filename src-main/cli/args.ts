// Flag parsing for the CLI. Each command declares its flags once, in a CommandSpec; the same spec
// drives util.parseArgs (strict, no positionals) and the command's --help text (help.ts), so the
// two cannot drift. Usage errors are one line and exit code 2.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface StringFlag {
  type: 'string';
  /** The value's placeholder in the help: `<file>`, `N`, `csv|json|ndjson`. */
  value: string;
  description: string;
  /** Repeatable: every value is kept, in order (`--chain SPY:10 --chain QQQ:6`). */
  multiple?: boolean;
  /** Shown bare in the usage line, and a usage error when missing. */
  required?: boolean;
  /** Parsed but left out of the help (test hooks). */
  hidden?: boolean;
}

export interface BooleanFlag {
  type: 'boolean';
  description: string;
  hidden?: boolean;
}

export type FlagSpec = StringFlag | BooleanFlag;
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface CommandSpec<F extends FlagSpecs = FlagSpecs> {
  name: string;
  /** One line, for the command list and the top of the command's help. */
  summary: string;
  /** More lines for the help, after the summary (environment variables and the like). */
  details?: readonly string[];
  flags: F;
  /** Whole command lines, `npx fathom <name> ...`; help.test.ts parses each against the flags. */
  examples: readonly [string, ...string[]];
  /** A single-valued flag given twice is a usage error; otherwise the last one wins, as util.parseArgs does. */
  once?: boolean;
}

type ValueOf<S extends FlagSpec> = S extends { type: 'boolean' } ? boolean : S extends { multiple: true } ? string[] : string;

/** The parsed flags: required ones are always there, the rest may be absent. */
export type FlagValues<F extends FlagSpecs> = {
  -readonly [K in keyof F as F[K] extends { required: true } ? K : never]: ValueOf<F[K]>;
} & {
  -readonly [K in keyof F as F[K] extends { required: true } ? never : K]?: ValueOf<F[K]>;
};

/** Keeps the flags' literal types, so parseCommand's result is typed per flag. */
export function defineCommand<const F extends FlagSpecs>(spec: CommandSpec<F>): CommandSpec<F> {
  return spec;
}

/** The spec's flags as util.parseArgs options. */
function parseOptions(flags: FlagSpecs): ParseArgsOptionsConfig {
  const options: ParseArgsOptionsConfig = {};
  for (const [name, flag] of Object.entries(flags)) {
    options[name] = flag.type === 'string' && flag.multiple ? { type: 'string', multiple: true } : { type: flag.type };
  }
  return options;
}

/** The command's flags from its arguments: strict, so an unknown flag or a stray word is a usage error. */
export function parseCommand<F extends FlagSpecs>(spec: CommandSpec<F>, args: readonly string[]): FlagValues<F> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: parseOptions(spec.flags), strict: true, allowPositionals: false, tokens: true });
  } catch (error) {
    const message = ((error as Error).message.split('\n')[0] ?? 'bad arguments').replace(/\.$/, '');
    throw new UsageError(`${message}. Run \`npx fathom ${spec.name} --help\` for its flags`);
  }
  if (spec.once) {
    const seen = new Set<string>();
    for (const token of parsed.tokens) {
      if (token.kind !== 'option') continue;
      if (seen.has(token.name)) throw new UsageError(`--${token.name} given twice`);
      seen.add(token.name);
    }
  }
  const missing = Object.entries(spec.flags).flatMap(([name, flag]) => (flag.type === 'string' && flag.required && parsed.values[name] === undefined ? [`--${name} ${flag.value}`] : []));
  if (missing.length > 0) throw new UsageError(`${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} required`);
  return parsed.values as FlagValues<F>;
}

/** Whether the arguments ask for the command's help: `--help` or `-h` anywhere before `--`. */
export function wantsHelp(spec: CommandSpec, args: readonly string[]): boolean {
  const options = { ...parseOptions(spec.flags), help: { type: 'boolean', short: 'h' } } satisfies ParseArgsOptionsConfig;
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  return tokens.some((token) => token.kind === 'option' && token.name === 'help');
}

export function numberFlag(value: string | undefined, name: string, options: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const { min = -Infinity, max = Infinity, integer = false } = options;
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const range = [min > -Infinity ? `>= ${min}` : '', max < Infinity ? `<= ${max}` : ''].filter(Boolean).join(' and ');
    throw new UsageError(`--${name} must be ${integer ? 'a whole number' : 'a number'}${range ? ` ${range}` : ''}, got "${value}"`);
  }
  return n;
}

/** The database path, with a clear error when its folder does not exist. */
export function dbPath(value: string | undefined): string {
  if (!value) throw new UsageError('--db <file> is required');
  const path = resolve(value);
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`the folder for --db does not exist: ${folder}`);
  return path;
}
