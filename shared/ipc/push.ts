// Pushes from main to the windows, typed by the contract. A push is one event of a declared
// channel with its payload, and a scope that says which windows get it; main routes it, the
// windows receive `[channel, payload]` pairs (wire.ts, the preload's events channel).
import type { PayloadOf, WindowKind } from './define.ts';
import type { AnyEventDef, EventByChannel, EventChannel } from './index.ts';

/** Which windows a push is for; no scope is every window. */
export interface PushScope {
  /** Only windows of these kinds. */
  kinds?: readonly WindowKind[];
  /** Only windows showing this contract's book. */
  symbol?: string;
  /** Only this window. */
  window?: string;
}

/** One push: a channel of the contract with its own payload type (a union over all channels). */
export type Push = {
  [C in EventChannel]: { channel: C; payload: PayloadOf<EventByChannel<C>>; scope?: PushScope };
}[EventChannel];

/** What a window receives: the channel and its payload. */
export type WireEvent = [channel: string, payload: unknown];

/** Anything that takes typed pushes (main's push hub). */
export interface PushTarget {
  push<D extends AnyEventDef>(def: D, payload: PayloadOf<D>, scope?: PushScope): void;
}

/** A push of `def` (type-checked against its payload). */
export function push<D extends AnyEventDef>(def: D, payload: PayloadOf<D>, scope?: PushScope): Push {
  return (scope ? { channel: def.channel, payload, scope } : { channel: def.channel, payload }) as Push;
}

/** The payload of `push` when it is of `def`'s channel, narrowed to that channel's type. */
export function payloadIf<D extends AnyEventDef>(item: Push, def: D): PayloadOf<D> | undefined {
  return item.channel === def.channel ? (item.payload as PayloadOf<D>) : undefined;
}
