import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../util/manual-clock.testkit.ts';
import { memoryLogger } from '../../util/memory-logger.testkit.ts';
import { QuitGate } from './quit-gate.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('QuitGate', () => {
  it('holds the first quit until the app has stopped, then quits for real once', async () => {
    const clock = new ManualClock(0);
    let finishStop!: () => void;
    let stops = 0;
    let quits = 0;
    const gate = new QuitGate({
      clock,
      stop: () => {
        stops++;
        return new Promise<void>((resolve) => (finishStop = resolve));
      },
      quit: () => void quits++,
    });
    let prevented = 0;
    gate.beforeQuit(() => prevented++);
    gate.beforeQuit(() => prevented++);
    expect([prevented, stops, quits, gate.current]).toEqual([2, 1, 0, 'stopping']);
    finishStop();
    await tick();
    expect([quits, gate.current]).toEqual([1, 'stopped']);
    gate.beforeQuit(() => prevented++);
    expect(prevented).toBe(2);
  });

  it('quits anyway when stopping hangs or fails, and says so', async () => {
    const clock = new ManualClock(0);
    const { logger, lines } = memoryLogger();
    let quits = 0;
    const hung = new QuitGate({ clock, logger, timeoutMs: 5000, stop: () => new Promise<void>(() => undefined), quit: () => void quits++ });
    hung.beforeQuit(() => undefined);
    await tick();
    clock.advance(5000);
    await tick();
    expect(quits).toBe(1);
    const failing = new QuitGate({ clock, logger, stop: () => Promise.reject(new Error('disk full')), quit: () => void quits++ });
    failing.beforeQuit(() => undefined);
    await tick();
    await tick();
    expect(quits).toBe(2);
    expect(lines.join('\n')).toMatch(/did not stop in time[\s\S]*disk full/);
  });
});
