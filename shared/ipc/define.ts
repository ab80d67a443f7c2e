// The building blocks of the IPC contract. Each domain file declares its requests (with the zod
// schema main validates every renderer request against, the response type and the window kinds
// allowed to call it) and its pushed events (with their payload type and how they may be
// coalesced). A channel's name is never written by hand: `defineDomain` derives it from the
// domain and the key (`flows` + `subscribe` → `flows:subscribe`), so names cannot drift.
import type { z } from 'zod';

export type WindowKind = 'feed' | 'book';
export const WINDOW_KINDS: readonly WindowKind[] = ['feed', 'book'];

/** Which host serves the windows. Main knows; a window asks for capabilities instead. */
export type HostKind = 'electron' | 'web';

/**
 * How a pushed event may be coalesced on its way to a window: `latest` events replace the
 * previous one of the same channel and scope (a status, a book snapshot), so a slow consumer
 * may skip to the newest; `every` events must all arrive (an alert, a gap, new bars).
 */
export type Delivery = 'latest' | 'every';

export interface RequestSpec<S extends z.ZodType, R> {
  readonly kind: 'request';
  readonly schema: S;
  readonly allowedFrom: readonly WindowKind[];
  /** Phantom: carries the response type; never set at runtime. */
  readonly response?: R;
}

export interface EventSpec<P> {
  readonly kind: 'event';
  readonly delivery: Delivery;
  /** Phantom: carries the payload type; never set at runtime. */
  readonly payload?: P;
}

export interface RequestDef<C extends string, S extends z.ZodType, R> extends RequestSpec<S, R> {
  readonly channel: C;
}

export interface EventDef<C extends string, P> extends EventSpec<P> {
  readonly channel: C;
}

/**
 * Declares a request. Curried so the response type is written once and the schema type is
 * inferred: `request<Status>()(schema, ['feed'])`.
 */
export function request<R>() {
  return <S extends z.ZodType>(schema: S, allowedFrom: readonly WindowKind[] = WINDOW_KINDS): RequestSpec<S, R> => ({
    kind: 'request',
    schema,
    allowedFrom,
  });
}

export function event<P>(delivery: Delivery): EventSpec<P> {
  return { kind: 'event', delivery };
}

type Requests<D extends string, T> = {
  readonly [K in keyof T & string]: T[K] extends RequestSpec<infer S, infer R> ? RequestDef<`${D}:${K}`, S, R> : never;
};

type Events<D extends string, T> = {
  readonly [K in keyof T & string]: T[K] extends EventSpec<infer P> ? EventDef<`${D}:${K}`, P> : never;
};

export interface Domain<D extends string, R, E> {
  readonly name: D;
  readonly requests: Requests<D, R>;
  readonly events: Events<D, E>;
}

/** One domain of the contract: every channel is named `<domain>:<key>`. */
export function defineDomain<
  D extends string,
  R extends Record<string, RequestSpec<z.ZodType, unknown>>,
  E extends Record<string, EventSpec<unknown>>,
>(name: D, requests: R, events: E): Domain<D, R, E> {
  const stamp = <T extends object>(specs: Record<string, T>) =>
    Object.freeze(Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, Object.freeze({ ...spec, channel: `${name}:${key}` })])));
  return Object.freeze({ name, requests: stamp(requests) as Requests<D, R>, events: stamp(events) as Events<D, E> });
}

export type RequestOf<D> = D extends RequestDef<string, infer S, unknown> ? z.infer<S> : never;
export type ResponseOf<D> = D extends RequestDef<string, z.ZodType, infer R> ? R : never;
export type PayloadOf<D> = D extends EventDef<string, infer P> ? P : never;

/** Error codes a caller can act on; the message is for people. */
export type IpcErrorCode =
  | 'BAD_REQUEST'
  | 'UNKNOWN_CHANNEL'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'UNAVAILABLE'
  | 'TIMEOUT'
  | 'INTERNAL';

export interface IpcError {
  code: IpcErrorCode;
  message: string;
}

/**
 * Every answer travels in an envelope, because an Electron invoke carries only an error's
 * message across and the web host must look the same.
 */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** True for a well-formed envelope (anything from across a process boundary is checked). */
export function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  if (record.ok === true) return 'value' in record;
  if (record.ok !== false || typeof record.error !== 'object' || record.error === null) return false;
  const error = record.error as Record<string, unknown>;
  return typeof error.code === 'string' && typeof error.message === 'string';
}

/** Bounds shared by the schemas so a hostile payload can never be huge. */
export const LIMITS = Object.freeze({
  symbol: 32,
  shortText: 200,
  longText: 4096,
  list: 500,
  id: 64,
});
