import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLUSTER_JOIN_FRACTION, CLUSTER_MAX, CLUSTER_MIN_FLOWS, CLUSTER_MIN_MULTIPLE, CLUSTER_MIN_SHARE } from './strike-clusters.ts';
import { GEX_MOVE, GEX_MULTIPLIER } from './gamma-exposure.ts';

// Positioning's published rules (FLOW-RULES.md §12) and the code must agree.
const doc = readFileSync(new URL('./FLOW-RULES.md', import.meta.url), 'utf8');
// Line breaks in the prose are the editor's; the words are what is checked.
const section = doc.slice(doc.indexOf('## 12. Positioning')).replace(/\s+/g, ' ');

describe('FLOW-RULES.md §12 Positioning', () => {
  it('exists, after §7', () => {
    expect(doc.indexOf('## 12. Positioning')).toBeGreaterThan(doc.indexOf('## 7. Book events'));
  });

  it('states every clustering threshold with its value', () => {
    const constants = { CLUSTER_MIN_SHARE, CLUSTER_MIN_MULTIPLE, CLUSTER_MIN_FLOWS, CLUSTER_JOIN_FRACTION, CLUSTER_MAX };
    for (const [name, value] of Object.entries(constants)) expect(section, name).toContain(`\`${name}\` = ${value}`);
  });

  it('states the GEX formula, its constants and the sign convention', () => {
    expect(section).toContain('GEX = gamma x open interest x 100 x spot^2 x 0.01');
    expect(section).toContain(`\`GEX_MULTIPLIER\` = ${GEX_MULTIPLIER}`);
    expect(section).toContain(`\`GEX_MOVE\` = ${GEX_MOVE}`);
    expect(section).toContain('Sign convention: calls positive, puts negative');
  });
});
