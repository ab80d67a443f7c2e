// GET /marketdata/v1/pricehistory (docs/schwab-streaming.md §2): daily candles of a simulated
// underlying. The simulator has no past, so the days before today are a seeded walk at the
// underlying's own volatility that ends next to today's price: the same answer for the same
// symbol and day, whatever was asked before.
import type { SchwabCandle, SchwabPriceHistory } from '../../schwab/rest-types.ts';
import { civilFromDays, daysFromCivil, etDateString, etMidnight, formatCalendarDate, parseCalendarDate } from '../../../shared/time/eastern.ts';
import { gaussian, seededRandom } from '../../util/random.ts';
import type { SimulatorMarket } from '../market/market.ts';
import { profileOf } from '../market/profiles.ts';

const TRADING_DAYS = { month: 21, year: 252 } as const;
/** The periods Schwab accepts for each period type (its OpenAPI description of pricehistory). */
const PERIODS: Record<keyof typeof TRADING_DAYS, readonly number[]> = { month: [1, 2, 3, 6], year: [1, 2, 3, 5, 10, 15, 20] };

export type PriceHistoryCheck = { ok: true; answer: SchwabPriceHistory } | { ok: false; status: 400 | 404; problem: string };

/** Daily candles for `periodType` month or year and `period` of them, completed days only. */
export function priceHistory(market: SimulatorMarket, params: URLSearchParams): PriceHistoryCheck {
  const symbol = (params.get('symbol') ?? '').toUpperCase();
  if (!symbol) return { ok: false, status: 400, problem: 'symbol is required' };
  const periodType = params.get('periodType') ?? 'month';
  if (periodType !== 'month' && periodType !== 'year') return { ok: false, status: 400, problem: 'the simulator serves periodType month or year' };
  if ((params.get('frequencyType') ?? 'daily') !== 'daily' || (params.get('frequency') ?? '1') !== '1') return { ok: false, status: 400, problem: 'the simulator serves daily candles only (frequencyType=daily, frequency=1)' };
  const period = Number(params.get('period') ?? '1');
  if (!PERIODS[periodType].includes(period)) return { ok: false, status: 400, problem: `period for ${periodType} must be one of ${PERIODS[periodType].join(', ')}` };
  const quote = market.equityQuote(symbol);
  const spot = quote?.last ?? quote?.mark;
  if (!market.underlyings.includes(symbol) || spot === undefined) return { ok: false, status: 404, problem: `no price history for ${symbol}` };
  const today = etDateString(market.now());
  return { ok: true, answer: { symbol, empty: false, candles: walk(symbol, spot, today, TRADING_DAYS[periodType] * period) } };
}

/** `n` weekday candles before `today`, oldest first, the last close within a day's move of `spot`. */
function walk(symbol: string, spot: number, today: string, n: number): SchwabCandle[] {
  const profile = profileOf(symbol);
  const random = seededRandom(hash(`${symbol}|${today}`));
  const daily = profile.vol / Math.sqrt(252);
  const days: string[] = [];
  const { year, month, day } = parseCalendarDate(today);
  for (let d = daysFromCivil(year, month, day) - 1; days.length < n; d--) {
    const wd = (((d + 4) % 7) + 7) % 7;
    if (wd !== 0 && wd !== 6) days.push(formatCalendarDate(civilFromDays(d)));
  }
  const closes: number[] = [];
  let close = spot * Math.exp(daily * gaussian(random));
  for (let i = 0; i < n; i++) {
    closes.push(close);
    close *= Math.exp(-daily * gaussian(random));
  }
  const candles: SchwabCandle[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const c = round(closes[i] as number);
    const open = round(i + 1 < n ? (closes[i + 1] as number) : c);
    const reach = 1 + daily * 0.5 * random();
    candles.push({ open, high: round(Math.max(open, c) * reach), low: round(Math.min(open, c) / reach), close: c, volume: Math.round(profile.dailyShares * (0.7 + 0.6 * random())), datetime: etMidnight(days[i] as string) });
  }
  return candles;
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
