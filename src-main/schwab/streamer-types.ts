// What the streamer (streamer.ts) shows its callers: its events, its stats, its options, and the
// words its status uses when it stops on purpose.
import type { ConnectionState, SessionSource } from '../../shared/domain/session.ts';
import type { Clock } from '../util/clock.ts';
import type { Unsubscribe } from '../util/emitter.ts';
import type { Logger } from '../util/log.ts';
import type { Random } from '../util/random.ts';
import type { BackoffPolicy } from './backoff.ts';
import type { FrameEvents, MarketDataEvents, ProcessorStats } from './frame-processor.ts';
import type { StreamerInfo } from './rest-types.ts';
import type { AccessTokenSource } from './token-manager.ts';

export interface RequestOutcome {
  service: string;
  command: string;
  code: number;
  message: string;
  keys: string[];
  ok: boolean;
}

/** The streamer's own events; the market data is on `streamer.data`. */
export interface StreamerEvents {
  status: ConnectionState;
  frame: { text: string; receivedAt: number; connection: number };
  request: RequestOutcome;
  problem: FrameEvents['problem'];
}

export type { MarketDataEvents } from './frame-processor.ts';

/**
 * Listening only, straight on the parse stage's emitter: nothing outside the streamer can emit.
 * A listener that throws is counted (`listenerErrors`) and reported as a problem; the others
 * still run and parsing goes on.
 */
export interface MarketData {
  on<K extends keyof MarketDataEvents>(event: K, listener: (payload: MarketDataEvents[K]) => void): Unsubscribe;
  listenerCount(event: keyof MarketDataEvents): number;
}

export interface StreamerStats extends ProcessorStats {
  connections: number;
  /** Request frames written, LOGIN included. */
  framesSent: number;
  reconnects: number;
  loginsDenied: number;
  requestFailures: number;
}

export interface StreamerOptions {
  tokens: AccessTokenSource;
  streamerInfo: (accessToken: string) => Promise<StreamerInfo>;
  clock: Clock;
  random: Random;
  source: SessionSource;
  logger?: Logger;
  backoff?: BackoffPolicy;
  livenessTimeoutMs?: number;
  pingIntervalMs?: number;
  requestTimeoutMs?: number;
  /** Schwab negotiates permessage-deflate; it costs throughput on loopback. */
  perMessageDeflate?: boolean;
  symbolLimit?: number;
  /** Tries of userPreference per connection before it counts as a failed connection (default 4). */
  preferenceTries?: number;
  /** The waits between them (default 0.5 s doubling to 8 s, with jitter). */
  preferenceBackoff?: BackoffPolicy;
}

/** The status of a stream with nothing to stream (Schwab ends those after about 30 s). */
export const IDLE_REASON =
  'idle: nothing to stream (Schwab ends a stream without subscriptions after about 30 s); streaming starts again when the watchlist or a book has something';

/** What the windows say after code 12: Schwab allows one API stream per login. */
export const TAKEOVER_REASON =
  "another application is streaming on this login; close it (thinkorswim's API streams, another Fathom, a script), then edit the watchlist or restart Fathom to stream here. Schwab allows one API stream per login, so Fathom does not reconnect on its own";
