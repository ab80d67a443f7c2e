import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffDelay } from './backoff.ts';
import { actionFor, parseSymbolLimit } from './codes.ts';
import type { MarketService } from './protocol.ts';
import { DesiredSubscriptions, planCommands } from './subscriptions.ts';

describe('planCommands', () => {
  it('starts a service with SUBS, then UNSUBS and ADDs the difference (never above the end state, for the symbol cap)', () => {
    const desired = new DesiredSubscriptions();
    desired.add('LEVELONE_OPTIONS', ['A', 'B']);
    expect(planCommands(desired, new Map(), new Map())).toEqual([{ service: 'LEVELONE_OPTIONS', command: 'SUBS', keys: ['A', 'B'] }]);
    desired.add('LEVELONE_OPTIONS', ['C']);
    desired.remove('LEVELONE_OPTIONS', ['A']);
    const active = new Map<MarketService, Set<string>>([['LEVELONE_OPTIONS', new Set(['A', 'B'])]]);
    expect(planCommands(desired, active, new Map())).toEqual([
      { service: 'LEVELONE_OPTIONS', command: 'UNSUBS', keys: ['A'] },
      { service: 'LEVELONE_OPTIONS', command: 'ADD', keys: ['C'] },
    ]);
  });

  it('never leaves the server without a key while something is wanted (code 30): a whole change is one SUBS, a service dropped goes last', () => {
    const desired = new DesiredSubscriptions();
    desired.add('LEVELONE_EQUITIES', ['SPY']);
    desired.add('OPTIONS_BOOK', ['X']);
    const active = new Map<MarketService, Set<string>>([
      ['LEVELONE_OPTIONS', new Set(['A'])],
      ['OPTIONS_BOOK', new Set(['B'])],
    ]);
    expect(planCommands(desired, active, new Map())).toEqual([
      { service: 'OPTIONS_BOOK', command: 'SUBS', keys: ['X'] },
      { service: 'LEVELONE_EQUITIES', command: 'SUBS', keys: ['SPY'] },
      { service: 'LEVELONE_OPTIONS', command: 'UNSUBS', keys: ['A'] },
    ]);
  });

  it('applying the plan step by step never exceeds the end state per service, nor passes through no key', () => {
    const services: MarketService[] = ['LEVELONE_OPTIONS', 'OPTIONS_BOOK', 'LEVELONE_EQUITIES'];
    const keySet = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 4 });
    fc.assert(
      fc.property(fc.tuple(keySet, keySet, keySet), fc.tuple(keySet, keySet, keySet), (from, to) => {
        const desired = new DesiredSubscriptions();
        services.forEach((s, i) => desired.add(s, to[i] as string[]));
        const active = new Map<MarketService, Set<string>>(services.map((s, i) => [s, new Set(from[i])]));
        const total = () => [...active.values()].reduce((n, set) => n + set.size, 0);
        const started = total() > 0;
        const wanted = !desired.isEmpty();
        for (const c of planCommands(desired, active, new Map())) {
          const set = active.get(c.service) as Set<string>;
          if (c.command === 'SUBS') set.clear();
          for (const k of c.keys) {
            if (c.command === 'UNSUBS') set.delete(k);
            else set.add(k);
          }
          const i = services.indexOf(c.service);
          expect(set.size).toBeLessThanOrEqual(Math.max((from[i] as string[]).length, (to[i] as string[]).length));
          if (started && wanted) expect(total()).toBeGreaterThan(0);
        }
        for (const s of services) expect([...(active.get(s) ?? [])].sort()).toEqual(desired.keys(s).sort());
      }),
    );
  });

  it('keeps a key while any subscriber holds it', () => {
    const desired = new DesiredSubscriptions();
    desired.add('OPTIONS_BOOK', ['A']);
    desired.add('OPTIONS_BOOK', ['A']);
    desired.remove('OPTIONS_BOOK', ['A']);
    expect(desired.keys('OPTIONS_BOOK')).toEqual(['A']);
    desired.remove('OPTIONS_BOOK', ['A']);
    expect(desired.isEmpty()).toBe(true);
  });

  it('does not ask again for keys the server refused', () => {
    const desired = new DesiredSubscriptions();
    desired.add('CHART_EQUITY', ['SPY', 'BAD']);
    const refused = new Map<MarketService, Set<string>>([['CHART_EQUITY', new Set(['BAD'])]]);
    expect(planCommands(desired, new Map(), refused)).toEqual([{ service: 'CHART_EQUITY', command: 'SUBS', keys: ['SPY'] }]);
  });

  it('applying the plan always reaches the desired set', () => {
    const services: MarketService[] = ['LEVELONE_OPTIONS', 'OPTIONS_BOOK'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...services), fc.constantFrom('a', 'b', 'c', 'd'), fc.boolean()), { maxLength: 40 }),
        (ops) => {
          const desired = new DesiredSubscriptions();
          const active = new Map<MarketService, Set<string>>();
          for (const [service, key, add] of ops) {
            if (add) desired.add(service, [key]);
            else desired.remove(service, [key]);
            for (const c of planCommands(desired, active, new Map())) {
              const set = active.get(c.service) ?? new Set<string>();
              if (c.command === 'SUBS') set.clear();
              for (const k of c.keys) {
                if (c.command === 'UNSUBS') set.delete(k);
                else set.add(k);
              }
              active.set(c.service, set);
            }
            for (const s of services) expect([...(active.get(s) ?? [])].sort()).toEqual(desired.keys(s).sort());
          }
        },
      ),
    );
  });
});

describe('response codes', () => {
  it('maps each code of docs/schwab-streaming.md §3.6 to what the client does', () => {
    expect([0, 26, 27, 28, 29].map(actionFor)).toEqual(['success', 'success', 'success', 'success', 'success']);
    expect([9, 11, 19, 21, 22, 23, 24, 25].every((c) => actionFor(c) === 'request')).toBe(true);
    expect(actionFor(3)).toBe('relogin');
    expect(actionFor(12)).toBe('takeover');
    expect(actionFor(20)).toBe('reconnect');
    expect(actionFor(30)).toBe('stop');
  });

  it('reads the cap and the discarded count from a code 19 message', () => {
    expect(parseSymbolLimit("You've reached the maximum number of symbols allowed.  (CHART_EQUITY=300, DISCARDED=250)")).toEqual({
      service: 'CHART_EQUITY',
      limit: 300,
      discarded: 250,
    });
    expect(parseSymbolLimit('something else')).toBeNull();
  });
});

describe('backoffDelay', () => {
  it('doubles up to the cap and stays within half to all of it', () => {
    const policy = { initialMs: 1000, maxMs: 30_000 };
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const exp = Math.min(30_000, 1000 * 2 ** (attempt - 1));
        const d = backoffDelay(attempt, policy, () => r);
        expect(d).toBeGreaterThanOrEqual(Math.floor(exp / 2));
        expect(d).toBeLessThanOrEqual(exp);
      }),
    );
  });
});
