// The whole IPC contract in one registry: main's router validates every request against it,
// each preload exposes a typed subset of it, and the web host speaks it over a WebSocket.
import type { z } from 'zod';
import type { EventDef, RequestDef } from './define.ts';
import { alertEvents, alerts } from './alerts.ts';
import { auth, authEvents } from './auth.ts';
import { bookEvents, books } from './books.ts';
import { flowEvents, flows } from './flows.ts';
import { history, historyEvents } from './history.ts';
import { marketData, marketEvents } from './market-data.ts';
import { positioning, positioningEvents } from './positioning.ts';
import { sessionEvents, sessions } from './sessions.ts';
import { settings, settingsEvents } from './settings.ts';
import { windowEvents, windows } from './windows.ts';
import { volatility, volatilityEvents } from './volatility.ts';
import { webhookEvents, webhooks } from './webhooks.ts';

export const api = {
  alerts,
  auth,
  books,
  flows,
  history,
  marketData,
  positioning,
  sessions,
  settings,
  windows,
  volatility,
  webhooks,
} as const;

export const events = {
  alerts: alertEvents,
  auth: authEvents,
  books: bookEvents,
  flows: flowEvents,
  history: historyEvents,
  marketData: marketEvents,
  positioning: positioningEvents,
  sessions: sessionEvents,
  settings: settingsEvents,
  windows: windowEvents,
  volatility: volatilityEvents,
  webhooks: webhookEvents,
} as const;

type Api = typeof api;
type Events = typeof events;
export type AnyRequestDef = { [D in keyof Api]: Api[D][keyof Api[D]] }[keyof Api];
export type AnyEventDef = { [D in keyof Events]: Events[D][keyof Events[D]] }[keyof Events];
export type RequestChannel = AnyRequestDef['channel'];
export type EventChannel = AnyEventDef['channel'];

export type RequestByChannel<C extends RequestChannel> = Extract<AnyRequestDef, { channel: C }>;
export type EventByChannel<C extends EventChannel> = Extract<AnyEventDef, { channel: C }>;

function index<T extends { channel: string }>(groups: Record<string, Record<string, T>>): Map<string, T> {
  const map = new Map<string, T>();
  for (const group of Object.values(groups)) {
    for (const def of Object.values(group)) {
      if (map.has(def.channel)) throw new Error(`IPC channel declared twice: ${def.channel}`);
      map.set(def.channel, def);
    }
  }
  return map;
}

const requestIndex = index<RequestDef<string, z.ZodType, unknown>>(api);
const eventIndex = index<EventDef<string, unknown>>(events);

/** The declaration of a request channel, for the one gate that validates requests. */
export function requestDef(channel: string): RequestDef<string, z.ZodType, unknown> | undefined {
  return requestIndex.get(channel);
}

/** The declaration of an event channel (how it may be coalesced). */
export function eventDef(channel: string): EventDef<string, unknown> | undefined {
  return eventIndex.get(channel);
}

export * from './define.ts';
export type { FlowRow, FlowBatchWire, StatsSnapshot } from './flows.ts';
export { encodeFlowBatch, decodeFlowBatch, toFlowRow } from './flows.ts';
