import { describe, expect, it } from 'vitest';
import type { OptionQuote } from '../../shared/domain/market.ts';
import { decodeOptionFields, encodeOptionFields, type DecodeProblems } from './fields.ts';
import { carriedOptionFields, decodeOptionInto, emptyOptionChanges } from './option-update-decode.ts';
import type { DataItem } from './protocol.ts';

const KEY = 'SPY   241129C00450000';

/** A small deterministic generator: the same items on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

/** Every field number 0..40 (known or not), with good, wrong-typed and odd values. */
function randomItem(rand: () => number): DataItem {
  const values: unknown[] = [1.25, 0, -3, 17, 'C', 'P', 'X', 'text', null, true, Number.NaN, { a: 1 }, [1], '2.5'];
  const item: DataItem = { key: KEY };
  for (let n = 0; n <= 40; n++) if (rand() < 0.4) item[n] = values[Math.floor(rand() * values.length)];
  if (rand() < 0.2) item.delayed = rand() < 0.5;
  if (rand() < 0.1) item.delayed = 'yes';
  if (rand() < 0.1) item.assetMainType = 'OPTION';
  if (rand() < 0.1) item['02'] = 4;
  return item;
}

describe('decodeOptionInto', () => {
  it('decodes exactly what the OPTION_FIELDS table decodes, in the same key order, and merges it', () => {
    const rand = lcg(7);
    const quote: OptionQuote = { symbol: KEY };
    // One object overwritten by every item, as the frame processor uses it.
    const out = emptyOptionChanges();
    const expected: Record<string, unknown> = { symbol: KEY };
    for (let i = 0; i < 2000; i++) {
      const item = randomItem(rand);
      const byTable: DecodeProblems = { badFields: 0 };
      const unrolled: DecodeProblems = { badFields: 0 };
      const changed = decodeOptionFields(item, byTable);
      const into = decodeOptionInto(item, unrolled, quote, out);
      expect(into).toBe(out);
      expect(JSON.stringify(into)).toBe(JSON.stringify(changed));
      expect(carriedOptionFields(into)).toStrictEqual(changed);
      expect(unrolled.badFields).toBe(byTable.badFields);
      Object.assign(expected, changed);
      expect(JSON.stringify(quote)).toBe(JSON.stringify(expected));
    }
  });

  it('reads back every field the simulator encodes', () => {
    const values: Omit<OptionQuote, 'symbol'> = {
      description: 'SPY Nov 29 2024 450 Call',
      bid: 1.2,
      ask: 1.25,
      volume: 10,
      right: 'C',
      underlying: 'SPY',
      delta: 0.5,
      quoteTime: 1_700_000_000_000,
      tradeTime: 1_700_000_000_001,
    };
    const quote: OptionQuote = { symbol: KEY };
    const problems: DecodeProblems = { badFields: 0 };
    const changed = decodeOptionInto({ key: KEY, ...encodeOptionFields(values, null) }, problems, quote, emptyOptionChanges());
    expect(carriedOptionFields(changed)).toStrictEqual(values);
    expect(quote).toEqual({ symbol: KEY, ...values });
    expect(problems.badFields).toBe(0);
  });
});
