// The help text, drawn from the same CommandSpec that parses the flags: `npx fathom <command> --help`
// (or `-h`, or `npx fathom help <command>`) and the command list of `npx fathom help`.
import type { CommandSpec, FlagSpec } from './args.ts';

const WIDTH = 100;

const visible = (spec: CommandSpec): [string, FlagSpec][] => Object.entries(spec.flags).filter(([, flag]) => !flag.hidden);

function flagText(name: string, flag: FlagSpec): string {
  return flag.type === 'string' ? `--${name} ${flag.value}` : `--${name}`;
}

/** Words after `first`, in lines of at most WIDTH characters; the next lines start with `indent`. */
function wrap(words: readonly string[], first: string, indent: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = indent + word;
    } else {
      line += empty ? word : ` ${word}`;
    }
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd());
}

export function usageLine(spec: CommandSpec): string[] {
  const parts = visible(spec).map(([name, flag]) => {
    const text = flag.type === 'string' && flag.multiple ? `${flagText(name, flag)} ...` : flagText(name, flag);
    return flag.type === 'string' && flag.required ? text : `[${text}]`;
  });
  const first = `usage: npx fathom ${spec.name} `;
  return wrap(parts, first, ' '.repeat(first.length));
}

export function helpText(spec: CommandSpec): string {
  const flags: [string, string][] = [...visible(spec).map(([name, flag]): [string, string] => [flagText(name, flag), flag.description]), ['-h, --help', 'print this help']];
  const column = Math.max(...flags.map(([left]) => left.length)) + 2;
  const flagLines = flags.flatMap(([left, description]) => wrap(description.split(' '), `  ${left.padEnd(column)}`, ' '.repeat(column + 2)));
  return [
    ...usageLine(spec),
    '',
    spec.summary,
    ...(spec.details ? ['', ...spec.details] : []),
    '',
    'flags:',
    ...flagLines,
    '',
    spec.examples.length === 1 ? 'example:' : 'examples:',
    ...spec.examples.map((example) => `  ${example}`),
  ].join('\n');
}

/** `npx fathom help`: every command with its summary; its flags are in its own help. */
export function commandList(specs: readonly CommandSpec[]): string {
  const width = Math.max(...specs.map((spec) => spec.name.length));
  return [
    'usage: npx fathom <command> [options]',
    '',
    'commands:',
    ...specs.map((spec) => `  ${spec.name.padEnd(width)}  ${spec.summary}`),
    '',
    'Every command answers --help (or -h, or `npx fathom help <command>`) with its flags and examples.',
  ].join('\n');
}
