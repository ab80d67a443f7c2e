// The protocol-faithful Schwab simulator: a real HTTP + WebSocket server on loopback that the
// real client logs in to (the demo mode and the tests' market). Everything timed follows the
// injected clock: one timer every tickMs advances the market and lets every connection send
// what is due (conflated Level 1, throttled books, bars, heartbeats, the empty-stream stop).
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { CODE } from '../../schwab/codes.ts';
import type { Clock, TimerHandle } from '../../util/clock.ts';
import { silentLogger, type Logger } from '../../util/log.ts';
import type { SimulatorMarket } from '../market/market.ts';
import { createSimulatedMarket } from '../market/simulated-market.ts';
import {
  DEFAULT_CHAIN_CONTRACTS,
  DEFAULT_EMPTY_TIMEOUT_MS,
  DEFAULT_REST_PER_MINUTE,
  DEFAULT_SYMBOL_LIMIT,
} from './fault-route.ts';
import { FaultInjector, ServiceModes, type EmptyClose, type SimulatorFaults } from './faults.ts';
import { OAuthAuthority, type RegisteredApp } from './oauth.ts';
import { createRestHandler } from './rest.ts';
import { StatsRecorder, type SimulatorStats } from './stats.ts';
import { MESSAGES } from './commands.ts';
import { StreamerSession, type SessionHost, type SessionSettings } from './streamer-session.ts';

export type { SimulatorFaults } from './faults.ts';
export type { SimulatorStats } from './stats.ts';

export interface SimulatorOptions {
  /** Default '127.0.0.1': the simulator never binds elsewhere unless told to. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  clock: Clock;
  market?: SimulatorMarket;
  seed?: number;
  intensity?: number;
  /** OPTIONS_BOOK price levels per side, 1..50 (default 1, as live; more for a ladder). */
  bookLevels?: number;
  tickMs?: number;
  conflationMs?: number;
  bookIntervalMs?: number;
  heartbeatMs?: number;
  /** Ms with nothing subscribed before the stream ends (default 30000; 0: never). */
  emptyTimeoutMs?: number;
  /** How an empty stream ends: code 30 and a clean close (default), or a drop without a word. */
  emptyClose?: EmptyClose;
  symbolLimit?: number;
  /** Level 1 snapshots say `delayed: true`, as for a user without real-time entitlement. */
  delayed?: boolean;
  /** Market-data and trader requests a minute before HTTP 429 (default 120; 0: no limit). */
  restPerMinute?: number;
  /** Contracts a chain answer may hold before the gateway's 502 (default DEFAULT_CHAIN_CONTRACTS). */
  chainContractLimit?: number;
  app?: RegisteredApp;
  logger?: Logger;
  /**
   * Tests only: serve `POST /__faults/<kind>` (cut, silence?ms=, garbage, code12, code30,
   * deny-logins?count=, refuse-refreshes?count=, expire-tokens, and the switches of
   * fault-route.ts: delayed, empty-close?ms=, ignore-view, fail-preferences?count=, close1011,
   * rate-limit?count=, chain-limit?count=, …), answered `{"applied":true}`.
   * Needs a loopback host. Off by default, and then the path is a 404 like any unknown path.
   */
  faultEndpoint?: boolean;
}

export interface Simulator {
  apiBase: string;
  wsUrl: string;
  app: RegisteredApp;
  market: SimulatorMarket;
  faults: SimulatorFaults;
  stats(): SimulatorStats;
  issueRefreshToken(): string;
  stop(): Promise<void>;
}

/** The registered app of demo mode: public constants, not credentials. */
export const DEMO_APP: RegisteredApp = Object.freeze({
  appKey: 'FathomSimulatorDemoAppKey0000001',
  appSecret: 'FathomDemoSecret',
  callbackUrl: 'https://127.0.0.1',
});

const MAX_PAYLOAD_BYTES = 4 * 1024 * 1024;
/**
 * Price levels per side when neither the options nor a given market say otherwise: one, the
 * shape of a live OPTIONS_BOOK (the NBBO split up by venue, docs/schwab-streaming.md §9).
 */
const DEFAULT_BOOK_LEVELS = 1;

export async function startSimulator(options: SimulatorOptions): Promise<Simulator> {
  const bindHost = options.host ?? '127.0.0.1';
  if (options.faultEndpoint && !isLoopback(bindHost))
    throw new Error(`the fault endpoint is served on loopback only, not on host "${bindHost}"`);
  const clock = options.clock;
  const logger = (options.logger ?? silentLogger).child('simulator');
  const market = options.market ?? defaultMarket(options);
  const settings: SessionSettings = {
    conflationMs: options.conflationMs ?? 1000,
    bookIntervalMs: options.bookIntervalMs ?? 1000,
    bookLevels: options.bookLevels,
    heartbeatMs: options.heartbeatMs ?? 10_000,
  };
  const tickMs = Math.max(1, options.tickMs ?? 50);
  const auth = new OAuthAuthority(options.app ?? DEMO_APP, clock);
  const stats = new StatsRecorder();
  const sessions = new Set<StreamerSession>();
  const watchList = new WatchList(market);
  const modes = new ServiceModes(clock, {
    delayed: options.delayed ?? false,
    emptyTimeoutMs: options.emptyTimeoutMs ?? DEFAULT_EMPTY_TIMEOUT_MS,
    emptyClose: options.emptyClose ?? 'notify',
    symbolLimit: options.symbolLimit ?? DEFAULT_SYMBOL_LIMIT,
    restPerMinute: options.restPerMinute ?? DEFAULT_REST_PER_MINUTE,
    chainContractLimit: options.chainContractLimit ?? DEFAULT_CHAIN_CONTRACTS,
  });
  const faults = new FaultInjector(() => sessions, auth, modes, {
    market,
    advance: () => advance(market, clock, logger),
  });
  // Schwab's customer ids are long opaque strings (64 characters in SDEV's example).
  const customerId = randomBytes(32).toString('hex');
  let wsUrl = '';

  const host: SessionHost = {
    clock,
    market,
    settings,
    modes,
    auth,
    customerId,
    stats,
    logger,
    takeLoginDenial: () => faults.takeLoginDenial(),
    loggedIn(session) {
      for (const other of sessions) {
        if (other !== session && other.loggedIn && other.customerId === session.customerId)
          other.stop(CODE.CLOSE_CONNECTION, MESSAGES.anotherConnection);
      }
    },
    subscriptionsChanged: () => watchList.update(sessions),
    advanceMarket: () => advance(market, clock, logger),
  };

  const server: Server = createServer(
    createRestHandler({
      auth,
      market,
      customerId,
      streamerUrl: () => wsUrl,
      stats,
      logger,
      modes,
      ...(options.faultEndpoint ? { faults } : {}),
    }),
  );
  server.on('clientError', (_error, socket) => socket.destroy());
  const wss = new WebSocketServer({
    server,
    path: '/ws',
    maxPayload: MAX_PAYLOAD_BYTES,
    autoPong: false,
    // Schwab negotiates permessage-deflate when the client offers it; small frames stay plain.
    perMessageDeflate: { threshold: 256 },
  });
  wss.on('error', (error) => logger.warn('WebSocket server error', { error }));

  let nextSessionId = 1;
  wss.on('connection', (ws) => {
    const session = new StreamerSession(nextSessionId++, ws, host);
    ws.on('error', (error) =>
      logger.debug('streamer socket error', { connection: session.id, error }),
    );
    sessions.add(session);
    stats.connectionsOpen++;
    stats.connectionsTotal++;
    ws.on('close', () => {
      sessions.delete(session);
      stats.connectionsOpen--;
      watchList.update(sessions);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const apiBase = `http://${hostPart}:${address.port}`;
  wsUrl = `ws://${hostPart}:${address.port}/ws`;

  let tickTimer: TimerHandle | null = null;
  let stopped: Promise<void> | null = null;
  const tick = () => {
    tickTimer = null;
    if (stopped) return;
    advance(market, clock, logger);
    const now = clock.now();
    for (const session of sessions) {
      try {
        session.tick(now);
      } catch (error) {
        logger.error('session tick failed', { connection: session.id, error });
      }
    }
    tickTimer = clock.setTimeout(tick, tickMs);
  };
  tickTimer = clock.setTimeout(tick, tickMs);
  logger.info('simulator listening', { apiBase, wsUrl });

  return {
    apiBase,
    wsUrl,
    app: auth.app,
    market,
    faults,
    stats: () => stats.snapshot(subscribedKeyCounts(sessions)),
    issueRefreshToken: () => auth.issueRefreshToken(),
    stop() {
      stopped ??= (async () => {
        clock.clearTimeout(tickTimer);
        for (const session of [...sessions]) session.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return stopped;
    },
  };
}

/** 127.0.0.0/8, ::1 and localhost; what an address resolves to later is not second-guessed. */
function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    bare === 'localhost' ||
    bare === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)
  );
}

function defaultMarket(options: SimulatorOptions): SimulatorMarket {
  return createSimulatedMarket({
    seed: options.seed ?? 1,
    start: options.clock.now(),
    intensity: options.intensity ?? 1,
    bookLevels: options.bookLevels ?? DEFAULT_BOOK_LEVELS,
  });
}

function advance(market: SimulatorMarket, clock: Clock, logger: Logger): void {
  try {
    if (clock.now() > market.now()) market.advanceTo(clock.now());
  } catch (error) {
    logger.error('market advance failed', { error });
  }
}

/**
 * Keeps the market's watch list equal to the option contracts subscribed on any connection, so
 * they trade: newly subscribed ones are watched, ones no connection has any more unwatched.
 */
class WatchList {
  private watched = new Set<string>();
  private readonly market: SimulatorMarket;

  constructor(market: SimulatorMarket) {
    this.market = market;
  }

  update(sessions: Iterable<StreamerSession>): void {
    const now = new Set<string>();
    for (const session of sessions) {
      const subs = session.subscriptions();
      for (const key of subs.get('LEVELONE_OPTIONS') ?? []) now.add(key);
      for (const key of subs.get('OPTIONS_BOOK') ?? []) now.add(key);
    }
    const added = [...now].filter((key) => !this.watched.has(key));
    const removed = [...this.watched].filter((key) => !now.has(key));
    this.watched = now;
    if (added.length > 0) this.market.watch(added);
    if (removed.length > 0) this.market.unwatch(removed);
  }
}

function subscribedKeyCounts(sessions: Iterable<StreamerSession>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const session of sessions) {
    for (const [service, keys] of session.subscriptions())
      counts[service] = (counts[service] ?? 0) + keys.length;
  }
  return counts;
}
