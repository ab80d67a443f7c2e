// The trade-heavy input of ingest.l1_trades (issue 19): 20,000 LEVELONE_OPTIONS frames of the
// wire shape (docs/schwab-streaming.md) in which one option update in three is a trade (day
// volume rises, with its last price, size and trade time) and the others move the quote. The
// simulator's sessions trade far less often (one flow version per three or four updates, most
// updates a quote), so this keeps the engine's share of the work honest. Seeded: the same frames
// every run.

export const TRADE_HEAVY_FRAMES = 20_000;
/** Updates per frame after the snapshots: a conflated stream sends a few keys per frame. */
const ITEMS_PER_FRAME = 4;
const CONTRACTS = 120;
const T0 = Date.UTC(2026, 10, 24, 15, 0, 0); // 10:00 ET
/** Frame spacing: 20,000 frames over about 17 minutes of stream time. */
const FRAME_GAP_MS = 50;

export interface TradeHeavyFrames {
  frames: { text: string; receivedAt: number }[];
  updates: number;
  trades: number;
  contracts: number;
}

interface ContractState {
  key: string;
  mid: number;
  volume: number;
}

export function tradeHeavyFrames(count = TRADE_HEAVY_FRAMES, seed = 19): TradeHeavyFrames {
  let state = seed >>> 0;
  const random = () => {
    // xorshift32: a small seeded generator, the same sequence on every machine.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x1_0000_0000;
  };
  const contracts: ContractState[] = [];
  for (let i = 0; i < CONTRACTS; i++) {
    const strike = 570 + (i >> 1);
    const right = i % 2 === 0 ? 'C' : 'P';
    contracts.push({ key: `SPY   261218${right}${String(strike * 1000).padStart(8, '0')}`, mid: 1 + Math.round(random() * 800) / 100, volume: 1000 + Math.floor(random() * 5000) });
  }
  const frames: { text: string; receivedAt: number }[] = [];
  let updates = 0;
  let trades = 0;
  let time = T0;
  const frame = (content: Record<string, unknown>[]) => {
    frames.push({ text: JSON.stringify({ data: [{ service: 'LEVELONE_OPTIONS', timestamp: time, command: 'SUBS', content }] }), receivedAt: time });
    time += FRAME_GAP_MS;
  };
  // The snapshots: every field once, a baseline for each contract (never a print).
  for (let i = 0; i < CONTRACTS; i += 10) {
    frame(
      contracts.slice(i, i + 10).map((c) => ({
        key: c.key,
        delayed: false,
        assetMainType: 'OPTION',
        '2': round2(c.mid - 0.05),
        '3': round2(c.mid + 0.05),
        '4': c.mid,
        '8': c.volume,
        '9': 20_000,
        '10': 22.5,
        '16': 10,
        '17': 10,
        '18': 1,
        '22': 'SPY',
        '28': 0.45,
        '35': 600,
        '38': time - 1000,
        '39': time - 60_000,
      })),
    );
  }
  while (frames.length < count) {
    const content: Record<string, unknown>[] = [];
    for (let j = 0; j < ITEMS_PER_FRAME; j++) {
      const c = contracts[Math.floor(random() * CONTRACTS)] as ContractState;
      updates++;
      if (updates % 3 === 0) {
        // A trade at the bid, the ask or between them, 1 to 40 contracts.
        trades++;
        const size = 1 + Math.floor(random() * 40);
        c.volume += size;
        const at = random();
        const price = round2(at < 0.4 ? c.mid + 0.05 : at < 0.8 ? c.mid - 0.05 : c.mid);
        content.push({ key: c.key, '4': price, '8': c.volume, '18': size, '39': time - 20 });
      } else {
        c.mid = Math.max(0.1, round2(c.mid + (random() < 0.5 ? -0.01 : 0.01)));
        content.push({ key: c.key, '2': round2(c.mid - 0.05), '3': round2(c.mid + 0.05), '16': 1 + Math.floor(random() * 50), '17': 1 + Math.floor(random() * 50), '38': time - 30 });
      }
    }
    frame(content);
  }
  return { frames, updates, trades, contracts: CONTRACTS };
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
