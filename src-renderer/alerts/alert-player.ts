// Plays the alert tones through Web Audio. Browsers start an AudioContext suspended until the
// page has had a user gesture, so the context is resumed on the first click or key press.
import type { AlertRuleKind } from '../../shared/domain/session.ts';
import { ALERT_TONES } from './alert-tones.ts';

/** Master level so a volume of 1 is firm, not harsh, on laptop speakers. */
const MASTER = 0.25;
const ATTACK_S = 0.01;

export class AlertPlayer {
  private context: AudioContext | null = null;

  /** Creates the context (if this browser has one) and resumes it on the first gesture. */
  attach(target: Window): void {
    if (this.context || typeof AudioContext === 'undefined') return;
    this.context = new AudioContext();
    const unlock = (): void => {
      void this.context?.resume();
      if (this.context?.state === 'running') {
        target.removeEventListener('pointerdown', unlock);
        target.removeEventListener('keydown', unlock);
      }
    };
    target.addEventListener('pointerdown', unlock);
    target.addEventListener('keydown', unlock);
  }

  /** 'running', 'suspended', 'closed', or 'none' without Web Audio. */
  get state(): string {
    return this.context?.state ?? 'none';
  }

  /** Schedules the kind's tone; returns the context state it was played in. */
  play(kind: AlertRuleKind, volume: number): string {
    const context = this.context;
    if (!context) return 'none';
    if (context.state === 'suspended') void context.resume();
    const level = Math.max(0, Math.min(1, volume)) * MASTER;
    if (level === 0) return context.state;
    const t0 = context.currentTime + 0.02;
    for (const note of ALERT_TONES[kind]) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = note.wave;
      oscillator.frequency.value = note.frequency;
      const start = t0 + note.start;
      const end = start + note.duration;
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(level * note.gain, start + ATTACK_S);
      // Exponential decay sounds like a struck tone; it cannot reach 0, hence the tiny floor.
      gain.gain.exponentialRampToValueAtTime(0.0001, end);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(end + 0.02);
    }
    return context.state;
  }
}
