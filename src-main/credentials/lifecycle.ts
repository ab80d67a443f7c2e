// The timers of a signed-in session: the access token refreshed ahead of its expiry, the 7-day
// refresh token counted down with warnings 24 hours and 1 hour before it runs out, and its end.
// Everything runs on the injected clock, so tests walk through a week without sleeping.
import type { AuthWarning } from '../../shared/ipc/auth.ts';
import { NeedsSignInError } from '../schwab/token-manager.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';
import { silentLogger, type Logger } from '../util/log.ts';

export const WARNINGS: readonly { kind: AuthWarning['kind']; beforeMs: number; text: string }[] = [
  { kind: 'refresh-expires-24h', beforeMs: 24 * 3_600_000, text: '24 hours' },
  { kind: 'refresh-expires-1h', beforeMs: 3_600_000, text: '1 hour' },
];

export interface LifecycleOptions {
  clock: Clock;
  /** Refreshes the access token; resolves with its new expiry. */
  refresh: () => Promise<number>;
  warn: (warning: AuthWarning) => void;
  /** The refresh token has run out: the session needs a new sign-in. */
  expired: () => void;
  /** Refresh this long before the access token expires (schwab-py uses 300 s). */
  leewayMs?: number;
  /** After a refresh failed for any reason but a refusal (and the token manager's own retries). */
  retryMs?: number;
  /** Each failure in a row doubles the wait, up to this (5 minutes by default). */
  retryMaxMs?: number;
  /** Told before each wait: why the refresh failed and when it is tried again. */
  retrying?: (error: Error, delayMs: number) => void;
  logger?: Logger;
}

export class TokenLifecycle {
  private readonly options: LifecycleOptions;
  private readonly leewayMs: number;
  private readonly retryMs: number;
  private readonly retryMaxMs: number;
  private failures = 0;
  private readonly log: Logger;
  private refreshTimer: TimerHandle | null = null;
  private countdown: TimerHandle[] = [];
  private refreshExpiresAt: number | null = null;
  private warned = new Set<AuthWarning['kind']>();
  private running = false;

  constructor(options: LifecycleOptions) {
    this.options = options;
    this.leewayMs = options.leewayMs ?? 300_000;
    this.retryMs = options.retryMs ?? 60_000;
    this.retryMaxMs = Math.max(this.retryMs, options.retryMaxMs ?? 300_000);
    this.log = (options.logger ?? silentLogger).child('auth.lifecycle');
  }

  /** Starts (or restarts, after a new sign-in) the timers of one refresh token. */
  track(refreshExpiresAt: number, accessExpiresAt: number | null): void {
    this.stop();
    this.running = true;
    const { clock } = this.options;
    this.refreshExpiresAt = refreshExpiresAt;
    this.warned = new Set();
    this.failures = 0;
    this.countdown.push(clock.setTimeout(() => this.expire(), Math.max(0, refreshExpiresAt - clock.now())));
    for (const warning of WARNINGS) {
      const at = refreshExpiresAt - warning.beforeMs;
      if (at > clock.now()) this.countdown.push(clock.setTimeout(() => this.warnOnce(warning.kind), at - clock.now()));
    }
    // Starting inside a warning window: say so once, the most urgent warning only.
    const left = refreshExpiresAt - clock.now();
    const urgent = [...WARNINGS].reverse().find((w) => left > 0 && left <= w.beforeMs);
    if (urgent) this.warnOnce(urgent.kind);
    this.accessTokenIssued(accessExpiresAt);
  }

  /** Every new access token (ours, or one the stream asked for) moves the next refresh. */
  accessTokenIssued(expiresAt: number | null): void {
    if (!this.running) return;
    const { clock } = this.options;
    clock.clearTimeout(this.refreshTimer);
    const due = expiresAt === null ? 0 : Math.max(0, expiresAt - this.leewayMs - clock.now());
    this.refreshTimer = clock.setTimeout(() => this.refreshNow(), due);
  }

  stop(): void {
    this.running = false;
    this.options.clock.clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
    for (const timer of this.countdown) this.options.clock.clearTimeout(timer);
    this.countdown = [];
  }

  private refreshNow(): void {
    this.refreshTimer = null;
    if (this.refreshExpiresAt !== null && this.options.clock.now() >= this.refreshExpiresAt) return;
    this.options.refresh().then(
      (expiresAt) => {
        this.failures = 0;
        this.accessTokenIssued(expiresAt);
      },
      (error: unknown) => {
        // A refused refresh token is the service's business (it stops everything); any other
        // failure that outlived the token manager's retries is tried again later, backing off.
        if (error instanceof NeedsSignInError || !this.running) return;
        const delay = Math.min(this.retryMaxMs, this.retryMs * 2 ** this.failures);
        this.failures++;
        const reason = error instanceof Error ? error : new Error(String(error));
        this.log.warn('access token refresh failed; trying again', { reason: reason.message, inMs: delay });
        this.options.retrying?.(reason, delay);
        this.options.clock.clearTimeout(this.refreshTimer);
        this.refreshTimer = this.options.clock.setTimeout(() => this.refreshNow(), delay);
      },
    );
  }

  private warnOnce(kind: AuthWarning['kind']): void {
    const warning = WARNINGS.find((w) => w.kind === kind);
    if (!warning || this.warned.has(kind) || this.refreshExpiresAt === null) return;
    this.warned.add(kind);
    const expiresAt = this.refreshExpiresAt;
    const left = Math.max(0, expiresAt - this.options.clock.now());
    this.options.warn({
      kind,
      at: this.options.clock.now(),
      refreshTokenExpiresAt: expiresAt,
      message: `Your Schwab sign-in ends in ${formatDuration(left)} (Schwab's 7-day limit). Sign in again to keep streaming.`,
    });
  }

  private expire(): void {
    this.stop();
    this.options.expired();
  }
}

/** "6d 23h", "23h 59m", "59m", "30s": the largest two units. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3_600);
  const m = Math.floor((s % 3_600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m`;
  return `${s}s`;
}
