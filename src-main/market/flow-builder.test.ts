import { describe, expect, it } from 'vitest';
import type { FlowEvidence } from '../../shared/domain/flow.ts';
import { senderOf, type SenderInput } from '../../shared/analytics/sender.ts';
import { withSenderRule } from './flow-builder.ts';

const input: SenderInput = { size: 250, premium: 180_000, side: 'ASK', kind: 'SWEEP', prints: 3, spreadLeg: false, time: Date.UTC(2026, 10, 24, 15, 0, 0) };

function evidence(): FlowEvidence {
  return withSenderRule({ prints: [], reasons: ['250 @ 7.2: at the ask'], kindRule: 'PRICE_WALK: price walked 7.1 → 7.2' }, input);
}

describe('withSenderRule', () => {
  it('reads as an ordinary enumerable property with the sender rule words, and nothing else shows', () => {
    const e = evidence();
    expect(Object.keys(e)).toEqual(['prints', 'reasons', 'kindRule', 'senderRule']);
    expect(e.senderRule).toBe(senderOf(input).reason);
    expect(JSON.parse(JSON.stringify(e))).toEqual({ prints: [], reasons: ['250 @ 7.2: at the ask'], kindRule: 'PRICE_WALK: price walked 7.1 → 7.2', senderRule: senderOf(input).reason });
    expect(Object.getOwnPropertySymbols(e).filter((s) => Object.getOwnPropertyDescriptor(e, s)?.enumerable)).toEqual([]);
  });

  it('survives a spread and a structured clone as plain data', () => {
    const e = evidence();
    const spread = { ...e };
    expect(Object.getOwnPropertyDescriptor(spread, 'senderRule')?.value).toBe(senderOf(input).reason);
    expect(structuredClone(e)).toEqual({ ...spread });
  });

  it('builds the words once per evidence, and each evidence its own', () => {
    const a = evidence();
    const first = a.senderRule;
    expect(a.senderRule).toBe(first);
    const b = withSenderRule({ prints: [], reasons: [], kindRule: 'DEFAULT: one print' }, { ...input, size: 1, premium: 40, kind: 'SINGLE', prints: 1 });
    expect(b.senderRule).not.toBe(first);
    expect(b.senderRule).toBe(senderOf({ ...input, size: 1, premium: 40, kind: 'SINGLE', prints: 1 }).reason);
    expect(Object.isFrozen(Object.freeze(evidence())) && Object.freeze(evidence()).senderRule).toBe(first);
  });
});
