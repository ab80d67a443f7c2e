// Real processes, real kills: `fathom record` on the demo, killed with SIGKILL at random moments
// while it writes, must never corrupt the file and must lose at most the last second; a graceful
// stop must lose nothing and close the session.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { readFrames } from './frames.ts';
import { getSession, listSessions } from './sessions.ts';
import { countFlows } from './flows.ts';
import { seededRandom } from '../util/random.ts';

const CLI = new URL('../cli/fathom.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'fathom-crash-'));
const path = join(dir, 'crash.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function record(seconds?: number): { child: ChildProcess; output: Promise<string> } {
  const args = [CLI, 'record', '--demo', '--chain', 'SPY:8', '--chain', 'QQQ:8', '--intensity', '30', '--db', path];
  if (seconds !== undefined) args.push('--seconds', String(seconds));
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = new Promise<string>((resolve) => {
    let text = '';
    child.stdout?.on('data', (d) => (text += d));
    child.stderr?.on('data', (d) => (text += d));
    child.on('exit', () => resolve(text));
  });
  return { child, output };
}

/** Frames of a session newer than `after`, read by a second connection while the recorder writes. */
function framesWritten(after: number): number {
  try {
    const db = openDatabase(path, { readonly: true });
    try {
      const [latest] = listSessions(db, 1);
      return latest && Number(latest.id) > after ? latest.frames : 0;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 60_000) throw new Error(`gave up waiting for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

describe('a recording killed with SIGKILL', () => {
  it('never corrupts the file and loses at most the last second, kill after kill', async () => {
    const random = seededRandom(99);
    const kills: { at: number; threshold: number }[] = [];
    for (let round = 0; round < 5; round++) {
      const { child, output } = record();
      const threshold = 8 + Math.floor(random() * 25);
      await until(() => framesWritten(round) >= threshold, `${threshold} frames`);
      const at = Date.now();
      child.kill('SIGKILL');
      await output;
      kills.push({ at, threshold });
    }
    const db = openDatabase(path);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const sessions = listSessions(db, 100).reverse();
      expect(sessions).toHaveLength(5);
      sessions.forEach((session, i) => {
        const frames = [...readFrames(db, Number(session.id))];
        expect(frames.length).toBeGreaterThanOrEqual(kills[i]!.threshold);
        expect(frames.map((f) => f.seq)).toEqual(frames.map((_, k) => k));
        const last = frames[frames.length - 1]!.receivedAt;
        // Batches commit every 100 ms; with frames arriving continuously, what a kill can lose
        // is what arrived since the last commit.
        expect(kills[i]!.at - last).toBeLessThan(1000);
        // A crashed session is closed when the next recording starts (the last one stays open).
        if (i < 4) expect(session.end).toBe(last);
        expect(countFlows(db, Number(session.id))).toBe(session.flows);
      });
    } finally {
      db.close();
    }
  }, 180_000);

  it('a graceful stop loses nothing and closes the session', async () => {
    const { child, output } = record();
    await until(() => framesWritten(5) >= 15, '15 frames');
    child.kill('SIGTERM');
    const text = await output;
    expect(child.exitCode).toBe(0);
    const match = /recorded session (\d+) to .*: (\d+) frames, (\d+) flows/.exec(text);
    expect(match, text).not.toBeNull();
    const db = openDatabase(path, { readonly: true });
    try {
      const session = getSession(db, Number(match![1]))!;
      expect(session.frames).toBe(Number(match![2]));
      expect([...readFrames(db, Number(session.id))]).toHaveLength(Number(match![2]));
      expect(countFlows(db, Number(session.id))).toBe(Number(match![3]));
      expect(session.end).not.toBeNull();
    } finally {
      db.close();
    }
  }, 60_000);
});
