// Keeps the streamer subscribed to a set of symbols that can change: option contracts get
// Level 1 and the book, tickers get Level 1 equities and minute bars. Only the difference is
// (un)subscribed when the set changes.
import type { SchwabStreamer } from '../schwab/streamer.ts';
import type { Unsubscribe } from '../util/emitter.ts';

export class SymbolSubscriptions {
  private readonly streamer: SchwabStreamer;
  private readonly options = new Map<string, Unsubscribe>();
  private readonly tickers = new Map<string, Unsubscribe>();

  constructor(streamer: SchwabStreamer) {
    this.streamer = streamer;
  }

  set(options: readonly string[], tickers: readonly string[]): void {
    sync(this.options, options, (symbol) => {
      const l1 = this.streamer.subscribeLevelOneOptions([symbol]);
      const book = this.streamer.subscribeOptionsBook([symbol]);
      return () => {
        l1();
        book();
      };
    });
    sync(this.tickers, tickers, (symbol) => {
      const l1 = this.streamer.subscribeLevelOneEquities([symbol]);
      const bars = this.streamer.subscribeChartEquity([symbol]);
      return () => {
        l1();
        bars();
      };
    });
  }

  symbols(): { options: string[]; tickers: string[] } {
    return { options: [...this.options.keys()], tickers: [...this.tickers.keys()] };
  }

  clear(): void {
    this.set([], []);
  }
}

function sync(current: Map<string, Unsubscribe>, wanted: readonly string[], subscribe: (symbol: string) => Unsubscribe): void {
  const next = new Set(wanted);
  for (const [symbol, off] of current) {
    if (!next.has(symbol)) {
      off();
      current.delete(symbol);
    }
  }
  for (const symbol of next) if (!current.has(symbol)) current.set(symbol, subscribe(symbol));
}
