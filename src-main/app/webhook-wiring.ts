// Webhook delivery joined to the app: alerts the windows get are handed to the webhook delivery
// (webhooks/alert-webhooks.ts, shared with `fathom record`) as they pass (it only queues: the
// pushes go on at once), replays are told apart, statuses go to the windows, and the webhooks
// requests are registered on main's router.
import { alertEvents } from '../../shared/ipc/alerts.ts';
import { payloadIf } from '../../shared/ipc/push.ts';
import { sessionEvents } from '../../shared/ipc/sessions.ts';
import { webhookEvents } from '../../shared/ipc/webhooks.ts';
import type { Keychain } from '../credentials/keychain.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/log.ts';
import { AlertWebhooks } from '../webhooks/alert-webhooks.ts';
import type { DeliveryPolicy, PostJson } from '../webhooks/dispatcher.ts';
import { registerWebhookHandlers } from '../webhooks/ipc-handlers.ts';
import type { WebhookService } from '../webhooks/webhook-service.ts';
import type { AppCore } from './app-core.ts';

export interface WebhookWiringOptions {
  keychain: Keychain;
  clock: Clock;
  logger?: Logger;
  post?: PostJson;
  policy?: Partial<DeliveryPolicy>;
}

/** Call before core.start() (the handlers must exist when windows ask); start() after it. */
export function wireWebhooks(core: AppCore, options: WebhookWiringOptions): { service: WebhookService; start(): void; stop(): void } {
  const webhooks = new AlertWebhooks({
    keychain: options.keychain,
    clock: options.clock,
    settings: { current: () => core.settings(), save: (change) => core.changeSettings(change) },
    onStatus: (statuses) => core.pushes.push(webhookEvents.status, statuses),
    ...(options.post ? { post: options.post } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  registerWebhookHandlers(core.requests, webhooks.service);
  const off = core.onPushes((pushes) => {
    for (const item of pushes) {
      const replay = payloadIf(item, sessionEvents.replay);
      if (replay !== undefined) webhooks.replay(replay?.sessionId ?? null);
      const alert = payloadIf(item, alertEvents.fired);
      if (alert) webhooks.fired(alert);
    }
  });
  return {
    service: webhooks.service,
    start: () => webhooks.start(),
    stop() {
      off();
      webhooks.stop();
    },
  };
}
