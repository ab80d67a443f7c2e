// Alert sounds, synthesised (no audio files to load past the CSP, nothing to license). Each
// rule kind has its own contour so a trader knows which rule fired without looking:
// a whale is low and descending, a watchlist sweep a quick rising run, a premium threshold a
// single bright ping, a wide spread a flat double buzz, a book event a soft knock that rises.
import type { AlertRuleKind } from '../../shared/domain/session.ts';

export interface ToneNote {
  /** Hz. */
  frequency: number;
  /** Seconds from the start of the tone. */
  start: number;
  duration: number;
  wave: 'sine' | 'triangle' | 'square';
  /** Relative loudness 0..1 before the user's volume. */
  gain: number;
}

export const ALERT_TONES: Readonly<Record<AlertRuleKind, readonly ToneNote[]>> = Object.freeze({
  WHALE: [
    { frequency: 659.25, start: 0, duration: 0.22, wave: 'triangle', gain: 0.9 },
    { frequency: 440, start: 0.2, duration: 0.22, wave: 'triangle', gain: 0.9 },
    { frequency: 329.63, start: 0.4, duration: 0.45, wave: 'sine', gain: 1 },
  ],
  WATCHLIST_SWEEP: [
    { frequency: 523.25, start: 0, duration: 0.09, wave: 'sine', gain: 0.8 },
    { frequency: 659.25, start: 0.09, duration: 0.09, wave: 'sine', gain: 0.8 },
    { frequency: 783.99, start: 0.18, duration: 0.16, wave: 'sine', gain: 0.85 },
  ],
  PREMIUM_OVER: [{ frequency: 987.77, start: 0, duration: 0.28, wave: 'sine', gain: 0.8 }],
  SPREAD_WIDE: [
    { frequency: 220, start: 0, duration: 0.12, wave: 'square', gain: 0.35 },
    { frequency: 220, start: 0.18, duration: 0.12, wave: 'square', gain: 0.35 },
  ],
  BOOK_EVENT: [
    { frequency: 392, start: 0, duration: 0.07, wave: 'triangle', gain: 0.7 },
    { frequency: 587.33, start: 0.11, duration: 0.14, wave: 'triangle', gain: 0.75 },
  ],
  // A filter rule with a sound nobody knows: two bright pings, a fifth apart.
  FLOW: [
    { frequency: 880, start: 0, duration: 0.1, wave: 'sine', gain: 0.75 },
    { frequency: 1318.51, start: 0.13, duration: 0.16, wave: 'sine', gain: 0.8 },
  ],
});

/** Length of a tone in seconds. */
export function toneLength(notes: readonly ToneNote[]): number {
  return notes.reduce((end, n) => Math.max(end, n.start + n.duration), 0);
}

/** A short fingerprint of a tone, to prove in tests that no two kinds sound alike. */
export function toneSignature(notes: readonly ToneNote[]): string {
  return notes.map((n) => `${n.wave}:${Math.round(n.frequency)}@${n.start}`).join('|');
}

/** The sounds a rule can choose (AlertRule.sound); '' is silent. */
export const SOUNDS: readonly { value: string; label: string; tone: AlertRuleKind | null }[] = [
  { value: 'whale', label: 'Low fall (whale)', tone: 'WHALE' },
  { value: 'sweep', label: 'Quick rise (sweep)', tone: 'WATCHLIST_SWEEP' },
  { value: 'premium', label: 'Bright ping', tone: 'PREMIUM_OVER' },
  { value: 'spread', label: 'Double buzz (spread)', tone: 'SPREAD_WIDE' },
  { value: 'book', label: 'Knock (book event)', tone: 'BOOK_EVENT' },
  { value: '', label: 'Silent', tone: null },
];

/** The tone a rule's sound plays: its own, the rule kind's when unknown, null when silent. */
export function toneForSound(sound: string | undefined, kind: AlertRuleKind): AlertRuleKind | null {
  if (sound === undefined) return kind;
  const known = SOUNDS.find((s) => s.value === sound);
  return known ? known.tone : kind;
}
