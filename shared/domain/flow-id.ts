// A flow's id: "<session>-<sequence>", the recorded session it belongs to and its order in it.
// Made by the flow engine, read back by the store (which packs both into one row id) and by
// anything that orders flows; this module is the only one that knows the format.
import type { SessionId } from './session-id.ts';

export interface FlowIdParts {
  /** The session's row number in the store. */
  session: number;
  /** The flow's order in its session, from 0. */
  seq: number;
}

export function makeFlowId(sessionId: SessionId, seq: number): string {
  return `${sessionId}-${seq}`;
}

/** The parts of a flow id, or null for anything that is not one. */
export function parseFlowId(flowId: string): FlowIdParts | null {
  const match = /^(\d+)-(\d+)$/.exec(flowId);
  if (!match) return null;
  return { session: Number(match[1]), seq: Number(match[2]) };
}

/** Orders flows of one session as the engine made them. */
export function bySequence(a: { id: string }, b: { id: string }): number {
  return (parseFlowId(a.id)?.seq ?? 0) - (parseFlowId(b.id)?.seq ?? 0);
}
