// Every command's --help comes from the spec that parses its flags: each flag is listed with its
// description, each example parses; and the parsing is strict, one-line usage errors, exit code 2.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommand, type CommandSpec } from './args.ts';
import { COMMANDS, main } from './main.ts';
import { recordSpec } from './record.ts';
import { replaySpec } from './replay.ts';
import { serveSpec } from './serve.ts';

async function run(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

/** The arguments after `npx fathom <name>` in one of the spec's examples. */
function exampleArgs(spec: CommandSpec, example: string): string[] {
  const words = example.split(/\s+/);
  const name = spec.name.split(' ');
  expect(words.slice(0, 2 + name.length)).toEqual(['npx', 'fathom', ...name]);
  return words.slice(2 + name.length);
}

/** Values for the required flags, so a parse gets past them. */
function requiredArgs(spec: CommandSpec): string[] {
  return Object.entries(spec.flags).flatMap(([name, flag]) => (flag.type === 'string' && flag.required ? [`--${name}`, 'x'] : []));
}

const specs = COMMANDS.map((command) => command.spec);

describe('npx fathom <command> --help', () => {
  for (const spec of specs) {
    it(`${spec.name} --help prints its usage, every flag with its description, and examples`, async () => {
      const help = await run([spec.name, '--help']);
      expect(help.code).toBe(0);
      expect(help.err).toEqual([]);
      expect(help.out).toHaveLength(1);
      const text = help.out[0]!;
      expect(text.startsWith(`usage: npx fathom ${spec.name}`)).toBe(true);
      expect(text).toContain(spec.summary);
      for (const [name, flag] of Object.entries(spec.flags)) {
        expect(flag.description.trim(), `--${name} has a description`).not.toBe('');
        if (flag.hidden) {
          expect(text).not.toContain(`--${name}`);
          continue;
        }
        const shown = flag.type === 'string' ? `--${name} ${flag.value}` : `--${name}`;
        expect(text, `--${name}`).toMatch(new RegExp(`^  ${escape(shown)} +${escape(flag.description.split(' ')[0]!)}`, 'm'));
        // Descriptions wrap at 100 columns: compare them with the whitespace folded.
        expect(text.replace(/\s+/g, ' ')).toContain(flag.description);
      }
      expect(spec.examples.length).toBeGreaterThan(0);
      for (const example of spec.examples) expect(text).toContain(`  ${example}`);
      for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);

      expect(await run([spec.name, '-h'])).toEqual(help);
      expect(await run(['help', spec.name])).toEqual(help);
      expect(await run([spec.name, ...requiredArgs(spec), '--help'])).toEqual(help);
    });

    it(`${spec.name}: every example parses with the spec`, () => {
      for (const example of spec.examples) expect(() => parseCommand(spec, exampleArgs(spec, example)), example).not.toThrow();
    });
  }

  it('hides only the test hooks, which still parse', () => {
    const hidden = specs.flatMap((spec) => Object.entries(spec.flags).filter(([, flag]) => flag.hidden).map(([name]) => `${spec.name} --${name}`));
    expect(hidden).toEqual(['serve --test-hooks', 'serve --days-ago']);
    expect(parseCommand(serveSpec, ['--demo', '--port', '0', '--intensity', '5', '--test-hooks', '--db', 'x.db', '--levels', '1', '--days-ago', '1'])).toEqual({
      demo: true,
      port: '0',
      intensity: '5',
      'test-hooks': true,
      db: 'x.db',
      levels: '1',
      'days-ago': '1',
    });
  });

  it('no command declares its own --help', () => {
    for (const spec of specs) expect(Object.keys(spec.flags)).not.toContain('help');
  });

  it('npx fathom --help and help list every command, with the --help hint', async () => {
    const list = await run(['--help']);
    expect(list.code).toBe(0);
    for (const spec of specs) expect(list.out[0]).toMatch(new RegExp(`^  ${spec.name} +${escape(spec.summary)}`, 'm'));
    expect(list.out[0]).toContain('Every command answers --help');
    for (const line of list.out[0]!.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(await run(['help'])).toEqual(list);
    expect(await run(['-h'])).toEqual(list);
    const bare = await run([]);
    expect(bare.code).toBe(2);
    expect(bare.out).toEqual(list.out);
  });

  it('help for an unknown command is a one-line error, exit code 2', async () => {
    expect(await run(['help', 'nosuch'])).toEqual({ code: 2, out: [], err: ['fathom: unknown command "nosuch". Run `npx fathom help` for the list.'] });
    expect((await run(['toString'])).code).toBe(2);
  });
});

describe('strict flags', () => {
  for (const spec of specs) {
    it(`${spec.name}: an unknown flag is a one-line usage error, exit code 2`, async () => {
      const result = await run([spec.name, ...requiredArgs(spec), '--no-such-flag']);
      expect(result.code).toBe(2);
      expect(result.out).toEqual([]);
      expect(result.err).toEqual([`fathom ${spec.name}: Unknown option '--no-such-flag'. Run \`npx fathom ${spec.name} --help\` for its flags`]);
      const stray = await run([spec.name, 'stray']);
      expect(stray.code).toBe(2);
      expect(stray.err).toHaveLength(1);
      expect(stray.err[0]).toMatch(new RegExp(`^fathom ${spec.name}: Unexpected argument 'stray'`));
    });

    it(`${spec.name}: a missing required flag is named, exit code 2`, () => {
      for (const [name, flag] of Object.entries(spec.flags)) {
        if (flag.type !== 'string' || !flag.required) continue;
        const args = requiredArgs(spec);
        args.splice(args.indexOf(`--${name}`), 2);
        expect(() => parseCommand(spec, args)).toThrow(`--${name} ${flag.value} is required`);
      }
    });

    it(`${spec.name}: a repeatable flag keeps every value in order, a single one the last`, () => {
      for (const [name, flag] of Object.entries(spec.flags)) {
        if (flag.type !== 'string' || (spec.once && !flag.multiple)) continue;
        const flags = parseCommand(spec, [...requiredArgs(spec), `--${name}`, 'a', `--${name}=b`]) as Record<string, unknown>;
        if (flag.multiple) expect(flags[name]).toEqual(['a', 'b']);
        else if (!spec.once) expect(flags[name]).toBe('b');
      }
    });
  }

  it('record --chain and replay --set collect all their values', () => {
    expect(parseCommand(recordSpec, ['--db', 'r.db', '--chain', 'SPY:10', '--chain', 'QQQ:6', '--chain=IWM:4']).chain).toEqual(['SPY:10', 'QQQ:6', 'IWM:4']);
    const replay = parseCommand(replaySpec, ['--db', 'r.db', '--set', 'whaleMinPremium=50000', '--set', 'clusterWindowMs=500']);
    expect(replay.set).toEqual(['whaleMinPremium=50000', 'clusterWindowMs=500']);
    expect(replay.diff).toBeUndefined();
  });

  it('record takes --no-webhooks and --settings, and its help says where its rules and webhooks come from', async () => {
    expect(parseCommand(recordSpec, ['--db', 'r.db', '--no-webhooks', '--settings', 'app.db'])).toEqual({ db: 'r.db', 'no-webhooks': true, settings: 'app.db' });
    expect(parseCommand(recordSpec, ['--db', 'r.db'])['no-webhooks']).toBeUndefined();
    const help = (await run(['record', '--help'])).out[0] ?? '';
    expect(help.split('\n\n')[0]).toContain('[--no-webhooks]');
    expect(help).toMatch(/^ {2}--no-webhooks +record the alerts without posting them to their rules' webhook destinations$/m);
    const folded = help.replace(/\s+/g, ' ');
    expect(folded).toContain('The alert rules and flow rules are those stored in the settings of --db, or of --settings');
    expect(folded).toContain('Alerts are posted to the webhook destinations their rules name, with the URLs read from the keychain as the app does');
    expect(folded).toContain('the summary line then ends with the messages delivered and failed.');
  });

  it('record checks every --chain it is given (the second one here)', async () => {
    const result = await run(['record', '--demo', '--db', join(tmpdir(), 'fathom-help-never.db'), '--chain', 'SPY:10', '--chain', 'QQQ']);
    expect(result).toEqual({ code: 2, out: [], err: ['fathom record: --chain takes UNDERLYING:STRIKES such as SPY:10, got "QQQ"'] });
  });

  it('simulate takes each flag at most once', async () => {
    expect(await run(['simulate', '--port', '1', '--port=2'])).toEqual({ code: 2, out: [], err: ['fathom simulate: --port given twice'] });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
