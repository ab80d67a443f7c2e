// Samples each underlying's at-the-money IV (FLOW-RULES.md §11) from the Level 1 option quotes
// and equity quotes a session receives, at most once per `everyMs` of stream time, so a live
// session samples where its frames say and a test needs no timers.
import { atmIvSample, isStandardMonthly, type AtmQuote } from '../../shared/analytics/atm-iv.ts';
import type { EquityQuoteUpdate, OptionContract, OptionQuoteUpdate } from '../../shared/domain/market.ts';
import type { IvSample } from '../../shared/domain/volatility.ts';
import { tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';

/** An underlying with no ATM quotes yet is tried again after this much stream time. */
export const RETRY_MS = 1000;

export interface AtmIvSamplerOptions {
  everyMs: number;
  onSample: (sample: IvSample) => void;
}

export class AtmIvSampler {
  private readonly options: AtmIvSamplerOptions;
  /** Per underlying, the monthly-expiry quotes by contract symbol. */
  private readonly quotes = new Map<string, Map<string, AtmQuote>>();
  private readonly spots = new Map<string, number>();
  /** An option quote's own underlying price, used while no equity quote has come. */
  private readonly optionSpots = new Map<string, number>();
  private readonly contracts = new Map<string, OptionContract | null>();
  private readonly sampledAt = new Map<string, number>();
  private readonly triedAt = new Map<string, number>();
  private readonly firstQuoteAt = new Map<string, number>();

  constructor(options: AtmIvSamplerOptions) {
    this.options = options;
  }

  onEquityQuote(u: EquityQuoteUpdate): void {
    const price = u.quote.last ?? u.quote.mark;
    if (price !== undefined && price > 0) this.spots.set(u.symbol, price);
  }

  onOptionQuote(u: OptionQuoteUpdate): void {
    const contract = this.contractOf(u.symbol);
    if (!contract) return;
    const underlying = u.quote.underlying ?? contract.root;
    if (u.quote.underlyingPrice !== undefined && u.quote.underlyingPrice > 0) this.optionSpots.set(underlying, u.quote.underlyingPrice);
    const iv = u.quote.iv;
    if (iv !== undefined && isStandardMonthly(contract.expiry)) {
      let map = this.quotes.get(underlying);
      if (!map) this.quotes.set(underlying, (map = new Map()));
      map.set(u.symbol, { expiry: contract.expiry, strike: contract.strike, right: contract.right, iv, at: u.receivedAt });
    }
    this.maybeSample(underlying, u.receivedAt);
  }

  private maybeSample(underlying: string, at: number): void {
    const last = this.sampledAt.get(underlying);
    if (last !== undefined && at - last < this.options.everyMs && at >= last) return;
    if (!this.firstQuoteAt.has(underlying)) this.firstQuoteAt.set(underlying, at);
    const tried = this.triedAt.get(underlying);
    if (tried !== undefined && at - tried < RETRY_MS && at >= tried) return;
    this.triedAt.set(underlying, at);
    const quotes = this.quotes.get(underlying);
    const spot = this.spots.get(underlying) ?? this.optionSpots.get(underlying);
    if (!quotes || spot === undefined) return;
    const sample = atmIvSample(underlying, [...quotes.values()], spot, at);
    if (!sample) return;
    // The quotes of a fresh subscription arrive over a few seconds: a sample from one monthly
    // alone waits up to one period for the other before it is taken as it is.
    const oneSided = sample.frontExpiry === null || sample.backExpiry === null;
    if (oneSided && at - (this.firstQuoteAt.get(underlying) as number) < this.options.everyMs) return;
    this.sampledAt.set(underlying, at);
    this.options.onSample(sample);
  }

  private contractOf(symbol: string): OptionContract | null {
    let contract = this.contracts.get(symbol);
    if (contract === undefined) {
      const parsed = tryParseOptionSymbol(symbol);
      contract = parsed.ok ? parsed.contract : null;
      this.contracts.set(symbol, contract);
    }
    return contract;
  }
}
