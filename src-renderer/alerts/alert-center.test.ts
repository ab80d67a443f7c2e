import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../../shared/domain/session.ts';
import { FrameBatcher } from '../state/frame-batcher.ts';
import { AlertCenter, TOAST_MS } from './alert-center.ts';
import { AlertPlayer } from './alert-player.ts';

let n = 0;
function alert(): Alert {
  n++;
  return { id: `a${n}`, sessionId: 's', ruleId: 'r', ruleKind: 'WHALE', time: n, symbol: 'SPY', flowId: null, title: 't', body: 'b' };
}

function center(): AlertCenter {
  return new AlertCenter({
    batcher: new FrameBatcher(() => undefined),
    player: new AlertPlayer(),
    hooks: { emit: () => undefined, expose: () => undefined },
    settings: () => null,
    onOpenFlow: () => undefined,
  });
}

describe('AlertCenter toasts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps the newest three and lets each go once its time is up', () => {
    const c = center();
    const [a, b] = [alert(), alert()];
    c.receive(a);
    vi.advanceTimersByTime(TOAST_MS / 2);
    c.receive(b);
    expect(c.toasts.get().map((t) => t.id)).toEqual([b.id, a.id]);
    vi.advanceTimersByTime(TOAST_MS / 2);
    expect(c.toasts.get().map((t) => t.id)).toEqual([b.id]);
    vi.advanceTimersByTime(TOAST_MS / 2);
    expect(c.toasts.get()).toEqual([]);
    for (let i = 0; i < 5; i++) c.receive(alert());
    expect(c.toasts.get()).toHaveLength(3);
  });

  it('runs one timer however many alerts arrive', () => {
    const c = center();
    for (let i = 0; i < 200; i++) c.receive(alert());
    expect(vi.getTimerCount()).toBe(1);
    expect(c.history.get()).toHaveLength(200);
  });
});
