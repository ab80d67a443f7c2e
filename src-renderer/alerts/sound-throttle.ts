// A burst of alerts (a busy open, a sweep that splits across contracts) must not become a
// machine-gun of tones: each rule kind sounds at most once per interval, and any sound at most
// a little more often. What is skipped is still in the history and the toasts.
import type { AlertRuleKind } from '../../shared/domain/session.ts';

export const SAME_KIND_GAP_MS = 2_000;
export const ANY_KIND_GAP_MS = 400;

export class SoundThrottle {
  private readonly lastByKind = new Map<AlertRuleKind, number>();
  private lastAny = Number.NEGATIVE_INFINITY;

  /** True when this alert may sound now; records it if so. */
  allow(kind: AlertRuleKind, now: number): boolean {
    const lastSame = this.lastByKind.get(kind) ?? Number.NEGATIVE_INFINITY;
    if (now - lastSame < SAME_KIND_GAP_MS || now - this.lastAny < ANY_KIND_GAP_MS) return false;
    this.lastByKind.set(kind, now);
    this.lastAny = now;
    return true;
  }
}
