// The composition root both hosts share: decide where the market comes from (Schwab with the
// user's credentials, else the embedded simulator), build the auth service and the app core,
// and switch from demo to live when the user signs in. The host adds only its windows.
import { registerAuthHandlers, type AuthHandlerOptions } from '../credentials/ipc-handlers.ts';
import { authServiceFromEnv } from '../credentials/from-env.ts';
import type { AuthService } from '../credentials/auth-service.ts';
import { credentialsFromEnv, openLiveSource } from '../core/stream-source.ts';
import { rememberDataDir } from '../core/paths.ts';
import type { AccessTokenSource } from '../schwab/token-manager.ts';
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/log.ts';
import { AppCore, type AppCoreOptions } from './app-core.ts';
import type { IngestSourceConfig } from './ingest-types.ts';
import { WorkerIngest } from './worker-ingest.ts';

export interface ComposeOptions {
  host: 'electron' | 'web';
  version: string;
  clock: Clock;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  dataDir: string;
  dbPath?: string;
  /** Force the simulator even with credentials. */
  demo?: boolean;
  demoSource?: { seed: number; intensity: number; bookLevels: number };
  workerEntry: URL | string;
  openBook?: AppCoreOptions['openBook'];
  openFeed?: AppCoreOptions['openFeed'];
  captureRedirect?: AuthHandlerOptions['captureRedirect'];
  registerHandlers?: AppCoreOptions['registerHandlers'];
}

export interface ComposedApp {
  core: AppCore;
  auth: AuthService;
  stop(): Promise<void>;
}

export async function composeApp(options: ComposeOptions): Promise<ComposedApp> {
  const { clock, logger, env } = options;
  const auth = authServiceFromEnv(env, clock, logger);
  const demo: IngestSourceConfig = { kind: 'demo', ...(options.demoSource ?? { seed: 7, intensity: 1, bookLevels: 10 }) };
  let source: IngestSourceConfig = demo;
  let tokens: AccessTokenSource | undefined;
  const envCredentials = options.demo ? null : credentialsFromEnv(env);
  const status = await auth.start();
  if (envCredentials) {
    tokens = openLiveSource(envCredentials, clock, logger).tokens;
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
    dataDir: options.dataDir,
    ...(options.dbPath ? { dbPath: options.dbPath } : {}),
    source,
    ...(tokens ? { tokens } : {}),
    ...(options.openBook ? { openBook: options.openBook } : {}),
    rememberDataDir: (folder) => {
      if (!options.dbPath) rememberDataDir(folder, env);
    },
    ...(options.openFeed ? { openFeed: options.openFeed } : {}),
    createIngest: (onBatch, liveTokens) =>
      new WorkerIngest({ entry: options.workerEntry, onBatch, logger, ...(liveTokens ? { tokens: liveTokens } : {}) }),
    registerHandlers: (router, app) => {
      registerAuthHandlers(router, auth, { push: app.hub, ...(options.captureRedirect ? { captureRedirect: options.captureRedirect } : {}) });
      options.registerHandlers?.(router, app);
    },
  });
  await core.start();
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
      auth.stop();
      await core.stop();
    },
  };
}
