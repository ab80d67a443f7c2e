import { describe, expect, it } from 'vitest';
import { analyse } from './trace.ts';

const PID = 1;
const TID = 2;
const meta = { name: 'thread_name', ph: 'M', pid: PID, tid: TID, ts: 0, args: { name: 'CrRendererMain' } };
/** A top-level task at `ts` µs lasting `dur` (thread CPU `tdur`), holding `inner` events. */
function task(ts: number, dur: number, tdur: number, inner: string[]) {
  return [{ name: 'RunTask', ph: 'X', pid: PID, tid: TID, ts, dur, tdur }, ...inner.map((name, i) => ({ name, ph: 'X', pid: PID, tid: TID, ts: ts + 10 + i * 10, dur: 5, tdur: 5 }))];
}

describe('analyse', () => {
  const events = [meta, ...task(0, 4000, 3000, ['FireAnimationFrame', 'Paint', 'Commit']), ...task(20_000, 2000, 1500, ['FireAnimationFrame', 'Commit']), ...task(40_000, 500, 400, ['FireAnimationFrame'])];

  it('counts the tasks that painted as frames', () => {
    const t = analyse(events);
    expect(t.frames).toBe(1);
    expect(t.cpuP95).toBe(3);
    expect(t.paintedOnly).toBeNull();
  });

  it('with commits, counts a task that committed without painting too, and keeps the painted-only figures', () => {
    const t = analyse(events, undefined, { commits: true });
    expect(t.frames).toBe(2);
    expect(t.wallP50).toBe(2);
    expect(t.paintedOnly).toEqual({ frames: 1, wallP95: 4, cpuP95: 3 });
  });
});
