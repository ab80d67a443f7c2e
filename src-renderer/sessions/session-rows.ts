// Recorded sessions as the sessions view lists them: when, from where, what was followed, how
// long, how many flows, and the stream's gaps; and whether a session can be replayed.
import type { Session } from '../../shared/domain/session.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import { formatDateTimeEt, formatDuration, formatTimeEt } from '../../shared/format/format.ts';
import { tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';

export interface SessionRow {
  session: Session;
  id: string;
  source: Session['source'];
  started: string;
  /** Underlyings followed (options grouped under their root), most contracts first. */
  underlyings: string[];
  /** Contracts followed per underlying, in the same order. */
  contractsOf: number[];
  contracts: number;
  duration: string;
  recording: boolean;
  frames: number;
  flows: number;
  gaps: number;
  /** Time the stream was down, summed; '' without gaps. */
  gapTime: string;
  /** Ended and holding frames: a replay of it means something. */
  replayable: boolean;
  why: string | null;
}

export function sessionRow(session: Session, now: number): SessionRow {
  const counts = new Map<string, number>();
  let contracts = 0;
  for (const symbol of session.symbols) {
    const parsed = tryParseOptionSymbol(symbol);
    const root = parsed.ok ? parsed.contract.root : symbol.trim();
    if (parsed.ok) contracts++;
    counts.set(root, (counts.get(root) ?? 0) + (parsed.ok ? 1 : 0));
  }
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const recording = session.end === null;
  const end = session.end ?? now;
  let down = 0;
  for (const gap of session.gaps) down += Math.max(0, (gap.end ?? end) - gap.start);
  const why = recording ? 'still recording: replay it once it has ended' : session.frames === 0 ? 'no frames were recorded' : null;
  return {
    session,
    id: session.id,
    source: session.source,
    started: formatDateTimeEt(session.start),
    underlyings: ranked.map(([root]) => root),
    contractsOf: ranked.map(([, n]) => n),
    contracts,
    duration: formatDuration(Math.max(0, end - session.start)),
    recording,
    frames: session.frames,
    flows: session.flows,
    gaps: session.gaps.length,
    gapTime: session.gaps.length > 0 ? formatDuration(down) : '',
    replayable: why === null,
    why,
  };
}

/** Newest first. */
export function sessionRows(sessions: readonly Session[], now: number): SessionRow[] {
  return [...sessions].sort((a, b) => b.start - a.start).map((s) => sessionRow(s, now));
}

/** `SPY · QQQ · TSLA +3`. */
export function underlyingsLabel(underlyings: readonly string[], shown = 4): string {
  const head = underlyings.slice(0, shown).join(' · ');
  return underlyings.length > shown ? `${head} +${underlyings.length - shown}` : head;
}

export interface GapLine {
  from: string;
  to: string;
  length: string;
  reason: string;
}

/** The stream's gaps, oldest first, in ET. */
export function gapLines(session: Session, now: number): GapLine[] {
  return [...session.gaps]
    .sort((a, b) => a.start - b.start)
    .map((g) => ({ from: formatTimeEt(g.start), to: g.end === null ? 'now' : formatTimeEt(g.end), length: formatDuration(Math.max(0, (g.end ?? session.end ?? now) - g.start)), reason: g.reason }));
}

/** Flow-rule keys whose recorded value differs from `current`. */
export function changedRules(recorded: FlowSettings, current: FlowSettings): (keyof FlowSettings)[] {
  return (Object.keys(current) as (keyof FlowSettings)[]).filter((k) => recorded[k] !== current[k]);
}
