// The flow engine's events, options, counters and checkpoint (src-main/market/flow-engine.ts).
import type { Flow } from '../../shared/domain/flow.ts';
import type { SessionId } from '../../shared/domain/session.ts';
import type { FlowSettings, RollingSettings } from '../../shared/domain/settings.ts';
import type { StatsByUnderlying } from '../../shared/analytics/rolling-stats.ts';
import type { ContractTracker } from './contract-tracker.ts';
import type { FlowRules } from './flow-rules.ts';
import type { SpreadLegDetector } from './spread-legs.ts';
import type { StrategyGrouper } from './strategy-grouper.ts';

export interface FlowEngineEvents {
  /** A new flow (isNew) or a new version of one (same id, higher version). */
  flow: { flow: Flow; isNew: boolean };
  problem: { symbol: string; detail: string };
}

export interface FlowEngineOptions {
  sessionId: SessionId;
  settings: FlowSettings;
  rolling?: RollingSettings;
  /** Rule switches; DEFAULT_FLOW_RULES unless given. */
  rules?: Partial<FlowRules>;
  /** The most flows held in memory (MAX_HELD_FLOWS unless given): beyond it the oldest leave. */
  maxHeldFlows?: number;
}

export interface FlowEngineStats {
  updates: number;
  prints: number;
  flows: number;
  baselines: number;
  volumeResets: number;
  unpriced: number;
  /** Falls in day volume that cancelled a flow. */
  busts: number;
}

export interface EngineSnapshot {
  contracts: Map<string, ContractTracker | null>;
  flows: Map<string, Flow>;
  spot: Map<string, number>;
  spreads: SpreadLegDetector;
  strategies: StrategyGrouper;
  nextId: number;
  counters: FlowEngineStats;
  stats: StatsByUnderlying;
}
