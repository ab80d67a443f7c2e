// The one conflation stage between the flow engine and a window: everything the session on
// screen pushes is collected here and flushed toward main every few milliseconds, keeping only
// the latest of anything replaced whole (a flow's versions, a contract's book, a status) and all
// of what must arrive in full (alerts, gaps, bars). Main routes what it receives as it is; the
// window renders at most once per frame.
import { eventDef } from '../../shared/ipc/index.ts';
import { encodeFlowBatch, flowEvents, type FlowRow } from '../../shared/ipc/flows.ts';
import { push, type Push } from '../../shared/ipc/push.ts';
import type { Clock, TimerHandle } from '../util/clock.ts';

export interface ConflationOptions {
  clock: Clock;
  /** How long pushes gather before a flush (ms). */
  flushMs: number;
  out: (pushes: Push[]) => void;
}

export class ConflationStage {
  private readonly options: ConflationOptions;
  private flows = new Map<string, FlowRow>();
  private reset: FlowRow[] | null = null;
  /** Latest push per channel and scope, in first-queued order. */
  private latest = new Map<string, Push>();
  private every: Push[] = [];
  private timer: TimerHandle | null = null;

  constructor(options: ConflationOptions) {
    this.options = options;
  }

  add(item: Push): void {
    if (eventDef(item.channel)?.delivery === 'latest') this.latest.set(keyOf(item), item);
    else this.every.push(item);
    this.schedule();
  }

  /** A new flow, or a new version of one: only the latest version of each is sent. */
  flow(row: FlowRow): void {
    this.flows.set(row.id, row);
    this.schedule();
  }

  /** The windows drop their flows and show these; flows queued before are dropped too. */
  resetFlows(rows: FlowRow[]): void {
    this.flows = new Map();
    this.reset = rows;
    this.schedule();
  }

  /** Sends what gathered now (a flush that finds nothing sends nothing). */
  flush(): void {
    this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    const out: Push[] = [];
    if (this.reset) out.push(push(flowEvents.reset, encodeFlowBatch(this.reset)));
    out.push(...this.latest.values(), ...this.every);
    if (this.flows.size > 0) out.push(push(flowEvents.batch, encodeFlowBatch([...this.flows.values()])));
    this.reset = null;
    this.latest = new Map();
    this.every = [];
    this.flows = new Map();
    if (out.length > 0) this.options.out(out);
  }

  /** Drops what gathered without sending it (the session left the screen). */
  discard(): void {
    this.options.clock.clearTimeout(this.timer);
    this.timer = null;
    this.reset = null;
    this.latest = new Map();
    this.every = [];
    this.flows = new Map();
  }

  private schedule(): void {
    this.timer ??= this.options.clock.setTimeout(() => this.flush(), this.options.flushMs);
  }
}

function keyOf(item: Push): string {
  const scope = item.scope;
  if (!scope) return item.channel;
  return `${item.channel}|${scope.symbol ?? ''}|${scope.window ?? ''}|${scope.kinds?.join(',') ?? ''}`;
}
