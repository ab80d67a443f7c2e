// A recorded session played back like a video in the running app: its frames go through the
// same parse stage, market pipeline and session view as live ones, read from its own read-only
// connection, while the live session keeps recording off screen.
import type { FlowEvidence } from '../../shared/domain/flow.ts';
import type { AlertRule, ConnectionState, SessionId } from '../../shared/domain/session.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import type { FlowRow } from '../../shared/ipc/flows.ts';
import { push } from '../../shared/ipc/push.ts';
import { sessionEvents, type ReplayState } from '../../shared/ipc/sessions.ts';
import { ReplayPlayer } from '../replay/replay-player.ts';
import { DelayedKeys } from '../schwab/delayed-keys.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { getSession, sessionRow } from '../store/sessions.ts';
import type { Clock } from '../util/clock.ts';
import type { ReplayAction } from '../ingest-protocol/requests.ts';
import type { ConflationStage } from './conflation.ts';
import type { MarketSession } from './market-session.ts';
import type { PositioningSource } from './positioning-source.ts';
import { contractBacklog } from './recent-flows.ts';
import { SessionView } from './session-view.ts';

/** Flows the windows start from when a replay opens or seeks. */
export const REPLAY_BACKLOG = 5000;

export interface ReplaySessionOptions {
  dbPath: string;
  sessionId: SessionId;
  /** Flow thresholds to try instead of the recorded ones (the session's own by default). */
  settings?: Partial<FlowSettings>;
  clock: Clock;
  /** A replay alerts as the live session would. */
  alertRules: () => readonly AlertRule[];
  watched: () => ReadonlySet<string>;
  stage: ConflationStage;
}

export class ReplaySession implements MarketSession {
  readonly id: SessionId;
  readonly view: SessionView;
  private readonly db: Db;
  private readonly player: ReplayPlayer;
  private readonly since: number;
  /** What the replayed data says of its keys, as the live streamer tracks it (streamer.ts). */
  private readonly delayed = new DelayedKeys();

  constructor(options: ReplaySessionOptions) {
    const db = openDatabase(options.dbPath, { readonly: true });
    const session = (() => {
      try {
        return getSession(db, sessionRow(options.sessionId));
      } catch (error) {
        db.close();
        throw error;
      }
    })();
    if (!session) {
      db.close();
      throw new Error(`no session ${options.sessionId}`);
    }
    this.db = db;
    this.id = session.id;
    this.since = options.clock.now();
    let view: SessionView | null = null;
    this.player = new ReplayPlayer({
      db,
      session,
      settings: { ...session.settings, ...options.settings },
      clock: options.clock,
      alertRules: options.alertRules,
      watched: options.watched,
      onFrame: (receivedAt) => view?.streamTime(receivedAt),
      onState: (state) => {
        view?.send(push(sessionEvents.replay, state, { kinds: ['feed'] }));
        // Where a replay stops (paused, stepped, sought, finished) the windows get statistics
        // at that very moment; while it plays, stream time's whole seconds bring them.
        if (!state.playing) view?.sendStats(state.position);
      },
    });
    view = new SessionView({ pipeline: this.player.pipeline, rolling: session.rolling, watched: options.watched, stage: options.stage });
    this.view = view;
    // A session recorded on delayed data replays as delayed: the windows say so as they did live.
    this.player.processor.events.on('delayed', ({ service, key, delayed }) => {
      if (this.delayed.set(service, key, delayed)) this.view.status(this.status());
    });
  }

  status(): ConnectionState {
    return { state: 'live', source: 'replay', since: this.since, delayed: this.delayed.any };
  }

  state(): ReplayState {
    return this.player.state();
  }

  /** Puts the replay on screen: the windows start empty at the session's start. */
  show(): ReplayState {
    this.view.show(true);
    this.view.resetFlows([]);
    this.view.resetTimelines();
    this.view.status(this.status());
    const state = this.player.state();
    this.view.send(push(sessionEvents.replay, state, { kinds: ['feed'] }));
    return state;
  }

  control(action: ReplayAction): ReplayState {
    const player = this.player;
    switch (action.action) {
      case 'play':
        return player.play();
      case 'pause':
        return player.pause();
      case 'step':
        return player.step();
      case 'speed':
        return player.setSpeed(action.speed);
      case 'seek': {
        // The book windows get the history around the new time, built from the recorded frames.
        const state = this.view.rebuildTimelines(() => player.seek(action.to));
        this.view.resetFlows(player.flowsAsOfNow(REPLAY_BACKLOG));
        return state;
      }
    }
  }

  backlog(limit: number, symbol: string | null): FlowRow[] {
    if (symbol !== null) return contractBacklog(this.view.recentFlows(symbol, limit), () => this.player.contractFlowsAsOfNow(symbol, limit), limit);
    return this.player.flowsAsOfNow(limit);
  }

  evidence(flowId: string): FlowEvidence | null {
    return this.player.pipeline.engine.flow(flowId)?.evidence ?? null;
  }

  /**
   * With the recorded flow rules the store holds this replay's own flows: those made so far,
   * with the ones still growing laid over them. With other rules its flows are not stored, so
   * positioning reads the recorded ones first seen up to the replay's position, and says so.
   */
  positioningSource(): PositioningSource {
    const { player } = this;
    const base = { sessionId: this.id, source: 'replay' as const, quotes: player.pipeline.quotes };
    if (player.storedFlowsAreOurs) return { ...base, held: () => player.pipeline.engine.held(), beforeSeq: player.pipeline.engine.nextSequence, before: null, note: null };
    return { ...base, held: () => [], beforeSeq: null, before: player.state().position + 1, note: 'replayed with other flow rules: these are the flows recorded up to the replay\'s position' };
  }

  close(): void {
    this.player.close();
    this.view.detach();
    this.view.show(false);
    this.db.close();
  }
}
