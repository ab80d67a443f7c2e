// The composition root both hosts share: decide where the market comes from (Schwab with the
// user's credentials, else the embedded simulator), build the auth service and the app core,
// and switch from demo to live when the user signs in. The host adds its capabilities.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { registerAuthHandlers, type AuthHandlerOptions } from '../credentials/ipc-handlers.ts';
import { credentialsFromEnv, envTokenSource } from '../credentials/env-credentials.ts';
import { authServiceFromEnv } from '../credentials/from-env.ts';
import { keychainFromEnv } from '../credentials/keychain.ts';
import type { AuthService } from '../credentials/auth-service.ts';
import type { MarketSource } from '../ingest-protocol/requests.ts';
import { SchwabRest } from '../schwab/rest.ts';
import type { AccessTokenSource } from '../schwab/token-manager.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/log.ts';
import { AppCore, type HostCapabilities } from './app-core.ts';
import { WorkerIngest } from './ingest-client.ts';
import { wireWebhooks } from './webhook-wiring.ts';

export interface ComposeOptions {
  host: HostCapabilities;
  version: string;
  clock: Clock;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  dbPath: string;
  /** Force the simulator even with credentials. */
  demo?: boolean;
  demoSource?: { seed: number; intensity: number; bookLevels: number; faultEndpoint?: boolean; daysAgo?: number };
  workerEntry: URL | string;
  captureRedirect?: AuthHandlerOptions['captureRedirect'];
}

export interface ComposedApp {
  core: AppCore;
  auth: AuthService;
  stop(): Promise<void>;
}

export async function composeApp(options: ComposeOptions): Promise<ComposedApp> {
  const { clock, logger, env } = options;
  mkdirSync(dirname(options.dbPath), { recursive: true });
  const auth = authServiceFromEnv(env, clock, logger);
  // The demo market keeps its day beside the database (market/demo-day.ts).
  const dayFile = options.dbPath === ':memory:' ? {} : { dayFile: join(dirname(options.dbPath), 'demo-market.json') };
  const demo: MarketSource = { kind: 'demo', ...(options.demoSource ?? { seed: 7, intensity: 1, bookLevels: 1 }), ...dayFile };
  let source: MarketSource = demo;
  let tokens: AccessTokenSource | undefined;
  const envCredentials = options.demo ? null : credentialsFromEnv(env);
  const status = await auth.start();
  if (envCredentials) {
    const rest = new SchwabRest(envCredentials.apiBase ? { apiBase: envCredentials.apiBase } : {});
    tokens = envTokenSource(envCredentials, rest, clock, logger);
    source = { kind: 'live', apiBase: envCredentials.apiBase ?? null };
  } else if (!options.demo && status.state === 'signed-in') {
    const session = await auth.liveSession();
    tokens = auth.tokenSource;
    source = { kind: 'live', apiBase: session.app.apiBase };
  }
  const core = new AppCore({
    host: options.host,
    version: options.version,
    clock,
    logger,
    dbPath: options.dbPath,
    source,
    ...(tokens ? { tokens } : {}),
    createIngest: (onPushes, liveTokens, onExit) =>
      new WorkerIngest({ entry: options.workerEntry, onPushes, onExit, logger, clock, ...(liveTokens ? { tokens: liveTokens } : {}) }),
  });
  const offAuth = registerAuthHandlers(core.requests, auth, { push: core.pushes, ...(options.captureRedirect ? { captureRedirect: options.captureRedirect } : {}) });
  // Alerts to webhook destinations, delivered from main (which holds the keychain).
  const webhooks = wireWebhooks(core, { keychain: keychainFromEnv(env), clock, logger });
  try {
    await core.start();
    webhooks.start();
  } catch (error) {
    // Nothing half-started stays behind (a worker left running keeps the process alive).
    offAuth();
    webhooks.stop();
    auth.stop();
    await core.stop().catch(() => undefined);
    throw error;
  }
  // Signing in while on the simulator moves the app to the real market; never the reverse.
  const off = auth.events.on('status', (next) => {
    if (next.state !== 'signed-in' || core.source.kind !== 'demo' || options.demo) return;
    void auth
      .liveSession()
      .then((session) => core.switchSource({ kind: 'live', apiBase: session.app.apiBase }, auth.tokenSource))
      .catch((error: unknown) => logger.warn('cannot switch to the live market', { reason: (error as Error).message }));
  });
  return {
    core,
    auth,
    async stop() {
      off();
      offAuth();
      webhooks.stop();
      auth.stop();
      await core.stop();
    },
  };
}
