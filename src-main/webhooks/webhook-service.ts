// Webhook destinations as main keeps them: the URL in the OS keychain (WebhookSecrets), the id,
// name, format and redacted host in settings, and a dispatcher that delivers each alert to the
// destinations its rule names. A destination is added, edited or deleted here only, keychain
// first: when the keychain is unavailable the request fails saying so and nothing is stored
// (the Schwab tokens' policy, credentials/credential-store.ts).
import { randomBytes } from 'node:crypto';
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import type { Alert, AlertRule } from '../../shared/domain/session.ts';
import type { DeliveryStatus, WebhookDestination } from '../../shared/domain/webhooks.ts';
import { idleStatus, redactUrl } from '../../shared/domain/webhooks.ts';
import { MAX_DESTINATIONS, type SaveDestination } from '../../shared/ipc/webhooks.ts';
import type { Clock } from '../util/clock.ts';
import { silentLogger, type Logger } from '../util/log.ts';
import { WebhookDispatcher, type DeliveryPolicy, type PostJson } from './dispatcher.ts';
import type { WebhookSecrets } from './webhook-secrets.ts';

/** The settings main holds, and its way to save them (AppCore). */
export interface SettingsAccess {
  current(): AppSettings;
  save(change: (current: AppSettings) => AppSettings): Promise<AppSettings>;
}

export interface WebhookServiceOptions {
  secrets: WebhookSecrets;
  settings: SettingsAccess;
  clock: Clock;
  onStatus(statuses: DeliveryStatus[]): void;
  post?: PostJson;
  policy?: Partial<DeliveryPolicy>;
  logger?: Logger;
}

/** A request the user can act on (a missing destination, too many): BAD_REQUEST or NOT_FOUND. */
export class WebhookRequestError extends Error {
  readonly code: 'BAD_REQUEST' | 'NOT_FOUND';
  constructor(code: 'BAD_REQUEST' | 'NOT_FOUND', message: string) {
    super(message);
    this.name = 'WebhookRequestError';
    this.code = code;
  }
}

export class WebhookService {
  private readonly options: WebhookServiceOptions;
  private readonly dispatcher: WebhookDispatcher;
  /** The session a replay shows: its alerts happened before and are not sent again. */
  private replaying: string | null = null;

  constructor(options: WebhookServiceOptions) {
    this.options = options;
    this.dispatcher = new WebhookDispatcher({
      clock: options.clock,
      resolveUrl: (id) => options.secrets.get(id),
      onStatus: options.onStatus,
      ...(options.post ? { post: options.post } : {}),
      ...(options.policy ? { policy: options.policy } : {}),
      logger: options.logger ?? silentLogger,
    });
  }

  /** Settings arrived or changed: the dispatcher follows the destinations they list. */
  adopt(settings: AppSettings): void {
    this.dispatcher.sync(settings.webhooks.destinations);
  }

  destinations(): WebhookDestination[] {
    return this.options.settings.current().webhooks.destinations;
  }

  async save(input: SaveDestination): Promise<WebhookDestination> {
    const list = this.destinations();
    const existing = input.id === undefined ? undefined : list.find((d) => d.id === input.id);
    if (input.id !== undefined && !existing) throw new WebhookRequestError('NOT_FOUND', `no destination ${input.id}`);
    if (!existing && input.url === undefined) throw new WebhookRequestError('BAD_REQUEST', 'a new destination needs its URL');
    if (!existing && list.length >= MAX_DESTINATIONS) throw new WebhookRequestError('BAD_REQUEST', `at most ${MAX_DESTINATIONS} destinations`);
    const id = existing?.id ?? `hook-${randomBytes(5).toString('hex')}`;
    const destination: WebhookDestination = {
      id,
      name: input.name,
      format: input.format,
      host: input.url !== undefined ? redactUrl(input.url) : (existing?.host ?? ''),
    };
    // The keychain first: if it refuses, nothing is stored anywhere.
    if (input.url !== undefined) await this.options.secrets.set(id, input.url);
    try {
      const next = await this.options.settings.save((current) => {
        const destinations = current.webhooks.destinations;
        const replaced = destinations.some((d) => d.id === id) ? destinations.map((d) => (d.id === id ? destination : d)) : [...destinations, destination];
        return { ...current, webhooks: { destinations: replaced } };
      });
      this.adopt(next);
    } catch (error) {
      // A new destination whose settings could not be written leaves no URL behind.
      if (!existing) await this.options.secrets.delete(id).catch(() => false);
      throw error;
    }
    if (input.url !== undefined) this.dispatcher.hurry(id);
    return destination;
  }

  async remove(id: string): Promise<{ removed: boolean }> {
    if (!this.destinations().some((d) => d.id === id)) return { removed: false };
    await this.options.secrets.delete(id);
    const next = await this.options.settings.save((current) => ({
      ...current,
      alerts: { ...current.alerts, rules: current.alerts.rules.map((rule) => withoutDestination(rule, id)) },
      webhooks: { destinations: current.webhooks.destinations.filter((d) => d.id !== id) },
    }));
    this.adopt(next);
    return { removed: true };
  }

  /** Queues a test message (a made-up alert marked as a test) and answers with the status. */
  test(id: string): DeliveryStatus {
    if (!this.destinations().some((d) => d.id === id)) throw new WebhookRequestError('NOT_FOUND', `no destination ${id}`);
    const now = this.options.clock.now();
    const alert: Alert = {
      id: `test-${now}`,
      sessionId: 'test',
      ruleId: 'test',
      ruleKind: 'PREMIUM_OVER',
      time: now,
      symbol: 'SPY',
      flowId: null,
      title: 'Fathom test alert',
      body: 'This destination receives Fathom alerts.',
    };
    this.dispatcher.enqueue(id, { alert, test: true });
    this.dispatcher.hurry(id);
    return this.dispatcher.status(id) ?? idleStatus(id);
  }

  statuses(): DeliveryStatus[] {
    return this.dispatcher.statuses();
  }

  /** An alert fired: it goes to every destination its rule names. Returns at once. */
  deliver(alert: Alert): number {
    if (alert.sessionId === this.replaying) return 0;
    const settings = this.options.settings.current();
    const rule = settings.alerts.rules.find((r) => r.id === alert.ruleId);
    let queued = 0;
    for (const id of new Set(rule?.destinations ?? [])) if (this.dispatcher.enqueue(id, { alert, test: false })) queued++;
    return queued;
  }

  /** The session a replay shows now (null: the live one again). */
  replay(sessionId: string | null): void {
    this.replaying = sessionId;
  }

  stop(): void {
    this.dispatcher.stop();
  }
}

function withoutDestination(rule: AlertRule, id: string): AlertRule {
  if (!rule.destinations?.includes(id)) return rule;
  return { ...rule, destinations: rule.destinations.filter((d) => d !== id) };
}
