// Where a session's stream comes from: Schwab with the user's credentials, or the embedded
// simulator (demo). Both give the same client the same REST + WebSocket protocol.
import type { AuthService } from '../credentials/auth-service.ts';
import { SchwabRest } from '../schwab/rest.ts';
import { SchwabStreamer } from '../schwab/streamer.ts';
import { AccessTokenManager, type RefreshTokenStore } from '../schwab/token-manager.ts';
import { envTokenSource, type EnvCredentials } from '../credentials/env-credentials.ts';
import { createSimulatedMarket } from '../simulator/market/simulated-market.ts';
import { startSimulator, type Simulator } from '../simulator/server/simulator.ts';
import { openInterestFor, readDemoDay, writeDemoDay } from './demo-day.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/log.ts';
import { seededRandom, type Random } from '../util/random.ts';

export interface StreamSource {
  kind: 'live' | 'demo';
  rest: SchwabRest;
  tokens: AccessTokenManager;
  simulator: Simulator | null;
  close(): Promise<void>;
}

export interface DemoOptions {
  clock: Clock;
  logger: Logger;
  seed?: number;
  intensity?: number;
  bookLevels?: number;
  port?: number;
  /** Opens the simulator's own fault endpoint (end-to-end tests break the stream through it). */
  faultEndpoint?: boolean;
  /** Where the demo market keeps its day between runs (market/demo-day.ts); none: every run is its own day. */
  dayFile?: string;
}

export async function openDemoSource(options: DemoOptions): Promise<StreamSource> {
  const seed = options.seed ?? 7;
  const startedAt = options.clock.now();
  const dayFile = options.dayFile;
  const openInterest = dayFile ? openInterestFor(readDemoDay(dayFile, options.logger), seed, startedAt) : {};
  const market = createSimulatedMarket({ seed, start: startedAt, intensity: options.intensity ?? 1, bookLevels: options.bookLevels ?? 10, openInterest });
  const simulator = await startSimulator({
    clock: options.clock,
    logger: options.logger,
    market,
    seed,
    intensity: options.intensity ?? 1,
    bookLevels: options.bookLevels ?? 10,
    port: options.port ?? 0,
    ...(options.faultEndpoint ? { faultEndpoint: true } : {}),
  });
  const rest = new SchwabRest({ apiBase: simulator.apiBase, clock: options.clock });
  const store: RefreshTokenStore = {
    load: async () => simulator.issueRefreshToken(),
    rotated: async () => undefined,
  };
  const tokens = new AccessTokenManager({ rest, app: simulator.app, store, clock: options.clock, logger: options.logger });
  const close = async () => {
    await simulator.stop();
    if (dayFile) writeDemoDay(dayFile, market, seed, openInterest, startedAt, options.logger);
  };
  return { kind: 'demo', rest, tokens, simulator, close };
}

export function openLiveSource(credentials: EnvCredentials, clock: Clock, logger: Logger): StreamSource {
  const rest = new SchwabRest({ ...(credentials.apiBase ? { apiBase: credentials.apiBase } : {}), clock });
  return { kind: 'live', rest, tokens: envTokenSource(credentials, rest, clock, logger), simulator: null, close: async () => undefined };
}

/**
 * A live source signed in through the OS keychain (`fathom login`, the app's sign-in). Throws
 * NeedsSignInError when nobody is signed in and KeychainUnavailableError when it cannot tell.
 * A refused refresh token deletes the tokens there and stops the stream; never demo data.
 */
export async function openSignedInSource(auth: AuthService): Promise<StreamSource> {
  const session = await auth.liveSession();
  const rest = new SchwabRest({ apiBase: session.app.apiBase });
  return { kind: 'live', rest, tokens: session.tokens, simulator: null, close: async () => auth.stop() };
}

export function createStreamer(source: StreamSource, clock: Clock, logger: Logger, random: Random = seededRandom(Date.now())): SchwabStreamer {
  return new SchwabStreamer({
    tokens: source.tokens,
    streamerInfo: (token) => source.rest.streamerInfo(token),
    clock,
    random,
    source: source.kind,
    logger,
  });
}
