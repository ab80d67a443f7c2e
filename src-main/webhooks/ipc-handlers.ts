// The webhooks channels of the IPC contract (shared/ipc/webhooks.ts). The router has validated
// every payload (the URL by the same parser the window uses) before a handler runs.
import { webhooks } from '../../shared/ipc/webhooks.ts';
import { KeychainUnavailableError } from '../credentials/keychain.ts';
import { IpcFailure, type IpcRouter } from '../ipc/router.ts';
import { redact } from '../util/log.ts';
import { WebhookRequestError, type WebhookService } from './webhook-service.ts';

export function registerWebhookHandlers(router: Pick<IpcRouter, 'handle'>, service: WebhookService): void {
  router.handle(webhooks.save, (input) => guard(() => service.save(input), 'nothing was stored'));
  router.handle(webhooks.remove, ({ id }) => guard(() => service.remove(id), 'the destination is kept'));
  router.handle(webhooks.test, ({ id }) => guard(async () => service.test(id), 'nothing was sent'));
  router.handle(webhooks.statuses, () => service.statuses());
}

/** The keychain's refusal and the user's mistakes keep their words; the rest is the router's. */
async function guard<T>(fn: () => Promise<T>, unchanged: string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof KeychainUnavailableError) throw new IpcFailure('UNAVAILABLE', `${redact(error.message)}; ${unchanged}`);
    if (error instanceof WebhookRequestError) throw new IpcFailure(error.code, error.message);
    throw error;
  }
}
