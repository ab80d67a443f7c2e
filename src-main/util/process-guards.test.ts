import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { registerSecret } from './log.ts';
import { memoryLogger } from './memory-logger.testkit.ts';
import { describeFailure, installProcessGuards, type ProcessLike } from './process-guards.ts';

/** A process stand-in: emits the two events, records an exit instead of exiting. */
function fakeProcess() {
  const events = new EventEmitter();
  const exits: number[] = [];
  const target = Object.assign(events, {
    exit: (code: number) => {
      exits.push(code);
      return undefined as never;
    },
  }) as unknown as ProcessLike & EventEmitter;
  return { target, exits };
}


describe('process guards', () => {
  it('logs an unhandled rejection, redacted, and keeps the process running', () => {
    const secret = 'sk-live-guard-secret-0123456789';
    registerSecret(secret);
    const { logger, lines } = memoryLogger();
    const { target, exits } = fakeProcess();
    installProcessGuards(logger, target);
    target.emit('unhandledRejection', new Error(`refresh failed for ${secret}`));
    target.emit('unhandledRejection', { code: 42, token: secret });
    expect(exits).toEqual([]);
    expect(lines).toHaveLength(2);
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines[0]).toMatch(/nobody caught it/);
    expect(lines[0]).toMatch(/refresh failed for \[redacted\]/);
  });

  it('logs an uncaught exception and exits non-zero', () => {
    const { logger, lines } = memoryLogger();
    const { target, exits } = fakeProcess();
    installProcessGuards(logger, target);
    target.emit('uncaughtException', new TypeError('boom'));
    expect(exits).toEqual([1]);
    expect(lines[0]).toMatch(/TypeError: boom/);
  });

  it('describes any reason in one line', () => {
    expect(describeFailure('plain')).toBe('plain');
    expect(describeFailure(undefined)).toBe('undefined');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeFailure(circular)).toBe('[object Object]');
  });
});
