import { describe, expect, it } from 'vitest';
import { parseSimulateFlags, simulateCommand } from './simulate.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) },
  };
}

describe('fathom simulate flags', () => {
  it('parses both spellings and applies defaults', () => {
    expect(
      parseSimulateFlags(['--port', '8123', '--seed=7', '--intensity', '2.5', '--levels=50']),
    ).toEqual({
      ok: true,
      flags: { port: 8123, seed: 7, intensity: 2.5, bookLevels: 50 },
    });
    expect(parseSimulateFlags([])).toEqual({
      ok: true,
      flags: { port: 0, seed: 1, intensity: 1, bookLevels: 1 },
    });
  });

  for (const args of [
    ['--port'],
    ['--port', 'x'],
    ['--port', '70000'],
    ['--levels', '51'],
    ['--intensity', '0'],
    ['--seed', '1.5'],
    ['--what'],
    ['--port', '1', '--port', '2'],
  ]) {
    it(`refuses ${args.join(' ')} with one line and exit code 2`, async () => {
      const { out, err, io: cli } = io();
      expect(await simulateCommand(args, cli, () => Promise.resolve())).toBe(2);
      expect(err).toHaveLength(1);
      expect(err[0]).toMatch(/^fathom simulate: /);
      expect(out).toEqual([]);
    });
  }
});

describe('fathom simulate', () => {
  it('starts on loopback, prints where, and stops when told', async () => {
    const { out, err, io: cli } = io();
    let printed: string[] = [];
    const code = await simulateCommand(['--seed', '3', '--levels', '5'], cli, async () => {
      printed = [...out];
      const apiBase = /apiBase:\s+(\S+)/.exec(printed.join('\n'))?.[1] ?? '';
      const unauthorized = await fetch(`${apiBase}/trader/v1/userPreference`);
      expect(unauthorized.status).toBe(401);
    });
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(printed.join('\n')).toMatch(/apiBase:\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(printed.join('\n')).toMatch(/streamer:\s+ws:\/\/127\.0\.0\.1:\d+\/ws/);
    expect(printed.join('\n')).toMatch(/app key:\s+\S+\s+callback: https:\/\/127\.0\.0\.1/);
    expect(out.at(-1)).toBe('simulator stopped');
  });
});
