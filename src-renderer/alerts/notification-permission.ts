// Notification.permission is a synchronous round trip to the browser process in Chromium: asked
// on every alert it took a fifth of the feed's main thread when alerts fire many times a second.
// So it is read at most once every few seconds, and again at once after the page asks for it.

export type PermissionState = NotificationPermission | 'unsupported';

/** How long a read stays good: a change made in the browser's settings shows within this. */
export const PERMISSION_TTL_MS = 5_000;

export class CachedPermission {
  private value: PermissionState | null = null;
  private readAt = Number.NEGATIVE_INFINITY;
  private readonly read: () => PermissionState;
  private readonly now: () => number;
  private readonly ttlMs: number;

  constructor(read: () => PermissionState, now: () => number, ttlMs = PERMISSION_TTL_MS) {
    this.read = read;
    this.now = now;
    this.ttlMs = ttlMs;
  }

  get(): PermissionState {
    const now = this.now();
    if (this.value === null || now - this.readAt >= this.ttlMs) return this.refresh(now);
    return this.value;
  }

  /** Reads it now (after Notification.requestPermission answered, say). */
  refresh(now = this.now()): PermissionState {
    this.value = this.read();
    this.readAt = now;
    return this.value;
  }
}

function readBrowserPermission(): PermissionState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** The page's one cache: the alert centre and the alerts panel share it. */
export const notificationPermission = new CachedPermission(readBrowserPermission, () => performance.now());
