// Possible spread legs (shared/analytics/FLOW-RULES.md §4): prints on two or more contracts of the
// same underlying within a few milliseconds, each outside its own quote, are likely one package.

interface OutsidePrint {
  time: number;
  symbol: string;
  flowId: string;
}

const NONE: string[] = [];

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
    // Most outside prints have no partner: no arrays or sets unless one is found.
    let partners: string[] = NONE;
    for (const p of list) {
      if (p.symbol === symbol || !(Math.abs(p.time - time) <= this.windowMs) || partners.includes(p.flowId)) continue;
      if (partners === NONE) partners = [];
      partners.push(p.flowId);
    }
    list.push({ time, symbol, flowId });
    return partners;
  }
}
