// What happens when the engine fires an alert: it joins the history, sounds its rule's tone
// (unless muted), shows a toast, and raises a desktop notification when the trader is looking
// elsewhere and has allowed them.
import type { AlertSettings } from '../../shared/domain/app-settings.ts';
import type { Alert } from '../../shared/domain/session.ts';
import type { FrameBatcher } from '../state/frame-batcher.ts';
import { Cell } from '../state/cell.ts';
import type { TestHooks } from '../app/test-hooks.ts';
import type { AlertPlayer } from './alert-player.ts';
import { notificationPermission } from './notification-permission.ts';
import { toneForSound } from './alert-tones.ts';
import { SoundThrottle } from './sound-throttle.ts';

export const HISTORY_CAP = 500;
export const TOAST_MS = 6_000;
const MAX_TOASTS = 3;

export interface AlertCenterDeps {
  batcher: FrameBatcher;
  player: AlertPlayer;
  hooks: TestHooks;
  settings: () => AlertSettings | null;
  /** Opens the alert's flow when its notification is clicked. */
  onOpenFlow: (flowId: string) => void;
}

export class AlertCenter {
  readonly history: Cell<Alert[]>;
  readonly toasts: Cell<Alert[]>;
  private readonly seen = new Set<string>();
  private readonly throttle = new SoundThrottle();
  private readonly deps: AlertCenterDeps;
  /** When each toast on screen appeared. One timer expires them: a timer per alert cost a task each at hundreds a second. */
  private readonly shownAt = new Map<string, number>();
  private expiry: ReturnType<typeof setTimeout> | null = null;

  constructor(deps: AlertCenterDeps) {
    this.deps = deps;
    this.history = new Cell<Alert[]>([], deps.batcher);
    this.toasts = new Cell<Alert[]>([], deps.batcher);
  }

  /** History from main (newest first or not: it is sorted here), merged with what arrived live. */
  loadHistory(alerts: readonly Alert[]): void {
    const merged = new Map<string, Alert>();
    for (const alert of [...alerts, ...this.history.get()]) merged.set(alert.id, alert);
    for (const id of merged.keys()) this.seen.add(id);
    this.history.set([...merged.values()].sort((a, b) => b.time - a.time).slice(0, HISTORY_CAP));
  }

  receive(alert: Alert): void {
    if (this.seen.has(alert.id)) return;
    if (this.seen.size > 4 * HISTORY_CAP) {
      // Ids older than the history can no longer come back (a reconnect reloads the history).
      this.seen.clear();
      for (const kept of this.history.get()) this.seen.add(kept.id);
    }
    this.seen.add(alert.id);
    this.history.update((list) => [alert, ...list].slice(0, HISTORY_CAP));
    this.toasts.update((list) => [alert, ...list].slice(0, MAX_TOASTS));
    this.shownAt.set(alert.id, Date.now());
    this.forgetHiddenToasts();
    this.scheduleExpiry();
    const settings = this.deps.settings();
    const muted = settings?.muted ?? false;
    this.deps.hooks.emit('alert', { id: alert.id, ruleKind: alert.ruleKind, flowId: alert.flowId });
    const tone = toneForSound(settings?.rules.find((r) => r.id === alert.ruleId)?.sound, alert.ruleKind);
    if (!muted && tone !== null && this.throttle.allow(alert.ruleKind, Date.now())) {
      const contextState = this.deps.player.play(tone, settings?.volume ?? 0.6);
      this.deps.hooks.emit('alert-sound', { ruleKind: alert.ruleKind, contextState });
    }
    if (settings?.notifications !== false) this.notify(alert);
  }

  /** Plays a sound once, as the settings page's "test" button does. */
  preview(sound: string, kind: Alert['ruleKind']): void {
    const tone = toneForSound(sound, kind);
    if (tone !== null) this.deps.player.play(tone, this.deps.settings()?.volume ?? 0.6);
  }

  dismiss(id: string): void {
    this.toasts.update((list) => (list.some((a) => a.id === id) ? list.filter((a) => a.id !== id) : list));
  }

  private forgetHiddenToasts(): void {
    const shown = new Set(this.toasts.get().map((a) => a.id));
    for (const id of this.shownAt.keys()) if (!shown.has(id)) this.shownAt.delete(id);
  }

  private scheduleExpiry(): void {
    if (this.expiry !== null || this.shownAt.size === 0) return;
    const oldest = Math.min(...this.shownAt.values());
    this.expiry = setTimeout(() => {
      this.expiry = null;
      this.expireToasts();
    }, Math.max(0, oldest + TOAST_MS - Date.now()));
  }

  private expireToasts(): void {
    const now = Date.now();
    const expired = (a: Alert): boolean => now - (this.shownAt.get(a.id) ?? Number.NEGATIVE_INFINITY) >= TOAST_MS;
    this.toasts.update((list) => (list.some(expired) ? list.filter((a) => !expired(a)) : list));
    this.forgetHiddenToasts();
    this.scheduleExpiry();
  }

  private notify(alert: Alert): void {
    if (notificationPermission.get() !== 'granted') return;
    // In view, the toast and the sound are enough; a desktop notification is for elsewhere.
    if (document.visibilityState === 'visible' && document.hasFocus()) return;
    const notification = new Notification(alert.title, { body: alert.body, tag: alert.id, silent: true });
    notification.onclick = () => {
      window.focus();
      if (alert.flowId) this.deps.onOpenFlow(alert.flowId);
      notification.close();
    };
  }
}
