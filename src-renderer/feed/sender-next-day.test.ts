// The feed's view of FLOW-RULES.md §9 (likely sender) and §10 (the next day's check): the Who
// column, the next-day badge and the two filters.
import { describe, expect, it } from 'vitest';
import { nextDayCheck } from '../../shared/analytics/next-day.ts';
import { DEFAULT_FEED_FILTER, type FeedFilter } from '../../shared/domain/app-settings.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { flagBadges, nextDayBadge, senderBadge } from './badges.ts';
import { feedFilterSchema } from '../../shared/ipc/settings.ts';
import { compileFilter, isOpenFilter, sameFilter } from '../../shared/analytics/flow-filter.ts';

const open: FeedFilter = { ...DEFAULT_FEED_FILTER, rights: ['C', 'P'], kinds: [...DEFAULT_FEED_FILTER.kinds], sides: [...DEFAULT_FEED_FILTER.sides], moneyness: [...DEFAULT_FEED_FILTER.moneyness], symbols: [] };
const opened = nextDayCheck({ oiBefore: 1_000, oiAfter: 1_950, flowSize: 1_000, dayTotal: 1_000, at: 0, source: 'stream' });
const closed = nextDayCheck({ oiBefore: 3_000, oiAfter: 2_000, flowSize: 1_000, dayTotal: 1_000, at: 0, source: 'rest' });

describe('the Who column', () => {
  it('shows the leaning side with its confidence, unsure in between, nothing for flows stored before', () => {
    expect(senderBadge(flowRow({ institutional: 0.82 }))).toMatchObject({ label: 'INST 82%', tone: 'flag' });
    expect(senderBadge(flowRow({ institutional: 0.1 }))).toMatchObject({ label: 'RTL 90%', tone: 'plain' });
    expect(senderBadge(flowRow({ institutional: 0.45 }))).toMatchObject({ label: '? 55%', tone: 'dim' });
    expect(senderBadge(flowRow({ institutional: 0.82 }))?.title).toContain('never a certainty');
    expect(senderBadge(flowRow())).toBeNull();
  });
});

describe('the next-day badge', () => {
  it('says what the next day confirmed, first among the flags, with the numbers in its title', () => {
    const row = flowRow({ nextDay: opened, whale: true });
    expect(nextDayBadge(row)).toMatchObject({ key: 'next-day', label: 'OPENED', tone: 'hot' });
    expect(nextDayBadge(row)?.title).toBe("Next day: opening. Open interest 1,000 → 1,950 (+950); this flow 1,000, the day's flows on the contract 1,000");
    expect(flagBadges(row).map((b) => b.key).slice(0, 2)).toEqual(['next-day', 'whale']);
    expect(nextDayBadge(flowRow({ nextDay: closed }))).toMatchObject({ label: 'CLOSED', tone: 'dim' });
    expect(nextDayBadge(flowRow({ nextDay: closed }))?.title).toContain('(-1,000)');
    expect(nextDayBadge(flowRow())).toBeNull();
  });
});

describe('the sender and confirmed-openers filters', () => {
  it('keep only flows leaning the chosen way (a flow without a confidence leans neither)', () => {
    const inst = compileFilter({ ...open, sender: 'INSTITUTIONAL' });
    const retail = compileFilter({ ...open, sender: 'RETAIL' });
    expect([0.9, 0.6, 0.5, 0.4, 0.1].map((p) => inst(flowRow({ institutional: p })))).toEqual([true, true, false, false, false]);
    expect([0.9, 0.6, 0.5, 0.4, 0.1].map((p) => retail(flowRow({ institutional: p })))).toEqual([false, false, false, true, true]);
    expect(inst(flowRow())).toBe(false);
    expect(compileFilter(open)(flowRow())).toBe(true);
  });

  it('keep only the flows the next day confirmed as opening', () => {
    const pass = compileFilter({ ...open, confirmedOpeners: true });
    expect(pass(flowRow({ nextDay: opened }))).toBe(true);
    expect(pass(flowRow({ nextDay: closed }))).toBe(false);
    expect(pass(flowRow({ nextDay: { ...opened, label: 'MIXED' } }))).toBe(false);
    expect(pass(flowRow())).toBe(false);
  });

  it('count as narrowing the feed and as a change of filter', () => {
    expect(isOpenFilter({ ...open, sender: 'RETAIL' })).toBe(false);
    expect(isOpenFilter({ ...open, confirmedOpeners: true })).toBe(false);
    expect(sameFilter(open, { ...open, sender: 'RETAIL' })).toBe(false);
    expect(sameFilter(open, { ...open, confirmedOpeners: true })).toBe(false);
  });

  it('load as Any and off from a filter saved before they existed, and refuse other values', () => {
    const { sender: _s, confirmedOpeners: _c, ...saved } = open;
    expect(feedFilterSchema.parse(saved)).toEqual(open);
    expect(feedFilterSchema.safeParse({ ...open, sender: 'WHALES' }).success).toBe(false);
    expect(feedFilterSchema.safeParse({ ...open, confirmedOpeners: 'yes' }).success).toBe(false);
  });
});
