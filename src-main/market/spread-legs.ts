// Possible spread legs (flow-definitions.md §4): prints on two or more contracts of the same
// underlying within a few milliseconds, each outside its own quote, are likely one package.

interface OutsidePrint {
  time: number;
  symbol: string;
  flowId: string;
}

export class SpreadLegDetector {
  private readonly windowMs: number;
  private readonly recent = new Map<string, OutsidePrint[]>();

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Records an outside-the-quote print; returns the flows of other contracts it pairs with. */
  add(underlying: string, symbol: string, flowId: string, time: number): string[] {
    let list = this.recent.get(underlying);
    if (!list) this.recent.set(underlying, (list = []));
    while (list.length > 0 && (list[0] as OutsidePrint).time < time - this.windowMs) list.shift();
    const partners = list.filter((p) => p.symbol !== symbol && Math.abs(p.time - time) <= this.windowMs).map((p) => p.flowId);
    list.push({ time, symbol, flowId });
    return [...new Set(partners)];
  }
}
