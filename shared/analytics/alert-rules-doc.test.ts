// FLOW-RULES.md §13 states the presets' thresholds and the cap's window the code uses.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALERT_FLOW_FLAGS, ALERT_RULE_KINDS } from '../domain/session.ts';
import { ALERT_PRESETS, GOLDEN_SWEEP_MIN_PREMIUM, REPEATED_HITS_PER_HOUR, SPREAD_BLOWOUT_PERCENT, UNUSUAL_COOLDOWN_MS } from './alert-presets.ts';

const doc = readFileSync(new URL('./FLOW-RULES.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('## 13. Alert rules'));
const gate = readFileSync(new URL('../../src-main/alerts/alert-gate.ts', import.meta.url), 'utf8');

describe('FLOW-RULES.md §13', () => {
  it('names every rule kind, flag and preset', () => {
    expect(section.length).toBeGreaterThan(1000);
    for (const kind of ALERT_RULE_KINDS) expect(section, kind).toContain(`\`${kind}\``);
    for (const flag of ALERT_FLOW_FLAGS) expect(section, flag).toContain(`\`${flag}\``);
    for (const preset of ALERT_PRESETS) expect(section, preset.label).toContain(`| ${preset.label} |`);
  });

  it('states the thresholds the code uses', () => {
    expect(section).toContain(`\`GOLDEN_SWEEP_MIN_PREMIUM\` = $${GOLDEN_SWEEP_MIN_PREMIUM.toLocaleString('en-US')}`);
    expect(section).toContain(`\`SPREAD_BLOWOUT_PERCENT\` = ${SPREAD_BLOWOUT_PERCENT}%`);
    expect(section).toContain(`\`REPEATED_HITS_PER_HOUR\` = ${REPEATED_HITS_PER_HOUR} `);
    expect(section).toContain(`\`UNUSUAL_COOLDOWN_MS\` = ${UNUSUAL_COOLDOWN_MS.toLocaleString('en-US')} ms`);
    const hour = /export const HOUR_MS = ([0-9_]+);/.exec(gate)?.[1]?.replace(/_/g, '');
    expect(section).toContain(`\`HOUR_MS\` = ${Number(hour).toLocaleString('en-US')} ms`);
  });
});
