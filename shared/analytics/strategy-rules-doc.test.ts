import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STRATEGY_TYPES } from '../domain/strategy.ts';
import { NEUTRAL_TYPES, STRATEGY_MAX_RATIO_TERM } from './strategy.ts';

// FLOW-RULES.md §8 publishes the strategy rules: the code and the document must agree.
const doc = readFileSync(new URL('./FLOW-RULES.md', import.meta.url), 'utf8');
const section = doc.slice(doc.indexOf('## 8. Multi-leg strategies'));
// The grouper's constants, read as text (shared/ may not import src-main/).
const grouper = readFileSync(new URL('../../src-main/market/strategy-grouper.ts', import.meta.url), 'utf8');
const constant = (name: string): string => {
  const m = new RegExp(`export const ${name} = ([^;]+);`).exec(grouper);
  if (!m) throw new Error(`no constant ${name}`);
  return m[1] as string;
};

describe('FLOW-RULES.md §8 Multi-leg strategies', () => {
  it('comes after §7 and names every type and the rule the grouper records', () => {
    expect(doc.indexOf('## 8. Multi-leg strategies')).toBeGreaterThan(doc.indexOf('## 7. Book events'));
    for (const type of STRATEGY_TYPES) expect(section, type).toContain(`| \`${type}\` |`);
    expect(section).toContain('`STRATEGY_TIME_RATIO`');
    expect(grouper).toContain("'STRATEGY_TIME_RATIO'");
  });

  it('states every threshold with the value the code uses', () => {
    expect(section).toContain(`\`STRATEGY_WINDOW_MS\` = ${constant('STRATEGY_WINDOW_MS')} ms`);
    expect(section).toContain(`\`STRATEGY_MIN_LEG_SIZE\` = ${constant('STRATEGY_MIN_LEG_SIZE')} contracts`);
    expect(section).toContain(`\`STRATEGY_MAX_RATIO_TERM\` = ${STRATEGY_MAX_RATIO_TERM}`);
    expect(section).toContain(`(\`NEUTRAL_TYPES\`: ${NEUTRAL_TYPES.map((t) => `\`${t}\``).join(', ')};`);
  });
});
