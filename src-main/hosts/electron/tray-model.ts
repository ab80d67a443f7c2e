// What the tray shows, as data: an icon per connection state, a tooltip that says the state in
// words, and a menu with the latest whales, mute, open feed and quit. native-tray.ts turns the view
// into a native tray; the presenter below re-renders at a calm pace and only on change.
import type { FlowKind, Side } from '../../../shared/domain/flow.ts';
import type { ConnectionState } from '../../../shared/domain/session.ts';
import { formatContract, formatPremium } from '../../../shared/format/format.ts';
import type { FlowRow } from '../../../shared/ipc/flows.ts';
import { tryParseOptionSymbol } from '../../../shared/symbols/option-symbol.ts';
import type { Clock, TimerHandle } from '../../util/clock.ts';

export type TrayIcon = 'live' | 'connecting' | 'reconnecting' | 'error' | 'stopped';
export const TRAY_ICONS: readonly TrayIcon[] = ['live', 'connecting', 'reconnecting', 'error', 'stopped'];

export type TrayAction = { type: 'open-book'; symbol: string } | { type: 'toggle-mute' } | { type: 'open-feed' } | { type: 'quit' };

export type TrayMenuItem =
  | { type: 'item'; label: string; enabled: boolean; action: TrayAction | null }
  | { type: 'checkbox'; label: string; checked: boolean; action: TrayAction }
  | { type: 'separator' };

export interface TrayView {
  icon: TrayIcon;
  tooltip: string;
  menu: TrayMenuItem[];
}

export interface Whale {
  id: string;
  symbol: string;
  premium: number;
  side: Side;
  kind: FlowKind;
  time: number;
}

export const MAX_WHALES = 5;

const SIDE_WORDS: Record<Side, string> = { ABOVE_ASK: 'above ask', ASK: 'at ask', MID: 'at mid', BID: 'at bid', BELOW_BID: 'below bid' };
const KIND_WORDS: Record<FlowKind, string> = { SWEEP: 'sweep', BLOCK: 'block', SPLIT: 'split', SINGLE: 'single' };

export function contractLabel(symbol: string): string {
  const parsed = tryParseOptionSymbol(symbol);
  return parsed.ok ? formatContract(parsed.contract) : symbol.replace(/\s+/g, ' ').trim();
}

/** `SPY Nov 29 '24 450C · $1.2M at ask · sweep`: contract, premium, side, kind. */
export function flowLine(flow: Pick<Whale, 'symbol' | 'premium' | 'side' | 'kind'>): { contract: string; detail: string } {
  return { contract: contractLabel(flow.symbol), detail: `${formatPremium(flow.premium)} ${SIDE_WORDS[flow.side]} · ${KIND_WORDS[flow.kind]}` };
}

export function iconFor(status: ConnectionState | null): TrayIcon {
  if (!status) return 'connecting';
  if (status.state === 'live') return 'live';
  return status.state;
}

const SOURCE_NAMES = { live: 'Schwab', demo: 'demo market', replay: 'replay' } as const;
const SOURCE_TARGETS = { live: 'Schwab', demo: 'the demo market', replay: 'the replay' } as const;

export function tooltipFor(status: ConnectionState | null): string {
  if (!status) return 'Fathom: starting';
  switch (status.state) {
    case 'live':
      return `Fathom: live (${SOURCE_NAMES[status.source]}${status.delayed ? ', delayed' : ''})`;
    case 'connecting':
      return `Fathom: connecting to ${SOURCE_TARGETS[status.source]}`;
    case 'reconnecting':
      return `Fathom: reconnecting to ${SOURCE_TARGETS[status.source]} (attempt ${status.attempt})`;
    case 'stopped':
      return `Fathom: stopped (${status.reason.slice(0, 80)})`;
    case 'error':
      return `Fathom: error (${status.reason.slice(0, 80)})`;
  }
}

export class TrayModel {
  private status: ConnectionState | null = null;
  private whales: Whale[] = [];
  private muted = false;

  setStatus(status: ConnectionState): void {
    this.status = status;
  }

  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  /** Keeps the newest whales; a whale that grew replaces its earlier self. */
  addFlows(rows: readonly FlowRow[]): void {
    let changed = false;
    for (const row of rows) {
      if (!row.whale) continue;
      const whale: Whale = { id: row.id, symbol: row.symbol, premium: row.premium, side: row.side, kind: row.kind, time: row.time };
      this.whales = this.whales.filter((w) => w.id !== row.id);
      this.whales.push(whale);
      changed = true;
    }
    if (changed) this.whales = this.whales.sort((a, b) => b.time - a.time).slice(0, MAX_WHALES);
  }

  view(): TrayView {
    const menu: TrayMenuItem[] = [{ type: 'item', label: tooltipFor(this.status).replace(/^Fathom: /, 'Market: '), enabled: false, action: null }, { type: 'separator' }];
    if (this.whales.length === 0) {
      menu.push({ type: 'item', label: 'No whales yet', enabled: false, action: null });
    } else {
      menu.push({ type: 'item', label: 'Latest whales', enabled: false, action: null });
      for (const whale of this.whales) {
        const line = flowLine(whale);
        // Menu labels treat & as a mnemonic marker on Windows and Linux.
        const label = `${line.contract} · ${line.detail}`.replace(/&/g, '&&');
        menu.push({ type: 'item', label, enabled: true, action: { type: 'open-book', symbol: whale.symbol } });
      }
    }
    menu.push(
      { type: 'separator' },
      { type: 'checkbox', label: 'Mute alerts', checked: this.muted, action: { type: 'toggle-mute' } },
      { type: 'item', label: 'Open flow feed', enabled: true, action: { type: 'open-feed' } },
      { type: 'separator' },
      { type: 'item', label: 'Quit Fathom', enabled: true, action: { type: 'quit' } },
    );
    return { icon: iconFor(this.status), tooltip: tooltipFor(this.status), menu };
  }
}

export const TRAY_REFRESH_MS = 500;

/**
 * Re-renders the tray at most every TRAY_REFRESH_MS, and only when the view changed: the market
 * may send hundreds of batches a second, and rebuilding a native menu is not free.
 */
export class TrayPresenter {
  private readonly model: TrayModel;
  private readonly render: (view: TrayView) => void;
  private readonly clock: Clock;
  private timer: TimerHandle | null = null;
  private last = '';

  constructor(model: TrayModel, render: (view: TrayView) => void, clock: Clock) {
    this.model = model;
    this.render = render;
    this.clock = clock;
  }

  /** Renders now (first paint, or after a menu action the user expects to see at once). */
  refresh(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    const view = this.model.view();
    const text = JSON.stringify(view);
    if (text === this.last) return;
    this.last = text;
    this.render(view);
  }

  /** Something changed; render soon. */
  changed(): void {
    this.timer ??= this.clock.setTimeout(() => this.refresh(), TRAY_REFRESH_MS);
  }

  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
