// A dispatcher on a manual clock for tests, with a way to wait for a status it reports.
import type { DeliveryStatus } from '../../shared/domain/webhooks.ts';
import type { Alert } from '../../shared/domain/session.ts';
import { ManualClock } from '../util/manual-clock.testkit.ts';
import type { Logger } from '../util/log.ts';
import { WebhookDispatcher, type DeliveryPolicy } from './dispatcher.ts';

export interface DispatcherRig {
  clock: ManualClock;
  dispatcher: WebhookDispatcher;
  /** Every status list reported, in order. */
  reports: DeliveryStatus[][];
  /** Resolves with destination `id`'s status once `test` holds for it (checked on each report). */
  until(id: string, test: (status: DeliveryStatus) => boolean): Promise<DeliveryStatus>;
}

export function dispatcherRig(urls: Record<string, string | null>, policy: Partial<DeliveryPolicy> = {}, logger?: Logger): DispatcherRig {
  const clock = new ManualClock(Date.UTC(2026, 11, 3, 15, 0, 0));
  const reports: DeliveryStatus[][] = [];
  const waiters: (() => void)[] = [];
  const dispatcher = new WebhookDispatcher({
    clock,
    resolveUrl: async (id) => urls[id] ?? null,
    policy,
    onStatus: (statuses) => {
      reports.push(statuses);
      for (const wake of waiters.splice(0)) wake();
    },
    ...(logger ? { logger } : {}),
  });
  const until = (id: string, test: (status: DeliveryStatus) => boolean): Promise<DeliveryStatus> =>
    new Promise((resolve) => {
      const check = (): void => {
        const status = dispatcher.status(id);
        if (status && test(status)) resolve(status);
        else waiters.push(check);
      };
      check();
    });
  return { clock, dispatcher, reports, until };
}

export function sampleAlert(n = 1, overrides: Partial<Alert> = {}): Alert {
  return {
    id: `s1-a${n}`,
    sessionId: 's1',
    ruleId: 'premium-over-1',
    ruleKind: 'PREMIUM_OVER',
    time: Date.UTC(2026, 11, 3, 15, 0, n),
    symbol: 'SPY   261218C00600000',
    flowId: `f${n}`,
    title: `SPY 600C premium $${n}.2M`,
    body: 'Sweep at the ask, 1,200 contracts',
    ...overrides,
  };
}
