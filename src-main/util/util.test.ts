import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.testkit.ts';
import { Emitter } from './emitter.ts';
import { redact, registerSecret } from './log.ts';
import { memoryLogger } from './memory-logger.testkit.ts';
import { seededRandom } from './random.ts';

describe('ManualClock', () => {
  it('fires due timers in time order, then in the order they were set', () => {
    const clock = new ManualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@50'), 50);
    clock.setTimeout(() => fired.push('a@10'), 10);
    clock.setTimeout(() => fired.push('c@50'), 50);
    const cancelled = clock.setTimeout(() => fired.push('never'), 20);
    clock.clearTimeout(cancelled);
    clock.advance(49);
    expect(fired).toEqual(['a@10']);
    clock.advance(1);
    expect(fired).toEqual(['a@10', 'b@50', 'c@50']);
    expect(clock.now()).toBe(1050);
  });

  it('runs a timer set by a timer within the same advance, at its own time', () => {
    const clock = new ManualClock(0);
    const times: number[] = [];
    const tick = () => {
      times.push(clock.now());
      if (times.length < 5) clock.setTimeout(tick, 100);
    };
    clock.setTimeout(tick, 100);
    clock.advance(1000);
    expect(times).toEqual([100, 200, 300, 400, 500]);
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('Emitter', () => {
  it('keeps notifying the others when one listener throws, and unsubscribes only its own', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<{ x: number }>((_e, error) => errors.push(error));
    const seen: number[] = [];
    emitter.on('x', () => {
      throw new Error('bad');
    });
    const off = emitter.on('x', (n) => seen.push(n));
    emitter.on('x', (n) => seen.push(n * 10));
    emitter.emit('x', 1);
    off();
    emitter.emit('x', 2);
    expect(seen).toEqual([1, 10, 20]);
    expect(errors).toHaveLength(2);
  });
});

describe('log redaction', () => {
  it('never writes a registered secret, wherever it appears', () => {
    const secret = 'I0.b2F1dGgyLmNkYy5zY2h3YWIuY29t.secret-token-value';
    registerSecret(secret);
    const { logger, lines } = memoryLogger();
    logger.info(`login with ${secret}`, { token: secret, nested: { auth: `Bearer ${secret}` } });
    logger.child('x').error('failed', { error: new Error(`refused ${secret}`) });
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines.join('\n')).toContain('[redacted]');
    expect(redact('nothing here')).toBe('nothing here');
  });
});

describe('seededRandom', () => {
  it('repeats for a seed and differs across seeds', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
