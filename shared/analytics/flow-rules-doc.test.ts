import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLOW_KINDS, SIDE_RULES } from '../domain/flow.ts';
import { DEFAULT_FLOW_SETTINGS } from '../domain/settings.ts';
import { BOOK_EVENT_KINDS, TIMELINE_LEVELS, TIMELINE_SPAN_MS } from '../domain/book-events.ts';
import { DEFAULT_BOOK_EVENT_RULES } from './book-event-rules.ts';
import { MONTAGE_MARK_MS } from './venue-montage.ts';
import { UNCERTAIN_VENUE_CODES, VENUE_NAMES, venueTitle } from './venue-names.ts';
import { CONFLATED_BLOCK_MIN_SHARE, KIND_CONFIDENCE } from './kind.ts';
import { SIDE_CONFIDENCE } from './side.ts';
import { NEXT_DAY_MATCH_SHARE } from './next-day.ts';
import { POSITION_EFFECTS } from '../domain/next-day.ts';
import {
  SENDER_CLOSE_MINUTES, SENDER_FLOOR, SENDER_LARGE_PREMIUM, SENDER_LARGE_SIZE, SENDER_LEAN, SENDER_MEDIUM_PREMIUM, SENDER_MEDIUM_SIZE,
  SENDER_OPEN_MINUTES, SENDER_ROUND_LOT, SENDER_SMALL_PREMIUM, SENDER_SMALL_SIZE, SENDER_TINY_SIZE, SENDER_WEIGHTS,
} from './sender.ts';

// The rules are published to users as FLOW-RULES.md: the code and the document must agree.
const doc = readFileSync(new URL('./FLOW-RULES.md', import.meta.url), 'utf8');
const kindSource = readFileSync(new URL('./kind.ts', import.meta.url), 'utf8');
const bookEventTypes = readFileSync(new URL('../domain/book-events.ts', import.meta.url), 'utf8');
// The engine's switches and constants, read as text (shared/ may not import src-main/).
// The switchable rules and the engine's windows live in flow-rules.ts since the engine was split.
const engineSource = readFileSync(new URL('../../src-main/market/flow-rules.ts', import.meta.url), 'utf8');
const legSource = readFileSync(new URL('../../src-main/market/spread-legs.ts', import.meta.url), 'utf8');
const confirmerSource = readFileSync(new URL('../../src-main/market/next-day-confirmer.ts', import.meta.url), 'utf8');
const constant = (source: string, name: string): string => {
  const m = new RegExp(`export const ${name}(?:: [A-Za-z]+)? = ([^;]+);`).exec(source);
  if (!m) throw new Error(`no constant ${name}`);
  return m[1] as string;
};

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
    for (const value of [SIDE_CONFIDENCE.outsideQuote, SIDE_CONFIDENCE.midByMidpoint, SIDE_CONFIDENCE.midByDepth, SIDE_CONFIDENCE.tradeSize, KIND_CONFIDENCE.sweepByBook, KIND_CONFIDENCE.splitConflated]) {
      expect(doc).toContain(value.toFixed(2));
    }
  });

  it('names every version 3 switch, leg rule and threshold the engine uses', () => {
    const rules = /export interface FlowRules \{([\s\S]*?)\n\}/.exec(engineSource)?.[1] ?? '';
    const switches = [...rules.matchAll(/^\s+([a-zA-Z]+): /gm)].map((m) => m[1] as string);
    expect(switches.length).toBeGreaterThan(6);
    for (const name of switches) expect(doc, name).toContain(`\`${name}\``);
    for (const rule of ['LEG_OUTSIDE', 'LEG_TIME_SIZE', 'CONFLATED_BLOCK', 'BUST']) expect(doc, rule).toContain(`\`${rule}`);
    const minSide = /minSideConfidence: ([0-9.]+),\n {2}measuredWindow: true/.exec(engineSource)?.[1];
    expect(doc).toContain(`(\`minSideConfidence\`, ${minSide})`);
    expect(doc).toContain(`at least ${Math.round(CONFLATED_BLOCK_MIN_SHARE * 100)}% (\`CONFLATED_BLOCK_MIN_SHARE\`)`);
    expect(doc).toContain(`at most ${constant(legSource, 'LEG_TIME_WINDOW_MS')} ms apart (\`LEG_TIME_WINDOW_MS\``);
    expect(doc).toContain(`at least ${constant(legSource, 'LEG_MIN_SIZE')} contracts`);
    expect(constant(engineSource, 'BUST_LOOKBACK_MS')).toBe('30 * 60_000');
    expect(doc).toContain('30 minutes (`BUST_LOOKBACK_MS`)');
    expect(doc).toContain(`between ${constant(engineSource, 'MIN_CLUSTER_WINDOW_MS')} ms and \`clusterWindowMs\``);
  });
});

describe('FLOW-RULES.md §7 Book events', () => {
  const section = doc.slice(doc.indexOf('## 7. Book events (OPTIONS_BOOK over time)'));

  it('comes after §6 and names every rule and kind the detector records', () => {
    expect(doc.indexOf('## 7. Book events')).toBeGreaterThan(doc.indexOf('## 6. Book analytics'));
    const rules = [...(/export type BookEventRule =([\s\S]*?);/.exec(bookEventTypes)?.[1] ?? '').matchAll(/'([A-Z_]+)'/g)].map((m) => m[1] as string);
    expect(rules).toHaveLength(5);
    for (const rule of rules) expect(section, rule).toContain(`(\`${rule}\`)`);
    for (const kind of BOOK_EVENT_KINDS) expect(section.toLowerCase(), kind).toContain(`- ${kind}`);
  });

  it('states every threshold of DEFAULT_BOOK_EVENT_RULES with its value', () => {
    const names = Object.keys(DEFAULT_BOOK_EVENT_RULES) as (keyof typeof DEFAULT_BOOK_EVENT_RULES)[];
    expect(names.length).toBeGreaterThan(8);
    for (const name of names) expect(section, name).toContain(`\`${name}\` = ${DEFAULT_BOOK_EVENT_RULES[name]}`);
    expect(section).toContain(`\`MONTAGE_MARK_MS\` = ${MONTAGE_MARK_MS} ms`);
    expect(section).toContain(`${TIMELINE_SPAN_MS / 60_000} minutes of market time (\`TIMELINE_SPAN_MS\`)`);
    expect(section).toContain(`the best ${TIMELINE_LEVELS} levels a side, \`TIMELINE_LEVELS\``);
  });

  it('has the venue names table of the code, and the codes shown as sent', () => {
    const rows = [...section.matchAll(/^\| ([A-Z]+) \| ([A-Z]+) \| ([^|]+) \|$/gm)].map((m) => [m[1], m[2], m[3]?.trim()]);
    expect(Object.fromEntries(rows.map(([code, name]) => [code, name]))).toEqual(VENUE_NAMES);
    for (const [code, , title] of rows) expect(venueTitle(code as string)).toBe(`${title} (${code})`);
    for (const code of UNCERTAIN_VENUE_CODES) expect(section).toContain(`\`${code}\``);
  });
});

describe('FLOW-RULES.md §9 Institutional or retail and §10 Opening confirmed the next day', () => {
  const nine = doc.slice(doc.indexOf('## 9. Institutional or retail'), doc.indexOf('## 10. Opening confirmed the next day'));
  const tenAt = doc.indexOf('## 10. Opening confirmed the next day');
  const tenEnd = doc.indexOf('\n## ', tenAt + 1);
  const ten = doc.slice(tenAt, tenEnd < 0 ? undefined : tenEnd);
  const signed = (w: number) => `${w > 0 ? '+' : ''}${w.toFixed(1)}`;

  it('come last, §9 before §10', () => {
    expect(doc.indexOf('## 9. Institutional or retail')).toBeGreaterThan(doc.indexOf('## 7. Book events'));
    expect(doc.indexOf('## 10. Opening confirmed the next day')).toBeGreaterThan(doc.indexOf('## 9. Institutional or retail'));
  });

  it('§9 states every threshold and weight the heuristic uses', () => {
    for (const [name, value] of Object.entries({ SENDER_LARGE_SIZE, SENDER_MEDIUM_SIZE, SENDER_SMALL_SIZE, SENDER_TINY_SIZE, SENDER_ROUND_LOT, SENDER_OPEN_MINUTES, SENDER_CLOSE_MINUTES, SENDER_FLOOR, SENDER_LEAN })) {
      expect(nine, name).toContain(`\`${name}\` = ${value}`);
    }
    for (const [name, value] of Object.entries({ SENDER_LARGE_PREMIUM, SENDER_MEDIUM_PREMIUM, SENDER_SMALL_PREMIUM })) expect(nine, name).toContain(`\`${name}\` = $${value.toLocaleString('en-US')}`);
    const rows = [...nine.matchAll(/\| ([+-]\d\.\d) \|$/gm)].map((m) => m[1]);
    expect(rows).toEqual(Object.values(SENDER_WEIGHTS).map(signed));
  });

  it('§10 states the match share, the REST budget and every label', () => {
    expect(ten).toContain(`\`NEXT_DAY_MATCH_SHARE\` = ${NEXT_DAY_MATCH_SHARE}`);
    expect(ten).toContain(`${NEXT_DAY_MATCH_SHARE} x flowSize`);
    expect(ten).toContain(`\`NEXT_DAY_REST_REQUESTS\` = ${constant(confirmerSource, 'NEXT_DAY_REST_REQUESTS')} requests of \`NEXT_DAY_REST_BATCH\` = ${constant(confirmerSource, 'NEXT_DAY_REST_BATCH')} contracts`);
    for (const label of POSITION_EFFECTS) expect(ten, label).toContain(`\`${label}\``);
  });
});
