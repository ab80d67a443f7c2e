// Alert delivery as both the app and `fathom record` run it: the destinations' URLs read from
// the keychain (WebhookSecrets), the service that queues each fired alert for the destinations
// its rule names (WebhookService and its dispatcher), and a guard so that delivery never throws
// into whoever hands it the alerts. The app joins it to its pushes, windows and router
// (app/webhook-wiring.ts); the recorder to its recording's alerts and its summary (cli/record-webhooks.ts).
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import type { Alert } from '../../shared/domain/session.ts';
import type { DeliveryStatus, WebhookDestination } from '../../shared/domain/webhooks.ts';
import type { Keychain } from '../credentials/keychain.ts';
import type { Clock } from '../util/clock.ts';
import { redact, silentLogger, type Logger } from '../util/log.ts';
import type { DeliveryPolicy, PostJson } from './dispatcher.ts';
import { WebhookSecrets } from './webhook-secrets.ts';
import { WebhookService, type SettingsAccess } from './webhook-service.ts';

export interface AlertWebhooksOptions {
  keychain: Keychain;
  clock: Clock;
  settings: SettingsAccess;
  onStatus?(statuses: DeliveryStatus[]): void;
  post?: PostJson;
  policy?: Partial<DeliveryPolicy>;
  logger?: Logger;
}

/** What reading the URLs of the destinations in use found before the first alert. */
export interface Preflight {
  /** Why the keychain cannot be read (its own words), or null when it answered. */
  unavailable: string | null;
  /** Destinations in use whose URL is not in this keychain (saved on another machine, say). */
  missing: WebhookDestination[];
}

/** Totals over every destination since the start. */
export interface DeliveryTotals {
  delivered: number;
  /** Given up on after the last attempt, or dropped from a full queue. */
  failed: number;
  /** Still queued (the one on the wire included). */
  waiting: number;
}

/** The destinations that enabled rules name: the only ones an alert can be posted to. */
export function destinationsInUse(settings: AppSettings): WebhookDestination[] {
  const named = new Set(settings.alerts.rules.flatMap((rule) => (rule.enabled ? (rule.destinations ?? []) : [])));
  return settings.webhooks.destinations.filter((d) => named.has(d.id));
}

export class AlertWebhooks {
  readonly service: WebhookService;
  private readonly options: AlertWebhooksOptions;
  private readonly secrets: WebhookSecrets;
  private readonly log: Logger;
  private readonly waiters = new Set<() => void>();

  constructor(options: AlertWebhooksOptions) {
    this.options = options;
    this.secrets = new WebhookSecrets(options.keychain);
    this.log = options.logger ?? silentLogger;
    this.service = new WebhookService({
      secrets: this.secrets,
      clock: options.clock,
      settings: options.settings,
      onStatus: (statuses) => {
        options.onStatus?.(statuses);
        if (statuses.every((s) => s.queued === 0)) for (const wake of [...this.waiters]) wake();
      },
      ...(options.post ? { post: options.post } : {}),
      ...(options.policy ? { policy: options.policy } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  }

  /** The dispatcher follows the destinations the settings list now. */
  start(): void {
    this.service.adopt(this.options.settings.current());
  }

  /** An alert fired: queued for its rule's destinations. Returns at once and never throws. */
  fired(alert: Alert): void {
    try {
      this.service.deliver(alert);
    } catch (error) {
      // Delivery is a passenger of whatever hands it the alerts: nothing it does may stop them.
      this.log.warn('an alert was not queued for its webhooks', { reason: (error as Error).message });
    }
  }

  /** The session a replay shows now (its alerts are not posted again); null: the live one. */
  replay(sessionId: string | null): void {
    this.service.replay(sessionId);
  }

  /**
   * Reads the URL of every destination in use now, so that a keychain that cannot be read, or a
   * URL that is not in it, is known before the first alert (the URLs read stay cached). Never
   * rejects.
   */
  async preflight(): Promise<Preflight> {
    const missing: WebhookDestination[] = [];
    for (const destination of destinationsInUse(this.options.settings.current())) {
      try {
        if ((await this.secrets.get(destination.id)) === null) missing.push(destination);
      } catch (error) {
        return { unavailable: redact((error as Error).message).slice(0, 300), missing };
      }
    }
    return { unavailable: null, missing };
  }

  totals(): DeliveryTotals {
    const totals: DeliveryTotals = { delivered: 0, failed: 0, waiting: 0 };
    for (const s of this.service.statuses()) {
      totals.delivered += s.delivered;
      totals.failed += s.failed + s.dropped;
      totals.waiting += s.queued;
    }
    return totals;
  }

  /** Resolves once no destination has a message queued (at once when none has). */
  idle(): Promise<void> {
    if (this.totals().waiting === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
    });
  }

  stop(): void {
    this.service.stop();
    for (const wake of [...this.waiters]) wake();
  }
}
