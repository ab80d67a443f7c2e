// Recorded history for tests and the bench: sessions a simulated day apart, each with seeded
// flows written through the real store (createSession, upsertFlows), so a search or an export
// reads what the app itself would have written.
import type { Flow, FlowKind, Side } from '../../shared/domain/flow.ts';
import { sentimentOf } from '../../shared/domain/flow.ts';
import { makeFlowId } from '../../shared/domain/flow-id.ts';
import type { Right } from '../../shared/domain/market.ts';
import { DEFAULT_FLOW_SETTINGS, DEFAULT_ROLLING_SETTINGS } from '../../shared/domain/settings.ts';
import { flowRow } from '../../shared/ipc/flow-rows.testkit.ts';
import { formatSchwabSymbol } from '../../shared/symbols/option-symbol.ts';
import { civilFromDays, daysFromCivil, etToEpoch, formatCalendarDate } from '../../shared/time/eastern.ts';
import { pick, randomInt, seededRandom } from '../util/random.ts';
import type { Db } from './database.ts';
import { upsertFlows } from './flows.ts';
import { createSession, endSession } from './sessions.ts';

/** 2026-03-02, a Monday: the first simulated day. */
export const FIRST_DAY = daysFromCivil(2026, 3, 2);
const DAY_OPEN_MS = 9.5 * 3_600_000;
const DAY_LENGTH_MS = 6.5 * 3_600_000;

/** Market open (09:30 ET) of the simulated day `day` (0 = FIRST_DAY). */
export function openOfDay(day: number): number {
  const { year, month, day: d } = civilFromDays(FIRST_DAY + day);
  return etToEpoch(year, month, d) + DAY_OPEN_MS;
}

/** A stored flow of session `session`, number `seq`: a plausible SPY call sweep, overridable. */
export function storedFlow(session: number, seq: number, overrides: Partial<Flow> = {}): Flow {
  const merged = { ...flowRow(), id: makeFlowId(String(session), seq), sessionId: String(session), ...overrides };
  const symbol = overrides.symbol ?? formatSchwabSymbol({ root: merged.underlying, expiry: merged.expiry, right: merged.right, strike: merged.strike });
  return {
    ...merged,
    symbol,
    lastTime: merged.time,
    evidence: overrides.evidence ?? { prints: [], reasons: [`price ${merged.price} >= ask ${merged.ask ?? 0}`], kindRule: 'SWEEP_MULTI' },
  };
}

/** Creates an ended session starting at `startedAt`; returns its row number. */
export function addSession(db: Db, startedAt: number, endedAt = startedAt + DAY_LENGTH_MS): number {
  const id = createSession(db, { source: 'demo', symbols: [], settings: { ...DEFAULT_FLOW_SETTINGS }, rolling: { ...DEFAULT_ROLLING_SETTINGS }, startedAt });
  endSession(db, id, endedAt);
  return id;
}

const UNDERLYINGS: readonly { root: string; spot: number; step: number }[] = [
  { root: 'SPY', spot: 600, step: 5 },
  { root: 'QQQ', spot: 520, step: 5 },
  { root: 'AAPL', spot: 230, step: 2.5 },
  { root: 'TSLA', spot: 350, step: 5 },
  { root: 'NVDA', spot: 180, step: 2.5 },
];
const SIDES: readonly Side[] = ['ABOVE_ASK', 'ASK', 'ASK', 'MID', 'BID', 'BID', 'BELOW_BID'];
const KINDS: readonly FlowKind[] = ['SWEEP', 'BLOCK', 'SPLIT', 'SINGLE', 'SINGLE'];

export interface SimulatedHistory {
  sessionIds: number[];
  flows: number;
  premium: number;
  size: number;
}

/**
 * Records `sessions` sessions a day apart, `flowsPerSession` flows each, spread over the trading
 * day; fixed expiries, so contracts recur across days as real ones do.
 */
export function recordHistory(db: Db, options: { sessions: number; flowsPerSession: number; seed?: number }): SimulatedHistory {
  const random = seededRandom(options.seed ?? 18);
  const expiries = [21, 49, 84, 175].map((d) => formatCalendarDate(civilFromDays(FIRST_DAY + options.sessions + d)));
  const history: SimulatedHistory = { sessionIds: [], flows: 0, premium: 0, size: 0 };
  for (let day = 0; day < options.sessions; day++) {
    const open = openOfDay(day);
    const session = addSession(db, open);
    history.sessionIds.push(session);
    const flows: Flow[] = [];
    for (let seq = 0; seq < options.flowsPerSession; seq++) {
      const u = pick(random, UNDERLYINGS);
      const right: Right = random() < 0.55 ? 'C' : 'P';
      const strike = u.spot + randomInt(random, -8, 8) * u.step;
      const side = pick(random, SIDES);
      const direction = side === 'MID' ? 'UNKNOWN' : side === 'ASK' || side === 'ABOVE_ASK' ? 'BUY' : 'SELL';
      const size = randomInt(random, 1, 400);
      const price = Math.round((0.05 + random() * 12) * 100) / 100;
      const premium = Math.round(size * price * 100);
      const time = open + Math.floor(((seq + random()) / options.flowsPerSession) * DAY_LENGTH_MS);
      const prints = randomInt(random, 1, 4);
      flows.push(
        storedFlow(session, seq, {
          time,
          underlying: u.root,
          expiry: pick(random, expiries),
          strike,
          right,
          size,
          price,
          premium,
          side,
          direction,
          sentiment: sentimentOf(right, direction),
          kind: pick(random, KINDS),
          whale: premium >= DEFAULT_FLOW_SETTINGS.whaleMinPremium,
          underlyingPrice: u.spot,
          prints,
          evidence: {
            prints: Array.from({ length: prints }, (_, i) => ({
              receivedAt: time + i * 40,
              time: time + i * 40,
              size: Math.max(1, Math.round(size / prints)),
              price,
              volumeBefore: 1000 + i * 10,
              volumeAfter: 1010 + i * 10,
              lastSize: Math.max(1, Math.round(size / prints)),
              side,
              quote: { time: time - 5, bid: Math.max(0.01, price - 0.05), ask: price + 0.05, bidSize: 20, askSize: 30 },
            })),
            reasons: [`price ${price} against the quote in force before the print`, `${prints} prints within the cluster window`],
            kindRule: 'SWEEP_MULTI',
          },
        }),
      );
      history.premium += premium;
      history.size += size;
    }
    db.transaction(() => upsertFlows(db, flows))();
    history.flows += flows.length;
  }
  return history;
}
