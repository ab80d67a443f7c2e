// `fathom record`'s webhooks: the app's own delivery (webhooks/alert-webhooks.ts) over the stored
// settings, with the URLs from the same keychain. What goes wrong is said once, in a line of its
// own on stderr (a keychain that cannot be read, a URL not in it, a destination's first failure),
// and the recording goes on whatever happens to the messages: they are only ever queued.
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import type { Alert } from '../../shared/domain/session.ts';
import { keychainFromEnv } from '../credentials/keychain.ts';
import type { Clock } from '../util/clock.ts';
import { createLogger } from '../util/log.ts';
import { AlertWebhooks, type DeliveryTotals } from '../webhooks/alert-webhooks.ts';
import type { CliIo } from './io.ts';
import type { StopSignals } from './stop-signals.ts';

/** How long the end of a recording waits for messages still queued (an attempt's own timeout). */
export const WEBHOOK_GRACE_SECONDS = 10;

export interface RecordWebhooksOptions {
  env: NodeJS.ProcessEnv;
  clock: Clock;
  io: CliIo;
}

export class RecordWebhooks {
  private readonly webhooks: AlertWebhooks;
  private readonly io: CliIo;
  /** Set once the keychain was found unreadable: each message's failure would only repeat it. */
  private keychainUnavailable = false;
  private readonly failureSaid = new Set<string>();
  private readonly names: Map<string, string>;

  constructor(settings: AppSettings, options: RecordWebhooksOptions) {
    const { env, io } = options;
    this.io = io;
    this.names = new Map(settings.webhooks.destinations.map((d) => [d.id, `"${d.name}" (${d.host})`]));
    this.webhooks = new AlertWebhooks({
      // The app's keychain (FATHOM_KEYCHAIN_SERVICE picks another service name, as for the app).
      keychain: keychainFromEnv(env),
      clock: options.clock,
      settings: {
        current: () => settings,
        save: () => Promise.reject(new Error('fathom record does not change the settings')),
      },
      onStatus: (statuses) => {
        for (const status of statuses) {
          if (status.state !== 'failed' || this.keychainUnavailable || this.failureSaid.has(status.id)) continue;
          this.failureSaid.add(status.id);
          io.err(`fathom record: a webhook message to ${this.name(status.id)} failed (${status.lastError ?? 'no reason given'}); its next alerts are still posted, and the summary counts them`);
        }
      },
      // The dispatcher's line per message given up on would repeat what the lines above say once.
      logger: createLogger({ level: (env.FATHOM_LOG_LEVEL as 'debug' | undefined) ?? 'error' }),
    });
    this.webhooks.start();
    // Not awaited: the recording starts at once, even while the keychain asks to be unlocked.
    void this.webhooks.preflight().then(({ unavailable, missing }) => {
      if (unavailable !== null) {
        this.keychainUnavailable = true;
        io.err(
          `fathom record: webhooks cannot be posted: ${unavailable}. The recording goes on and keeps every alert; while the keychain cannot be read their webhook messages count as failed (--no-webhooks records without them).`,
        );
        return;
      }
      for (const destination of missing) {
        if (this.failureSaid.has(destination.id)) continue;
        this.failureSaid.add(destination.id);
        io.err(`fathom record: no URL for the webhook destination ${this.name(destination.id)} in this keychain (save it again in the app on this machine); its alerts are recorded, not posted.`);
      }
    });
  }

  /** An alert the recording fired: queued for its rule's destinations; returns at once. */
  fired(alert: Alert): void {
    this.webhooks.fired(alert);
  }

  /**
   * After the recording stopped: waits up to WEBHOOK_GRACE_SECONDS for the messages still queued
   * (Ctrl-C stops the waiting; no wait when the keychain cannot be read), then the totals.
   */
  async finish(stops: StopSignals): Promise<DeliveryTotals> {
    const { waiting } = this.webhooks.totals();
    if (waiting > 0 && !this.keychainUnavailable) {
      this.io.err(`fathom record: waiting up to ${WEBHOOK_GRACE_SECONDS} s for ${plural(waiting, 'webhook message')} still to post (Ctrl-C to stop waiting)`);
      await stops.until(WEBHOOK_GRACE_SECONDS, this.webhooks.idle());
    }
    const totals = this.webhooks.totals();
    if (totals.waiting > 0) this.io.err(`fathom record: ${plural(totals.waiting, 'webhook message')} not posted; counted as failed`);
    this.stop();
    return totals;
  }

  stop(): void {
    this.webhooks.stop();
  }

  private name(id: string): string {
    return this.names.get(id) ?? id;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
