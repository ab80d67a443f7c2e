import { describe, expect, it } from 'vitest';
import { ALERT_RULE_KINDS } from '../../shared/domain/session.ts';
import { ALERT_TONES, toneForSound, toneLength, toneSignature } from './alert-tones.ts';

describe('ALERT_TONES', () => {
  it('has a distinct tone for every rule kind', () => {
    const signatures = ALERT_RULE_KINDS.map((kind) => toneSignature(ALERT_TONES[kind]));
    expect(new Set(signatures).size).toBe(ALERT_RULE_KINDS.length);
  });

  it('keeps every tone short and audible', () => {
    for (const kind of ALERT_RULE_KINDS) {
      const notes = ALERT_TONES[kind];
      expect(notes.length).toBeGreaterThan(0);
      expect(toneLength(notes)).toBeLessThanOrEqual(1);
      for (const n of notes) {
        expect(n.frequency).toBeGreaterThanOrEqual(110);
        expect(n.frequency).toBeLessThanOrEqual(2000);
        expect(n.gain).toBeGreaterThan(0);
        expect(n.gain).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('toneForSound', () => {
  it('plays the chosen sound, the kind when unknown, nothing when silent', () => {
    expect(toneForSound('spread', 'WHALE')).toBe('SPREAD_WIDE');
    expect(toneForSound('mystery', 'WHALE')).toBe('WHALE');
    expect(toneForSound(undefined, 'PREMIUM_OVER')).toBe('PREMIUM_OVER');
    expect(toneForSound('', 'WHALE')).toBeNull();
  });
});
