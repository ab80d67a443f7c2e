// The latest Level 1 quote of every option contract a session has seen, by underlying, and the
// underlying's latest price: what gamma exposure reads (shared/analytics/FLOW-RULES.md §12). The
// parse stage merges each contract's quote into one object it keeps changing, so holding that
// object keeps the latest state at the cost of one map write per update; figures are copied only
// when asked for.
import type { ChainGreeks } from '../../shared/analytics/gamma-exposure.ts';
import type { EquityQuoteUpdate, OptionContract, OptionQuote, OptionQuoteUpdate } from '../../shared/domain/market.ts';
import { tryParseOptionSymbol } from '../../shared/symbols/option-symbol.ts';

interface Held {
  contract: OptionContract;
  underlying: string;
  quote: Readonly<OptionQuote>;
  at: number;
}

interface Spot {
  price: number;
  at: number;
}

export interface ChainSnapshot {
  chain: ChainGreeks[];
  spot: number | null;
  /** Receive time of the newest of those quotes; null with none. */
  at: number | null;
}

export interface ChainQuotesCheckpoint {
  /** quote null: the parse stage's merged quote of the symbol at the checkpoint. */
  readonly held: readonly { symbol: string; contract: OptionContract; underlying: string; at: number; quote: Readonly<OptionQuote> | null }[];
  readonly spots: readonly (readonly [string, Spot])[];
}

export class ChainQuotes {
  private readonly held = new Map<string, Held>();
  private readonly spots = new Map<string, Spot>();

  onOptionQuote(update: OptionQuoteUpdate): void {
    let entry = this.held.get(update.symbol);
    if (entry) {
      entry.quote = update.quote;
      entry.at = update.receivedAt;
    } else {
      const parsed = tryParseOptionSymbol(update.symbol);
      if (!parsed.ok) return;
      // The flow engine names a flow's underlying the same way (src-main/market/flow-builder.ts).
      entry = { contract: parsed.contract, underlying: update.quote.underlying ?? parsed.contract.root, quote: update.quote, at: update.receivedAt };
      this.held.set(update.symbol, entry);
    }
    const price = update.quote.underlyingPrice;
    if (price !== undefined && price > 0) this.setSpot(entry.underlying, price, update.receivedAt);
  }

  onEquityQuote(update: EquityQuoteUpdate): void {
    const price = update.quote.last ?? update.quote.mark;
    if (price !== undefined && price > 0) this.setSpot(update.symbol, price, update.receivedAt);
  }

  /** Every held contract of `underlying` with its open interest and gamma as last received. */
  snapshot(underlying: string): ChainSnapshot {
    const chain: ChainGreeks[] = [];
    let at: number | null = null;
    for (const entry of this.held.values()) {
      if (entry.underlying !== underlying) continue;
      const { contract, quote } = entry;
      chain.push({ strike: contract.strike, expiry: contract.expiry, right: contract.right, openInterest: quote.openInterest, gamma: quote.gamma });
      if (at === null || entry.at > at) at = entry.at;
    }
    return { chain, spot: this.spots.get(underlying)?.price ?? null, at };
  }

  /**
   * A copy for a replay checkpoint. The quotes held are the parse stage's own merged objects,
   * which its checkpoint copies already: `live` names them (the parse stage's current quote of a
   * symbol), and only a quote that is no longer the parse stage's (a reconnect dropped it) is copied.
   */
  checkpoint(live: (symbol: string) => Readonly<OptionQuote> | undefined): ChainQuotesCheckpoint {
    const held = [...this.held].map(([symbol, e]) => ({ symbol, contract: e.contract, underlying: e.underlying, at: e.at, quote: live(symbol) === e.quote ? null : { ...e.quote } }));
    return { held, spots: [...this.spots].map(([underlying, spot]) => [underlying, { ...spot }] as const) };
  }

  /** Holds what `checkpoint()` held, `live` now being the restored parse stage's quotes. */
  restore(checkpoint: ChainQuotesCheckpoint, live: (symbol: string) => Readonly<OptionQuote> | undefined): void {
    this.held.clear();
    for (const { symbol, contract, underlying, at, quote } of checkpoint.held) {
      const restored = quote === null ? live(symbol) : { ...quote };
      if (restored) this.held.set(symbol, { contract, underlying, at, quote: restored });
    }
    this.spots.clear();
    for (const [underlying, spot] of checkpoint.spots) this.spots.set(underlying, { ...spot });
  }

  /** The newest price of either source wins: an option's underlying price or the ticker's own quote. */
  private setSpot(underlying: string, price: number, at: number): void {
    const seen = this.spots.get(underlying);
    if (seen && seen.at > at) return;
    if (seen) {
      seen.price = price;
      seen.at = at;
    } else this.spots.set(underlying, { price, at });
  }
}
