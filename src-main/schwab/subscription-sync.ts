// The streamer's subscription requests: what the callers want (reference-counted), what the
// server acknowledged, and the rounds of SUBS/ADD/UNSUBS that move one to the other on the live
// connection (subscriptions.ts plans them), each answer reported as a RequestOutcome. The
// connect/login cycle stays in streamer.ts; this module only asks it for the live connection.
import type { Unsubscribe } from '../util/emitter.ts';
import type { Logger } from '../util/log.ts';
import { actionFor, describeCode, parseSymbolLimit } from './codes.ts';
import type { StreamConnection } from './connection.ts';
import { SUBSCRIBE_FIELDS } from './fields.ts';
import { forgetNote } from './frame-processor.ts';
import type { MarketService } from './protocol.ts';
import type { RequestOutcome } from './streamer-types.ts';
import { DesiredSubscriptions, ServerSubscriptions } from './subscriptions.ts';

export interface SubscriptionSyncHost {
  log: Logger;
  /** The streamer's connection, whatever its phase; null when it has none. */
  connection(): StreamConnection | null;
  isLive(): boolean;
  /** A stream stopped for want of keys starts again (its login syncs): true when it did. */
  wakeIfIdle(): boolean;
  /** Keys no longer subscribed (UNSUBS, a refusal). */
  forgotten(service: MarketService, keys: readonly string[]): void;
  /** A SUBS replaced the service's keys with these. */
  replaced(service: MarketService, kept: readonly string[]): void;
  answered(outcome: RequestOutcome): void;
}

export class SubscriptionSync {
  readonly desired = new DesiredSubscriptions();
  readonly server = new ServerSubscriptions();
  /** Requests the server refused. */
  failures = 0;
  private readonly host: SubscriptionSyncHost;
  /** Field lists set with view(), per service; the others use SUBSCRIBE_FIELDS. */
  private readonly fieldLists = new Map<MarketService, string>();
  private syncing = false;
  private syncAgain = false;

  constructor(host: SubscriptionSyncHost) {
    this.host = host;
  }

  /** Records the keys (once each, however often listed) and returns an unsubscribe that releases them once. */
  subscribe(service: MarketService, keys: readonly string[]): Unsubscribe {
    const wanted = [...new Set(keys)];
    this.desired.add(service, wanted);
    this.request();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.desired.remove(service, wanted);
      this.request();
    };
  }

  /** See SchwabStreamer.view: the service's keys are subscribed again with the new list. */
  async view(service: MarketService, fields: string): Promise<RequestOutcome | null> {
    if (!/^\d+(,\d+)*$/.test(fields)) throw new Error(`a field list is field numbers separated by commas, not "${fields.slice(0, 80)}"`);
    this.fieldLists.set(service, fields);
    const connection = this.host.connection();
    if (!connection || !this.host.isLive()) return null;
    const keys = this.server.activeKeys(service);
    if (keys.length === 0) return null;
    let item;
    try {
      item = await connection.request(service, 'SUBS', { keys: keys.join(','), fields });
    } catch (error) {
      this.unanswered(connection, service, 'SUBS', error);
      return null;
    }
    return this.report(service, 'SUBS', keys, item.content.code, item.content.msg);
  }

  request(): void {
    if (this.host.wakeIfIdle()) return;
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    // Coalesce every subscribe/unsubscribe of this tick into one round of commands.
    this.syncing = true;
    queueMicrotask(() => void this.sync());
  }

  private async sync(): Promise<void> {
    try {
      do {
        this.syncAgain = false;
        const connection = this.host.connection();
        if (!connection || !this.host.isLive()) return;
        for (const command of this.server.plan(this.desired)) {
          this.server.sent(command);
          // In-band, so the recorded session forgets the keys where the live one did: data for them
          // still in flight is a fresh baseline in both.
          if (command.command === 'UNSUBS') {
            connection.note(forgetNote(command.service, command.keys));
            this.host.forgotten(command.service, command.keys);
          } else if (command.command === 'SUBS') {
            // SUBS replaces the service's keys: the ones it leaves out no longer say anything.
            this.host.replaced(command.service, command.keys);
          }
          const parameters: Record<string, string> = { keys: command.keys.join(',') };
          if (command.command !== 'UNSUBS') parameters.fields = this.fieldLists.get(command.service) ?? SUBSCRIBE_FIELDS[command.service];
          let item;
          try {
            item = await connection.request(command.service, command.command, parameters);
          } catch (error) {
            this.unanswered(connection, command.service, command.command, error);
            return;
          }
          const outcome = this.report(command.service, command.command, command.keys, item.content.code, item.content.msg);
          // A symbol-limit answer (19) kept some keys; which ones the server does not say.
          if (!outcome.ok && command.command !== 'UNSUBS' && outcome.code !== 19) {
            this.server.refusedBy(command);
            this.host.forgotten(command.service, command.keys);
          }
        }
      } while (this.syncAgain);
    } finally {
      this.syncing = false;
    }
  }

  /**
   * A request that got no answer (or whose connection ended): the server holds something the
   * client cannot know, so the connection is given up; the next one subscribes exactly the
   * current set. Without this a lost answer would stall subscribing for the connection's life.
   */
  private unanswered(connection: StreamConnection, service: string, command: string, error: unknown): void {
    const reason = (error as Error).message;
    this.host.log.warn('request failed', { service, command, reason });
    if (this.host.connection() === connection && connection.isOpen) connection.terminate(`${service} ${command} unanswered: ${reason}`);
  }

  private report(service: string, command: string, keys: string[], code: number, message: string): RequestOutcome {
    const ok = actionFor(code) === 'success';
    const outcome: RequestOutcome = { service, command, code, message, keys, ok };
    if (!ok) {
      this.failures++;
      const limit = code === 19 ? parseSymbolLimit(message) : null;
      this.host.log.warn('request refused', { service, command, reason: describeCode(code, message), ...(limit ?? {}) });
    }
    this.host.answered(outcome);
    return outcome;
  }
}
