// One underlying: a geometric Brownian motion in fixed 100 ms steps of simulated time, the Level 1
// equity quote it implies, and the CHART_EQUITY minute bars it completes.
import type { Bar, EquityQuote } from '../../../shared/domain/market.ts';
import { chartDayOf, chartMinuteIndex, etMsSinceMidnight } from '../../../shared/time/eastern.ts';
import { gaussian, randomInt } from '../../util/random.ts';
import type { Random } from '../../util/random.ts';
import { hashString, randomFor } from './keyed-random.ts';
import type { UnderlyingProfile } from './profiles.ts';

export const STEP_MS = 100;
const MINUTE_MS = 60_000;
/** Volatility is quoted per trading year; the path moves only in trading time (252 x 6.5 h). */
const TRADING_YEAR_MS = 252 * 6.5 * 3_600_000;
const STEPS_PER_SESSION = (6.5 * 3_600_000) / STEP_MS;
const OPEN_MS = 9.5 * 3_600_000;
const SESSION_MS = 6.5 * 3_600_000;

interface WorkingBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export class UnderlyingSim {
  readonly symbol: string;
  readonly profile: UnderlyingProfile;
  /** Spot at the start of the simulated day; the option smile is centred on it (sticky strike). */
  readonly referenceSpot: number;
  spot: number;
  /** Steps taken since the start; option theos are cached against it. */
  stepIndex = 0;
  /** Time of the latest step (the start before the first). */
  stepTime: number;
  private readonly stepVol: number;
  private readonly sharesPerStep: number;
  private readonly quote: Required<Pick<EquityQuote,
    'bid' | 'ask' | 'last' | 'bidSize' | 'askSize' | 'volume' | 'lastSize' | 'high' | 'low' | 'close' | 'open' | 'quoteTime' | 'tradeTime'>>;
  private readonly bars: Bar[] = [];
  private barSeq = 0;
  private bar: WorkingBar | null = null;

  constructor(profile: UnderlyingProfile, start: number, seed: number) {
    this.symbol = profile.symbol;
    this.profile = profile;
    const random = randomFor(seed, hashString(profile.symbol), 1);
    this.spot = profile.price * Math.exp(0.01 * gaussian(random));
    this.referenceSpot = this.spot;
    this.stepTime = start;
    this.stepVol = profile.vol * Math.sqrt(STEP_MS / TRADING_YEAR_MS);
    this.sharesPerStep = profile.dailyShares / STEPS_PER_SESSION;
    const close = this.spot * Math.exp(0.01 * gaussian(random));
    const open = this.spot * Math.exp(0.004 * gaussian(random));
    const elapsed = Math.min(1, Math.max(0.02, (etMsSinceMidnight(start) - OPEN_MS) / SESSION_MS));
    const last = Math.round(this.spot * 100) / 100;
    this.quote = {
      bid: 0,
      ask: 0,
      last,
      bidSize: 0,
      askSize: 0,
      volume: Math.round(profile.dailyShares * elapsed * (0.7 + 0.6 * random())),
      lastSize: 100,
      high: Math.round(Math.max(open, last) * (1 + 0.004 * random()) * 100) / 100,
      low: Math.round(Math.min(open, last) * (1 - 0.004 * random()) * 100) / 100,
      close: Math.round(close * 100) / 100,
      open: Math.round(open * 100) / 100,
      quoteTime: start,
      tradeTime: start - randomInt(random, 1, 500),
    };
    this.requote(start, random, true);
  }

  /** One step of the path at `time`, drawing from the market's underlying stream. */
  step(time: number, random: Random): void {
    this.stepIndex++;
    this.stepTime = time;
    const sigma = this.stepVol;
    this.spot *= Math.exp(-0.5 * sigma * sigma + sigma * gaussian(random));
    this.rollBar(time);
    this.requote(time, random, false);
    if (random() < 0.55) this.trade(time, random);
  }

  equityQuote(): EquityQuote {
    const q = this.quote;
    return {
      symbol: this.symbol,
      ...q,
      netChange: Math.round((q.last - q.close) * 100) / 100,
      mark: q.last,
      securityStatus: 'Normal',
    };
  }

  /** The stock's last trade price, what option quotes report as the underlying price. */
  get last(): number {
    return this.quote.last;
  }

  get previousClose(): number {
    return this.quote.close;
  }

  /** When the stock's quote last changed; option market makers requote on it. */
  get quoteTime(): number {
    return this.quote.quoteTime;
  }

  barsAfter(afterSeq: number): Bar[] {
    // Bars are in seq order, so a binary search finds the first one to send.
    let lo = 0;
    let hi = this.bars.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.bars[mid] as Bar).seq <= afterSeq) lo = mid + 1;
      else hi = mid;
    }
    return this.bars.slice(lo).map((b) => ({ ...b }));
  }

  private requote(time: number, random: Random, initial: boolean): void {
    const q = this.quote;
    const spread = this.profile.spreadCents;
    const bidCents = Math.floor(this.spot * 100 - spread / 2);
    const bid = bidCents / 100;
    const ask = (bidCents + spread) / 100;
    let changed = bid !== q.bid || ask !== q.ask;
    if (initial || changed || random() < 0.3) {
      const bidSize = 100 * randomInt(random, 1, 30);
      const askSize = 100 * randomInt(random, 1, 30);
      changed ||= bidSize !== q.bidSize || askSize !== q.askSize;
      q.bidSize = bidSize;
      q.askSize = askSize;
    }
    q.bid = bid;
    q.ask = ask;
    if (changed && !initial) q.quoteTime = time;
  }

  private trade(time: number, random: Random): void {
    const q = this.quote;
    const bidCents = Math.round(q.bid * 100);
    const price = (bidCents + randomInt(random, 0, Math.round((q.ask - q.bid) * 100))) / 100;
    // One step stands for many prints; last size is the final one, volume counts them all.
    const lastSize = 100 * randomInt(random, 1, 5);
    const shares = lastSize + Math.round(2 * this.sharesPerStep * random());
    q.last = price;
    q.lastSize = lastSize;
    q.volume += shares;
    q.tradeTime = time;
    q.high = Math.max(q.high, price);
    q.low = Math.min(q.low, price);
    const bar = this.bar;
    if (bar) {
      bar.high = Math.max(bar.high, price);
      bar.low = Math.min(bar.low, price);
      bar.close = price;
      bar.volume += shares;
    }
  }

  /** Completes the bar of the minute before `time` when `time` starts a new minute. */
  private rollBar(time: number): void {
    const minuteStart = Math.floor(time / MINUTE_MS) * MINUTE_MS;
    const bar = this.bar;
    if (bar && bar.time === minuteStart) return;
    if (bar && chartMinuteIndex(bar.time) >= 0) {
      this.bars.push({
        symbol: this.symbol,
        seq: ++this.barSeq,
        minuteIndex: chartMinuteIndex(bar.time),
        time: bar.time,
        open: bar.open,
        high: bar.high,
        low: bar.low,
        close: bar.close,
        volume: bar.volume,
        chartDay: chartDayOf(bar.time),
      });
    }
    const last = this.quote.last;
    this.bar = { time: minuteStart, open: last, high: last, low: last, close: last, volume: 0 };
  }
}
