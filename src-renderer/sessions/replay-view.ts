// The replay bar's arithmetic: where the playhead is on the timeline, what a click on it means,
// and how speeds read.
import type { ReplaySpeed, ReplayState } from '../../shared/ipc/sessions.ts';
import { REPLAY_SPEEDS } from '../../shared/ipc/sessions.ts';

export const SPEED_CHOICES: readonly ReplaySpeed[] = [...REPLAY_SPEEDS, 'max'];

export function speedLabel(speed: number | 'max'): string {
  return speed === 'max' ? 'Max' : `${speed}×`;
}

export function parseSpeed(text: string): ReplaySpeed | null {
  if (text === 'max') return 'max';
  const n = Number(text);
  return (REPLAY_SPEEDS as readonly number[]).includes(n) ? (n as ReplaySpeed) : null;
}

/** 0..1 along the recorded stretch. */
export function progress(state: Pick<ReplayState, 'position' | 'start' | 'end'>): number {
  const span = state.end - state.start;
  if (!(span > 0)) return state.position >= state.end ? 1 : 0;
  return Math.min(1, Math.max(0, (state.position - state.start) / span));
}

/** The stream time at a fraction of the timeline, as a whole millisecond inside it. */
export function timeAt(state: Pick<ReplayState, 'start' | 'end'>, fraction: number): number {
  const f = Math.min(1, Math.max(0, fraction));
  return Math.round(state.start + (state.end - state.start) * f);
}
