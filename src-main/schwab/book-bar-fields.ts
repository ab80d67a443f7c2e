// Field maps of OPTIONS_BOOK and CHART_EQUITY (docs/schwab-streaming.md §4), both ways: the
// client decodes them, the simulator encodes them. The Level 1 tables are in fields.ts.
import type { Bar, Book, BookLevel, BookVenue } from '../../shared/domain/market.ts';
import { isRecord, type DataItem } from './protocol.ts';

// --- books (delivery "Whole": each message replaces the book) ----------------------------

const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A book with a price, size or venue size that is not a finite number is refused whole. Times
 * and the venue count are only labels, so one that is not a finite number (JSON's 1e999 is
 * Infinity) falls back as a missing one does: the receive time, 0, the venues' count.
 */
export function decodeBook(item: DataItem, receivedAt: number): Book | null {
  const time = item['1'];
  const bids = decodeLevels(item['2']);
  const asks = decodeLevels(item['3']);
  if (bids === null || asks === null) return null;
  return { symbol: item.key, time: isFiniteNumber(time) ? time : receivedAt, receivedAt, bids, asks };
}

function decodeLevels(value: unknown): BookLevel[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return null;
  const levels: BookLevel[] = [];
  for (const raw of value) {
    if (!isRecord(raw)) return null;
    const price = raw['0'];
    const size = raw['1'];
    if (!isFiniteNumber(price) || !isFiniteNumber(size)) return null;
    const venues = decodeVenues(raw['3']);
    if (venues === null) return null;
    const count = raw['2'];
    levels.push({ price, size, venueCount: isFiniteNumber(count) ? count : venues.length, venues });
  }
  return levels;
}

function decodeVenues(value: unknown): BookVenue[] | null {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return null;
  const venues: BookVenue[] = [];
  for (const raw of value) {
    if (!isRecord(raw) || typeof raw['0'] !== 'string' || !isFiniteNumber(raw['1'])) return null;
    const time = raw['2'];
    venues.push({ venue: raw['0'], size: raw['1'], quoteTimeEtMs: isFiniteNumber(time) ? time : 0 });
  }
  return venues;
}

export function encodeBook(book: Pick<Book, 'symbol' | 'time' | 'bids' | 'asks'>): DataItem {
  const level = (l: BookLevel) => ({
    '0': l.price,
    '1': l.size,
    '2': l.venueCount,
    '3': l.venues.map((v) => ({ '0': v.venue, '1': v.size, '2': v.quoteTimeEtMs })),
  });
  return { key: book.symbol, '1': book.time, '2': book.bids.map(level), '3': book.asks.map(level) };
}

// --- CHART_EQUITY (delivery "All Sequence"; live numbering) -------------------------------

/**
 * seq (or, without one, the minute index) orders the bars and drops repeats: the highest seen per
 * symbol outlives reconnects. So both must be whole numbers; a bar whose seq is there but is not
 * one (1e999 reads as Infinity, 1e300 as a number no long can be) is refused rather than let it
 * hide every later bar of its symbol.
 */
export function decodeBar(item: DataItem): Bar | null {
  const n = (k: string) => (typeof item[k] === 'number' && Number.isFinite(item[k]) ? (item[k] as number) : null);
  const minuteIndex = Number.isSafeInteger(item['1']) ? (item['1'] as number) : null;
  if (item.seq !== undefined && !Number.isSafeInteger(item.seq)) return null;
  const open = n('2');
  const high = n('3');
  const low = n('4');
  const close = n('5');
  const volume = n('6');
  const time = n('7');
  const chartDay = n('8');
  const seq = item.seq as number | undefined;
  if (minuteIndex === null || open === null || high === null || low === null || close === null || time === null) return null;
  return {
    symbol: item.key,
    seq: seq ?? minuteIndex,
    minuteIndex,
    time,
    open,
    high,
    low,
    close,
    volume: volume ?? 0,
    chartDay: chartDay ?? Math.floor(time / 86_400_000),
  };
}

export function encodeBar(bar: Bar): DataItem {
  return {
    '1': bar.minuteIndex,
    '2': bar.open,
    '3': bar.high,
    '4': bar.low,
    '5': bar.close,
    '6': bar.volume,
    '7': bar.time,
    '8': bar.chartDay,
    seq: bar.seq,
    key: bar.symbol,
  };
}
