// The Electron shell's entry: one instance (a second launch focuses the first), the app://
// scheme and the security guards before anything loads, the desktop booted once Electron is
// ready, and a quit that first stops the core so the store is flushed and closed.
import { join } from 'node:path';
import { app, dialog } from 'electron';
import { systemClock } from '../../util/clock.ts';
import { createLogger, redact } from '../../util/log.ts';
import { describeFailure, installProcessGuards } from '../../util/process-guards.ts';
import { bootDesktop, type Desktop, type ShellPaths } from './desktop.ts';
import { QuitGate } from './quit-gate.ts';
import { installSecurity, lockDefaultSession, registerAppScheme, serveRendererProtocol } from './security.ts';
import { ownPage } from './security-policy.ts';

/** Also in electron-builder.yml (appId): Windows ties notifications to it. */
const APP_ID = 'com.fathom.desk';

const clock = systemClock();
const logger = createLogger({ scope: 'desktop' });
const testMode = process.env.FATHOM_E2E === '1' && !app.isPackaged;
// A missed catch is logged, redacted, and the app goes on; an uncaught exception ends it.
installProcessGuards(logger);

// Every renderer sandboxed, whatever its web preferences say (the sign-in window included).
app.enableSandbox();
// Our pages are served on app://fathom/ (Electron allows this registration only before ready).
registerAppScheme();
// A test (or a second profile) keeps Electron's own files beside its data, not in the user's.
if (process.env.FATHOM_DATA_DIR) app.setPath('userData', join(process.env.FATHOM_DATA_DIR, 'electron'));

if (!app.requestSingleInstanceLock()) {
  // The first instance hears of this launch ('second-instance') and comes forward.
  app.quit();
} else {
  run();
}

function shellPaths(): ShellPaths {
  // This file is bundled to out/main/index.js; the worker, preloads and pages sit beside it.
  const here = import.meta.dirname;
  return {
    rendererDir: join(here, '../renderer'),
    preloadDir: join(here, '../preload'),
    workerEntry: join(here, 'ingest-worker.js'),
    resourcesDir: app.isPackaged ? process.resourcesPath : join(app.getAppPath(), 'resources'),
  };
}

function run(): void {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  const paths = shellPaths();
  const page = ownPage();
  const externalRequests: string[] = [];
  const security = installSecurity({
    page,
    logger,
    ...(testMode ? { openExternal: (url: string) => Promise.resolve(void externalRequests.push(url)) } : {}),
  });

  let desktop: Desktop | null = null;
  const booting = app.whenReady().then(async () => {
    lockDefaultSession(security);
    serveRendererProtocol(paths.rendererDir);
    desktop = await bootDesktop({ paths, page, security, clock, logger, testHooks: testMode ? { externalRequests } : null });
  });
  booting.catch((error: unknown) => {
    // Redacted: a start-up error can carry a token or the app secret in its message.
    const reason = redact(error instanceof Error ? error.message : String(error));
    logger.error('Fathom could not start', { reason: describeFailure(error) });
    dialog.showErrorBox('Fathom could not start', reason);
    app.exit(1);
  });

  const quitGate = new QuitGate({
    clock,
    logger,
    quit: () => app.quit(),
    async stop() {
      await booting.catch(() => undefined);
      if (!desktop) return;
      desktop.beforeStop();
      await desktop.composed.stop();
    },
  });
  app.on('before-quit', (event) => quitGate.beforeQuit(() => event.preventDefault()));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app.on('second-instance', () => desktop?.windows.showFeed());
  // macOS: a click on the dock icon with no window open brings the feed back.
  app.on('activate', () => desktop?.windows.showFeed());
  // Windows and Linux quit with their last window (the tray offers the feed while one is open);
  // macOS apps stay in the dock.
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
