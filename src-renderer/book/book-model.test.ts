import { describe, expect, it } from 'vitest';
import { api } from '../../shared/ipc/index.ts';
import type { BookTimeline } from '../../shared/domain/book-events.ts';
import { MONTAGE_COLUMNS } from './book-model.ts';
import { scriptedHost, SYMBOL } from './book-host.testkit.ts';
import { T0, touchColumn } from './timeline.testkit.ts';

const col = (i: number, cboe = 10) => touchColumn(T0 + i * 1000, [1.2, { CBOE: cboe, ISEX: 5 }], [1.25, { PHLX: 7 }]);
const tl = (columns: BookTimeline['columns'], more: Partial<BookTimeline> = {}): BookTimeline => ({ symbol: SYMBOL, columns, prints: [], events: [], ...more });
const times = (host: ReturnType<typeof scriptedHost>) => host.model.timeline.get().buffer.columns.map((c) => (c.time - T0) / 1000);

describe('BookModel book history', () => {
  it('loads the history after subscribing, keeping pushes that crossed the request', async () => {
    const host = scriptedHost();
    host.model.start();
    host.setLink('open');
    await host.settle();
    expect(host.sent.indexOf(api.books.timeline.channel)).toBeGreaterThan(host.sent.indexOf(api.books.subscribe.channel));
    host.push(tl([col(3)]));
    host.answerTimeline(tl([col(1), col(2)]));
    await host.settle();
    expect(times(host)).toEqual([1, 2, 3]);
    expect(host.model.ready.get()).toBe(true);
  });

  it('applies its own pushes, ignores another contract, and starts afresh on a reset push', async () => {
    const host = scriptedHost();
    host.model.start();
    host.setLink('open');
    await host.settle();
    host.answerTimeline(tl([col(1)]));
    await host.settle();
    host.push(tl([col(2)]));
    host.push({ ...tl([col(9)]), symbol: 'QQQ   260116C00500000' });
    expect(times(host)).toEqual([1, 2]);
    host.push(tl([col(50)], { reset: true }));
    expect(times(host)).toEqual([50]);
  });

  it('loads the history again after a reconnect, replacing what it held', async () => {
    const host = scriptedHost();
    host.model.start();
    host.setLink('open');
    await host.settle();
    host.answerTimeline(tl([col(1), col(2)]));
    await host.settle();
    host.setLink('connecting');
    host.setLink('open');
    await host.settle();
    host.answerTimeline(tl([col(5)]));
    await host.settle();
    expect(times(host)).toEqual([5]);
    expect(host.emitted.filter((e) => e.name === 'ready')).toHaveLength(2);
  });

  it('notifies once per frame however many pushes arrive', async () => {
    const host = scriptedHost();
    host.model.start();
    host.setLink('open');
    await host.settle();
    host.answerTimeline(tl([]));
    await host.settle();
    host.frame();
    let notified = 0;
    host.model.timeline.subscribe(() => notified++);
    for (let i = 0; i < 5; i++) host.push(tl([col(i)]));
    host.frame();
    expect(notified).toBe(1);
  });

  it('exposes the heat map and montage drawn from what it holds', async () => {
    const host = scriptedHost();
    host.model.start();
    host.setLink('open');
    await host.settle();
    host.answerTimeline(tl([col(1, 10), col(2, 30)]));
    await host.settle();
    const heat = host.read('heatmap') as { layout: string; rows: { key: string }[]; columns: unknown[] };
    expect(heat.layout).toBe('venues');
    expect(heat.rows.map((r) => r.key)).toEqual(['bid:CBOE', 'bid:ISEX', 'ask:PHLX']);
    expect(heat.columns).toHaveLength(2);
    const montage = host.read('montage') as { at: number; bid: { venue: string; size: number; mark: string | null }[] };
    expect(montage.at).toBe(T0 + 2000);
    expect(montage.bid.map((r) => [r.venue, r.size, r.mark])).toEqual([
      ['CBOE', 30, 'grew'],
      ['ISEX', 5, null],
    ]);
  });

  it('reads the montage from the last MONTAGE_COLUMNS snapshots of a long history, saying since when', async () => {
    const host = scriptedHost();
    host.model.start();
    host.setLink('open');
    await host.settle();
    const many = Array.from({ length: MONTAGE_COLUMNS + 50 }, (_, i) => col(i));
    host.answerTimeline(tl(many));
    await host.settle();
    const montage = host.read('montage') as { since: number; bid: { venue: string; size: number; atTouchSince: number }[] };
    expect(montage.since).toBe(T0 + 50 * 1000);
    expect(montage.bid.map((r) => [r.venue, r.size, r.atTouchSince])).toEqual([
      ['CBOE', 10, T0 + 50 * 1000],
      ['ISEX', 5, T0 + 50 * 1000],
    ]);
  });
});
