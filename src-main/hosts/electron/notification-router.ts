// Alerts to native notifications, and notification clicks to book windows. Each notification
// carries an id; a click looks the id up and opens that contract's book (or the feed when the
// alert was not about a contract). Electron-free: showing is a function handed in.
//
// Do-not-disturb: Electron has no cross-platform API for it, and macOS's old
// `doNotDisturb` user default no longer reflects Focus. What we do instead: notifications go
// through the OS's own notification service at normal urgency (never "critical", which GNOME
// lets through do-not-disturb), so macOS Focus, Windows Focus Assist / Do Not Disturb and the
// Linux desktops' do-not-disturb hold them back themselves. On top of that the app's own mute
// and "desktop notifications" setting silence them, and `doNotDisturb()` is a hook for a
// platform check should one become reliable.
import type { Alert } from '../../../shared/domain/session.ts';
import type { FlowRow } from '../../../shared/ipc/flows.ts';
import { tryParseOptionSymbol } from '../../../shared/symbols/option-symbol.ts';
import type { Clock } from '../../util/clock.ts';
import { silentLogger, type Logger } from '../../util/log.ts';
import { contractLabel, flowLine } from './tray-model.ts';

export interface NotificationSpec {
  id: string;
  title: string;
  body: string;
  /** The contract (or underlying) a click opens. */
  symbol: string;
  /** True when a window plays the alert's tone already. */
  silent: boolean;
}

export interface NotificationGates {
  /** OS support (Electron's `Notification.isSupported()`). */
  supported(): boolean;
  /** The user's settings: alerts not muted and desktop notifications on. */
  enabled(): boolean;
  /** A Fathom window has focus: its toast and tone are enough. */
  appFocused(): boolean;
  /** An OS do-not-disturb state, where one can be read; false otherwise (see above). */
  doNotDisturb(): boolean;
  /** The feed window is open and plays alert tones itself. */
  tonesElsewhere(): boolean;
}

export interface NotificationRouterOptions {
  show(spec: NotificationSpec, onClick: () => void): void;
  openBook(symbol: string): boolean;
  showFeed(): void;
  gates: NotificationGates;
  clock: Clock;
  logger?: Logger;
  /** At most `burst` notifications per `burstMs`; the rest are counted and dropped. */
  burst?: number;
  burstMs?: number;
}

export type RouteResult = 'shown' | 'duplicate' | 'unsupported' | 'disabled' | 'focused' | 'dnd' | 'throttled';

const FLOW_CACHE = 2_000;
const CLICK_MEMORY = 200;

export class NotificationRouter {
  private readonly options: NotificationRouterOptions;
  private readonly log: Logger;
  private readonly flows = new Map<string, FlowRow>();
  /** Notification id to the symbol its click opens; bounded, oldest forgotten first. */
  private readonly targets = new Map<string, string>();
  private readonly shownAt: number[] = [];
  private suppressed = 0;

  constructor(options: NotificationRouterOptions) {
    this.options = options;
    this.log = (options.logger ?? silentLogger).child('notify');
  }

  /** Remembers recent flows, so an alert about one can say its premium, side and kind. */
  noteFlows(rows: readonly FlowRow[]): void {
    for (const row of rows) {
      this.flows.delete(row.id);
      this.flows.set(row.id, row);
    }
    for (const id of this.flows.keys()) {
      if (this.flows.size <= FLOW_CACHE) break;
      this.flows.delete(id);
    }
  }

  /** Shows the alert as a notification unless a gate says no; `force` skips the gates (tests). */
  route(alert: Alert, force = false): RouteResult {
    if (this.targets.has(alert.id)) return 'duplicate';
    const { gates } = this.options;
    if (!force) {
      if (!gates.supported()) return 'unsupported';
      if (!gates.enabled()) return 'disabled';
      if (gates.appFocused()) return 'focused';
      if (gates.doNotDisturb()) return 'dnd';
      if (!this.allowNow()) {
        this.suppressed++;
        return 'throttled';
      }
    }
    const spec = this.describe(alert);
    this.remember(spec.id, spec.symbol);
    if (this.suppressed > 0) {
      this.log.info('notifications held back by the rate limit', { count: this.suppressed });
      this.suppressed = 0;
    }
    this.options.show(spec, () => this.click(spec.id));
    return 'shown';
  }

  /** A notification was clicked: its contract's book comes up (the feed when there is none). */
  click(id: string): boolean {
    const symbol = this.targets.get(id);
    if (symbol === undefined) return false;
    if (!(tryParseOptionSymbol(symbol).ok && this.options.openBook(symbol))) this.options.showFeed();
    return true;
  }

  describe(alert: Alert): NotificationSpec {
    const flow = alert.flowId ? this.flows.get(alert.flowId) : undefined;
    const silent = this.options.gates.tonesElsewhere();
    if (!flow) {
      return { id: alert.id, title: clip(alert.title, 120), body: clip(alert.body, 240), symbol: alert.symbol, silent };
    }
    const line = flowLine(flow);
    const what = alert.ruleKind === 'WHALE' ? 'Whale' : clip(alert.title, 60);
    return { id: alert.id, title: `${what}: ${line.contract}`, body: line.detail, symbol: flow.symbol, silent };
  }

  private allowNow(): boolean {
    const now = this.options.clock.now();
    const burstMs = this.options.burstMs ?? 10_000;
    while (this.shownAt.length > 0 && now - (this.shownAt[0] ?? now) >= burstMs) this.shownAt.shift();
    if (this.shownAt.length >= (this.options.burst ?? 4)) return false;
    this.shownAt.push(now);
    return true;
  }

  private remember(id: string, symbol: string): void {
    this.targets.set(id, symbol);
    for (const key of this.targets.keys()) {
      if (this.targets.size <= CLICK_MEMORY) break;
      this.targets.delete(key);
    }
  }
}

/** A synthetic whale alert for one contract (the end-to-end notification-click hook). */
export function syntheticAlert(symbol: string, now: number): Alert {
  return {
    id: `test-${now}-${Math.random().toString(36).slice(2, 8)}`,
    sessionId: 'test',
    ruleId: 'test',
    ruleKind: 'WHALE',
    time: now,
    symbol,
    flowId: null,
    title: `Whale: ${contractLabel(symbol)}`,
    body: 'test notification',
  };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
