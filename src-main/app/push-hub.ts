// Pushes from main to the windows: each window gets at most one batch per animation frame
// (~16 ms), only the contracts it shows, and only the latest of anything replaced whole.
import type { WindowKind } from '../../shared/ipc/define.ts';
import { encodeFlowBatch, type FlowRow } from '../../shared/ipc/flows.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';

export type PushEvent = [channel: string, payload: unknown];

export interface WindowLink {
  id: string;
  kind: WindowKind;
  /** The contract a book window shows. */
  symbol: string | null;
  send(events: PushEvent[]): void;
}

interface WindowState {
  link: WindowLink;
  flowsSubscribed: boolean;
  bookSymbols: Set<string>;
  flows: Map<string, FlowRow>;
  /** Latest payload per key (channel, or channel + symbol); sent in first-queued order. */
  latest: Map<string, PushEvent>;
  /** Events that must all arrive (alerts, gaps, bars). */
  every: PushEvent[];
  timer: TimerHandle | null;
}

export const FRAME_MS = 16;

export class PushHub {
  private readonly windows = new Map<string, WindowState>();
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  attach(link: WindowLink): () => void {
    const state: WindowState = {
      link,
      flowsSubscribed: false,
      bookSymbols: new Set(link.symbol ? [link.symbol] : []),
      flows: new Map(),
      latest: new Map(),
      every: [],
      timer: null,
    };
    this.windows.set(link.id, state);
    return () => {
      this.clock.clearTimeout(state.timer);
      this.windows.delete(link.id);
    };
  }

  has(id: string): boolean {
    return this.windows.has(id);
  }

  window(id: string): Pick<WindowLink, 'kind' | 'symbol'> | undefined {
    const link = this.windows.get(id)?.link;
    return link ? { kind: link.kind, symbol: link.symbol } : undefined;
  }

  /** Sends events to one window right away (a backlog answering its own subscribe). */
  direct(id: string, events: PushEvent[]): void {
    this.windows.get(id)?.link.send(events);
  }

  subscribeFlows(id: string, on: boolean): void {
    const state = this.windows.get(id);
    if (state) state.flowsSubscribed = on;
  }

  subscribeBook(id: string, symbol: string, on: boolean): void {
    const state = this.windows.get(id);
    if (!state) return;
    if (on) state.bookSymbols.add(symbol);
    else state.bookSymbols.delete(symbol);
  }

  /** Every contract any window shows a book for. */
  bookSymbols(): string[] {
    const all = new Set<string>();
    for (const state of this.windows.values()) for (const s of state.bookSymbols) all.add(s);
    return [...all];
  }

  flows(rows: readonly FlowRow[]): void {
    for (const state of this.windows.values()) {
      if (!state.flowsSubscribed) continue;
      let any = false;
      for (const row of rows) {
        // A book window follows only its own contract's flows.
        if (state.link.kind === 'book' && !state.bookSymbols.has(row.symbol)) continue;
        state.flows.set(row.id, row);
        any = true;
      }
      if (any) this.schedule(state);
    }
  }

  /** Replaces what every subscribed feed shows (a replay opened or sought). */
  resetFlows(rows: readonly FlowRow[]): void {
    for (const state of this.windows.values()) {
      if (!state.flowsSubscribed) continue;
      state.flows.clear();
      const own = state.link.kind === 'book' ? rows.filter((r) => state.bookSymbols.has(r.symbol)) : rows;
      state.latest.delete('flows:reset');
      state.latest.set('flows:reset', ['flows:reset', encodeFlowBatch(own)]);
      this.schedule(state);
    }
  }

  /** A per-contract event, to the windows showing that contract's book. */
  toBook(channel: string, symbol: string, payload: unknown): void {
    for (const state of this.windows.values()) {
      if (!state.bookSymbols.has(symbol)) continue;
      state.latest.set(`${channel}|${symbol}`, [channel, payload]);
      this.schedule(state);
    }
  }

  /** The latest value of something replaced whole (status, stats), to some or all windows. */
  latest(channel: string, payload: unknown, kinds?: readonly WindowKind[]): void {
    for (const state of this.windows.values()) {
      if (kinds && !kinds.includes(state.link.kind)) continue;
      state.latest.set(channel, [channel, payload]);
      this.schedule(state);
    }
  }

  /** Something every window must see in full (an alert, a gap, new bars). */
  every(channel: string, payload: unknown, kinds?: readonly WindowKind[]): void {
    for (const state of this.windows.values()) {
      if (kinds && !kinds.includes(state.link.kind)) continue;
      state.every.push([channel, payload]);
      this.schedule(state);
    }
  }

  private schedule(state: WindowState): void {
    state.timer ??= this.clock.setTimeout(() => this.flush(state), FRAME_MS);
  }

  private flush(state: WindowState): void {
    state.timer = null;
    if (!this.windows.has(state.link.id)) return;
    const events: PushEvent[] = [];
    const reset = state.latest.get('flows:reset');
    if (reset) {
      state.latest.delete('flows:reset');
      events.push(reset);
    }
    events.push(...state.latest.values(), ...state.every);
    if (state.flows.size > 0) events.push(['flows:batch', encodeFlowBatch([...state.flows.values()])]);
    state.latest.clear();
    state.every = [];
    state.flows.clear();
    if (events.length > 0) state.link.send(events);
  }
}
