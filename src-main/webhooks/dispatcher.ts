// Delivers alerts to webhook destinations from main, never in the way of anything else: enqueue
// is synchronous and O(1), each destination has its own bounded queue and sends one message at
// a time (so its messages arrive in order), every attempt has a timeout, a failed attempt is
// retried after an exponential back-off with a cap, and a message is given up on after
// `maxAttempts`. Each destination's state (ok / retrying / failed, with the last error and its
// time) goes to `onStatus` on every change. Timers come from the injected clock; errors are
// described without the URL (only the host appears, as settings show it).
import type { WebhookFormat } from '../../shared/domain/webhooks.ts';
import { idleStatus, type DeliveryStatus } from '../../shared/domain/webhooks.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';
import { redact, silentLogger, type Logger } from '../util/log.ts';
import { payloadFor, type OutgoingAlert } from './webhook-payload.ts';

/** The head of an answer: its status and, for a 429 or 503, the receiver's Retry-After. */
export interface PostAnswer {
  status: number;
  /** Retry-After in ms (its seconds form); null when absent or a date. */
  retryAfterMs: number | null;
}

/** Posts a JSON body; resolves with the answer's head, rejects when no answer came. */
export type PostJson = (url: string, body: string, signal: AbortSignal) => Promise<PostAnswer>;

export interface DeliveryPolicy {
  /** One attempt may take this long (connect to the end of the answer's head). */
  timeoutMs: number;
  /** Attempts per message, the first included. */
  maxAttempts: number;
  /** The wait after the first failed attempt; it doubles after each, up to maxBackoffMs. */
  firstBackoffMs: number;
  maxBackoffMs: number;
  /** Messages waiting per destination; past it the oldest waiting one is dropped. */
  queueLimit: number;
}

export const DEFAULT_DELIVERY_POLICY: Readonly<DeliveryPolicy> = Object.freeze({
  timeoutMs: 10_000,
  maxAttempts: 5,
  firstBackoffMs: 1_000,
  maxBackoffMs: 30_000,
  queueLimit: 100,
});

export interface DispatcherOptions {
  clock: Clock;
  /** The destination's URL (from the keychain); null when none is stored. */
  resolveUrl(id: string): Promise<string | null>;
  post?: PostJson;
  policy?: Partial<DeliveryPolicy>;
  onStatus?(statuses: DeliveryStatus[]): void;
  logger?: Logger;
}

interface Lane {
  id: string;
  format: WebhookFormat;
  queue: OutgoingAlert[];
  busy: boolean;
  removed: boolean;
  retryTimer: TimerHandle | null;
  controller: AbortController | null;
  attemptTimer: TimerHandle | null;
  status: DeliveryStatus;
}

type AttemptResult = { ok: true } | { ok: false; error: string; retry: boolean; waitMs?: number };

export class WebhookDispatcher {
  private readonly options: DispatcherOptions;
  private readonly policy: DeliveryPolicy;
  private readonly post: PostJson;
  private readonly log: Logger;
  private readonly lanes = new Map<string, Lane>();
  private stopped = false;

  constructor(options: DispatcherOptions) {
    this.options = options;
    this.policy = { ...DEFAULT_DELIVERY_POLICY, ...options.policy };
    this.post = options.post ?? fetchPost;
    this.log = (options.logger ?? silentLogger).child('webhooks');
  }

  /** The destinations there are now: new ones start idle, removed ones drop what they hold. */
  sync(destinations: readonly { id: string; format: WebhookFormat }[]): void {
    const keep = new Set(destinations.map((d) => d.id));
    for (const lane of this.lanes.values()) if (!keep.has(lane.id)) this.forget(lane.id);
    for (const d of destinations) {
      const lane = this.lanes.get(d.id);
      if (lane) lane.format = d.format;
      else this.lanes.set(d.id, newLane(d.id, d.format));
    }
    this.emit();
  }

  /** Queues a message for a known destination; returns at once and never throws. */
  enqueue(id: string, message: OutgoingAlert): boolean {
    const lane = this.lanes.get(id);
    if (!lane || this.stopped) return false;
    lane.queue.push(message);
    if (lane.queue.length > this.policy.queueLimit) {
      // The one in hand (index 0) may be on the wire; the oldest waiting one goes.
      lane.queue.splice(lane.busy || lane.retryTimer ? 1 : 0, 1);
      lane.status.dropped++;
    }
    lane.status.queued = lane.queue.length;
    this.emit();
    void this.pump(lane);
    return true;
  }

  /** A retry waiting is sent now (a "Send test" after fixing the receiver should not wait). */
  hurry(id: string): void {
    const lane = this.lanes.get(id);
    if (!lane?.retryTimer) return;
    this.options.clock.clearTimeout(lane.retryTimer);
    lane.retryTimer = null;
    void this.pump(lane);
  }

  forget(id: string): void {
    const lane = this.lanes.get(id);
    if (!lane) return;
    lane.removed = true;
    lane.queue = [];
    this.options.clock.clearTimeout(lane.retryTimer);
    this.options.clock.clearTimeout(lane.attemptTimer);
    lane.controller?.abort();
    this.lanes.delete(id);
  }

  status(id: string): DeliveryStatus | null {
    const lane = this.lanes.get(id);
    return lane ? { ...lane.status } : null;
  }

  statuses(): DeliveryStatus[] {
    return [...this.lanes.values()].map((lane) => ({ ...lane.status }));
  }

  stop(): void {
    this.stopped = true;
    for (const id of [...this.lanes.keys()]) this.forget(id);
  }

  private async pump(lane: Lane): Promise<void> {
    if (lane.busy || lane.retryTimer || lane.removed) return;
    const message = lane.queue[0];
    if (!message) return;
    lane.busy = true;
    const result = await this.attempt(lane, message);
    lane.busy = false;
    if (lane.removed) return;
    const now = this.options.clock.now();
    const status = lane.status;
    if (result.ok) {
      lane.queue.shift();
      Object.assign(status, { state: 'ok', attempt: 0, nextAttemptAt: null, lastError: null, lastDeliveredAt: now });
      status.delivered++;
    } else {
      status.attempt++;
      status.lastError = result.error;
      status.lastErrorAt = now;
      if (result.retry && status.attempt < this.policy.maxAttempts) {
        // A receiver that says when to come back (Discord's and Slack's rate limits) is heeded, within the cap.
        const backoff = this.policy.firstBackoffMs * 2 ** (status.attempt - 1);
        const delay = Math.min(this.policy.maxBackoffMs, Math.max(backoff, result.waitMs ?? 0));
        status.state = 'retrying';
        status.nextAttemptAt = now + delay;
        lane.retryTimer = this.options.clock.setTimeout(() => {
          lane.retryTimer = null;
          void this.pump(lane);
        }, delay);
      } else {
        lane.queue.shift();
        this.log.warn('gave up on a webhook message', { destination: lane.id, attempts: status.attempt, error: result.error });
        Object.assign(status, { state: 'failed', nextAttemptAt: null });
        status.failed++;
        status.attempt = 0;
      }
    }
    status.queued = lane.queue.length;
    this.emit();
    if (!lane.retryTimer) void this.pump(lane);
  }

  private async attempt(lane: Lane, message: OutgoingAlert): Promise<AttemptResult> {
    let url: string | null;
    try {
      url = await this.options.resolveUrl(lane.id);
    } catch (error) {
      return { ok: false, error: redact((error as Error).message).slice(0, 300), retry: true };
    }
    if (url === null) return { ok: false, error: 'no URL for this destination in the OS keychain; edit it and enter the URL again', retry: false };
    const controller = new AbortController();
    lane.controller = controller;
    let timedOut = false;
    const timer = this.options.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.policy.timeoutMs);
    lane.attemptTimer = timer;
    try {
      const answer = await this.post(url, JSON.stringify(payloadFor(lane.format, message)), controller.signal);
      const code = answer.status;
      if (code >= 200 && code < 300) return { ok: true };
      // A refusal (bad token, bad body) stays a refusal; busy or broken receivers get retried.
      const retry = code === 408 || code === 429 || code >= 500;
      const result = { ok: false as const, error: `HTTP ${code}${retry ? '' : ' (not retried)'}`, retry };
      return answer.retryAfterMs === null ? result : { ...result, waitMs: answer.retryAfterMs };
    } catch (error) {
      if (timedOut) return { ok: false, error: `no answer within ${this.policy.timeoutMs / 1000} s`, retry: true };
      return { ok: false, error: `could not connect (${networkReason(error)})`, retry: true };
    } finally {
      this.options.clock.clearTimeout(timer);
      if (lane.controller === controller) {
        lane.controller = null;
        lane.attemptTimer = null;
      }
    }
  }

  private emit(): void {
    this.options.onStatus?.(this.statuses());
  }
}

function newLane(id: string, format: WebhookFormat): Lane {
  return { id, format, queue: [], busy: false, removed: false, retryTimer: null, controller: null, attemptTimer: null, status: idleStatus(id) };
}

/** A network error's code (ECONNREFUSED, ENOTFOUND…), never its message (which may hold the URL). */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[A-Z_]{3,40}$/.test(code)) return code;
  if (error instanceof Error && error.name === 'AbortError') return 'aborted';
  return 'network error';
}

/** Node's fetch: no redirects (a URL that moves could hand its token elsewhere), body discarded. */
export const fetchPost: PostJson = async (url, body, signal) => {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Fathom' },
    body,
    signal,
    redirect: 'error',
  });
  await answer.body?.cancel().catch(() => undefined);
  return { status: answer.status, retryAfterMs: retryAfterMs(answer.headers.get('retry-after')) };
};

/** Retry-After's seconds form in ms; its date form (rare on webhooks) falls back to the back-off. */
export function retryAfterMs(value: string | null): number | null {
  if (value === null || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return null;
  return Math.round(Number(value) * 1000);
}
