import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLOW_KINDS, SIDE_RULES } from '../domain/flow.ts';
import { DEFAULT_FLOW_SETTINGS } from '../domain/settings.ts';
import { KIND_CONFIDENCE } from './kind.ts';
import { SIDE_CONFIDENCE } from './side.ts';

// The rules are published to users as FLOW-RULES.md: the code and the document must agree.
const doc = readFileSync(new URL('./FLOW-RULES.md', import.meta.url), 'utf8');
const kindSource = readFileSync(new URL('./kind.ts', import.meta.url), 'utf8');

describe('FLOW-RULES.md', () => {
  it('names every side rule and kind the code records', () => {
    for (const rule of SIDE_RULES.filter((r) => r !== 'NONE' && r !== 'QUOTE')) expect(doc).toContain(`\`${rule}\``);
    for (const kind of FLOW_KINDS) expect(doc).toContain(`\`${kind}\``);
  });

  it('names every kind rule the code can record', () => {
    const rules = [...kindSource.matchAll(/result\('[A-Z]+', '([A-Z_]+)'/g)].map((m) => m[1]);
    expect(rules.length).toBeGreaterThan(5);
    for (const rule of new Set(rules)) expect(doc, rule).toContain(`\`${rule}\``);
  });

  it('states the default thresholds and confidences the code uses', () => {
    expect(doc).toContain(`\`clusterWindowMs\` (default ${DEFAULT_FLOW_SETTINGS.clusterWindowMs} ms`);
    expect(doc).toContain(`\`blockMinContracts\` (default ${DEFAULT_FLOW_SETTINGS.blockMinContracts})`);
    expect(doc).toContain(`\`whaleMinPremium\` (default $${DEFAULT_FLOW_SETTINGS.whaleMinPremium.toLocaleString('en-US')})`);
    for (const value of [SIDE_CONFIDENCE.outsideQuote, SIDE_CONFIDENCE.midByMidpoint, SIDE_CONFIDENCE.midByDepth, KIND_CONFIDENCE.sweepByBook, KIND_CONFIDENCE.splitConflated]) {
      expect(doc).toContain(value.toFixed(2));
    }
  });
});
