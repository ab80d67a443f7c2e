// What the ingest host needs of a session, whatever feeds it (a live or demo connection, or a
// recorded session played back): its view, its connection state, and the flows it can recall.
import type { FlowEvidence } from '../../shared/domain/flow.ts';
import type { ConnectionState, SessionId } from '../../shared/domain/session.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import type { PositioningSource } from './positioning-source.ts';
import type { SessionView } from './session-view.ts';

export interface MarketSession {
  /** The recorded session's id (a replay keeps the id of the session it plays). */
  readonly id: SessionId;
  readonly view: SessionView;
  status(): ConnectionState;
  /** The newest flows as of now, newest first; of one contract when `symbol` is given. */
  backlog(limit: number, symbol: string | null): FlowRow[];
  evidence(flowId: string): FlowEvidence | null;
  /** Where positioning reads this session's flows and quotes (FLOW-RULES.md §12). */
  positioningSource(): PositioningSource;
}
