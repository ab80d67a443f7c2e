// Pushes from main to the windows, typed by the contract (shared/ipc/push.ts). The ingest worker
// has already coalesced what it sends; the hub only routes: each window gets what its scope and
// subscriptions ask for, in one message per publish. The latest value of every window-wide
// `latest` event is kept, so a window that opens later starts from what the others know.
import type { PayloadOf, WindowKind } from '../../shared/ipc/define.ts';
import { filterFlowBatch, flowEvents, encodeFlowBatch, type FlowBatchWire } from '../../shared/ipc/flows.ts';
import { eventDef, type AnyEventDef } from '../../shared/ipc/index.ts';
import { push, type Push, type PushScope, type WireEvent } from '../../shared/ipc/push.ts';

export interface WindowLink {
  id: string;
  kind: WindowKind;
  /** The contract a book window shows. */
  symbol: string | null;
  send(events: WireEvent[]): void;
}

interface WindowState {
  link: WindowLink;
  flowsSubscribed: boolean;
  bookSymbols: Set<string>;
}

const FLOW_CHANNELS: ReadonlySet<string> = new Set([flowEvents.batch.channel, flowEvents.reset.channel]);

export class PushHub {
  private readonly windows = new Map<string, WindowState>();
  /** The latest window-wide value of each `latest` event, by channel and audience. */
  private readonly retained = new Map<string, Push>();

  attach(link: WindowLink): () => void {
    const state: WindowState = { link, flowsSubscribed: false, bookSymbols: new Set(link.symbol ? [link.symbol] : []) };
    this.windows.set(link.id, state);
    const known: WireEvent[] = [];
    for (const item of this.retained.values()) if (reaches(item.scope, state)) known.push([item.channel, item.payload]);
    if (known.length > 0) link.send(known);
    return () => {
      this.windows.delete(link.id);
    };
  }

  window(id: string): Pick<WindowLink, 'kind' | 'symbol'> | undefined {
    const link = this.windows.get(id)?.link;
    return link ? { kind: link.kind, symbol: link.symbol } : undefined;
  }

  subscribeFlows(id: string): void {
    const state = this.windows.get(id);
    if (state) state.flowsSubscribed = true;
  }

  subscribeBook(id: string, symbol: string): void {
    this.windows.get(id)?.bookSymbols.add(symbol);
  }

  /** Every contract any window shows a book for. */
  bookSymbols(): string[] {
    const all = new Set<string>();
    for (const state of this.windows.values()) for (const s of state.bookSymbols) all.add(s);
    return [...all];
  }

  /** The latest window-wide value of a `latest` event, if one was pushed. */
  latest<D extends AnyEventDef>(def: D): PayloadOf<D> | undefined {
    for (const item of this.retained.values()) if (item.channel === def.channel) return item.payload as PayloadOf<D>;
    return undefined;
  }

  push<D extends AnyEventDef>(def: D, payload: PayloadOf<D>, scope?: PushScope): void {
    this.publish([push(def, payload, scope)]);
  }

  /** Routes pushes to the windows they are for: one message per window. */
  publish(pushes: readonly Push[]): void {
    for (const item of pushes) this.retain(item);
    for (const state of this.windows.values()) {
      const events: WireEvent[] = [];
      for (const item of pushes) {
        if (!reaches(item.scope, state)) continue;
        if (FLOW_CHANNELS.has(item.channel)) {
          const wire = flowsFor(state, item.payload as FlowBatchWire, item.channel === flowEvents.reset.channel);
          if (wire) events.push([item.channel, wire]);
        } else {
          events.push([item.channel, item.payload]);
        }
      }
      if (events.length > 0) state.link.send(events);
    }
  }

  private retain(item: Push): void {
    const scope = item.scope;
    if (scope?.symbol !== undefined || scope?.window !== undefined || FLOW_CHANNELS.has(item.channel)) return;
    if (eventDef(item.channel)?.delivery !== 'latest') return;
    this.retained.set(`${item.channel}|${scope?.kinds?.join(',') ?? ''}`, item);
  }
}

function reaches(scope: PushScope | undefined, state: WindowState): boolean {
  if (!scope) return true;
  if (scope.window !== undefined && scope.window !== state.link.id) return false;
  if (scope.kinds && !scope.kinds.includes(state.link.kind)) return false;
  if (scope.symbol !== undefined && !state.bookSymbols.has(scope.symbol)) return false;
  return true;
}

/** A feed follows every flow; a book window only its own contract's. A reset always arrives. */
function flowsFor(state: WindowState, wire: FlowBatchWire, reset: boolean): FlowBatchWire | null {
  if (!state.flowsSubscribed) return null;
  if (state.link.kind !== 'book') return wire;
  const own = filterFlowBatch(wire, (symbol) => state.bookSymbols.has(symbol));
  return own.length > 0 || reset ? encodeFlowBatch(own) : null;
}
