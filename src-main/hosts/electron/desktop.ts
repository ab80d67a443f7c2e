// The desktop shell around the shared composition root: the same core as the web host, plus
// windows, the IPC door, the tray and native notifications. main.ts owns the app lifecycle and
// calls bootDesktop once Electron is ready.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { alertEvents } from '../../../shared/ipc/alerts.ts';
import { flowEvents, decodeFlowBatch } from '../../../shared/ipc/flows.ts';
import { marketEvents } from '../../../shared/ipc/market-data.ts';
import { payloadIf } from '../../../shared/ipc/push.ts';
import { composeApp, type ComposedApp } from '../../app/compose.ts';
import { rememberDataDir, resolveDataDir } from '../../app/paths.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/log.ts';
import { BoundsStore } from './bounds-store.ts';
import { desktopCapabilities } from './desktop-capabilities.ts';
import { electronWindowFactory } from './electron-window.ts';
import { REQUEST_CHANNEL } from '../../../shared/ipc/transport.ts';
import { PORT_REQUEST_CHANNEL } from '../../../shared/ipc/port-handshake.ts';
import { createIpcGate, type SenderInfo } from './ipc-gate.ts';
import { nativeNotifier } from './native-notifications.ts';
import { nativeTray } from './native-tray.ts';
import { NotificationRouter } from './notification-router.ts';
import { placementFile } from './placement-file.ts';
import type { Security } from './security.ts';
import type { OwnPage } from './security-policy.ts';
import { captureSignInRedirect } from './sign-in-window.ts';
import { installMainTestHooks, mainTestHooks } from './test-hooks.ts';
import { TrayModel, TrayPresenter, type TrayAction } from './tray-model.ts';
import { WindowManager } from './window-manager.ts';

export interface ShellPaths {
  /** out/renderer, served on app://fathom/. */
  rendererDir: string;
  preloadDir: string;
  workerEntry: string;
  /** resources/ in development, the app's resources folder when packaged. */
  resourcesDir: string;
}

export interface DesktopOptions {
  paths: ShellPaths;
  page: OwnPage;
  security: Security;
  clock: Clock;
  logger: Logger;
  /** End-to-end hooks (FATHOM_E2E=1, unpackaged only). */
  testHooks: { externalRequests: readonly string[] } | null;
}

export interface Desktop {
  composed: ComposedApp;
  windows: WindowManager;
  /** Saves placements and quiets the tray; then the composed app can stop. */
  beforeStop(): void;
}

export async function bootDesktop(options: DesktopOptions): Promise<Desktop> {
  const { paths, clock, logger, security } = options;
  // The core's hooks reach the windows through this binding: the core starts first.
  let windows: WindowManager | null = null;
  const dataDir = resolveDataDir();
  const composed = await composeApp({
    host: desktopCapabilities({
      windows: () => windows,
      openExternal: (url) => security.openExternal(url),
      exportsDir: join(dataDir, 'exports'),
      rememberDataDir: (folder) => rememberDataDir(folder),
      // The OS's own picker, over the window that asked when it has focus.
      showOpenDialog: (dialogOptions) => {
        const parent = BrowserWindow.getFocusedWindow();
        return parent ? dialog.showOpenDialog(parent, dialogOptions) : dialog.showOpenDialog(dialogOptions);
      },
    }),
    version: app.getVersion(),
    clock,
    logger,
    env: process.env,
    dbPath: join(dataDir, 'fathom.db'),
    demo: process.env.FATHOM_DEMO === '1',
    workerEntry: paths.workerEntry,
    captureRedirect: (authorizeUrl, callbackUrl) => {
      const parent = BrowserWindow.getFocusedWindow();
      return captureSignInRedirect(authorizeUrl, callbackUrl, { clock, logger, ...(parent ? { parent } : {}) });
    },
  });
  const core = composed.core;
  const manager = new WindowManager({
    factory: electronWindowFactory({ preloadDir: paths.preloadDir, packaged: app.isPackaged, logger }),
    core,
    bounds: new BoundsStore(placementFile(join(app.getPath('userData'), 'window-state.json')), clock, logger),
    clock,
    logger,
  });
  windows = manager;

  const gate = createIpcGate({ windows: manager, isOwnPage: (url) => options.page.matches(url), dispatch: (id, channel, payload) => core.dispatch(id, channel, payload), logger });
  ipcMain.handle(REQUEST_CHANNEL, (event, channel: unknown, payload: unknown) => gate.request(senderOf(event), channel, payload));
  ipcMain.on(PORT_REQUEST_CHANNEL, (event, nonce: unknown) => {
    const windowId = gate.portRequest(senderOf(event), nonce);
    if (windowId !== null) manager.openPort(windowId, nonce as string);
  });

  // --- tray ---------------------------------------------------------------------------------
  const model = new TrayModel();
  model.setStatus(core.status());
  model.setMuted(core.settings().alerts.muted);
  const toggleMute = async (): Promise<void> => {
    // The same intent a window's mute button reaches, so every window hears of it.
    await core.mute(!core.settings().alerts.muted);
    model.setMuted(core.settings().alerts.muted);
    presenter?.refresh();
  };
  const onTrayAction = (action: TrayAction): void => {
    if (action.type === 'open-book') manager.openBook(action.symbol);
    else if (action.type === 'open-feed') manager.showFeed();
    else if (action.type === 'toggle-mute') void toggleMute();
    else app.quit();
  };
  const tray = nativeTray(join(paths.resourcesDir, 'tray'), onTrayAction, logger);
  const presenter = tray ? new TrayPresenter(model, (view) => tray.render(view), clock) : null;
  presenter?.refresh();

  // --- notifications ----------------------------------------------------------------------
  const notifier = nativeNotifier(logger, join(paths.resourcesDir, 'icon.png'));
  const notifications = new NotificationRouter({
    show: (spec, onClick) => notifier.show(spec, onClick),
    openBook: (symbol) => manager.openBook(symbol),
    showFeed: () => void manager.showFeed(),
    gates: {
      supported: () => notifier.supported(),
      enabled: () => core.settings().alerts.notifications && !core.settings().alerts.muted,
      appFocused: () => manager.anyFocused(),
      doNotDisturb: () => false,
      tonesElsewhere: () => manager.hasFeed(),
    },
    clock,
    logger,
  });

  core.onPushes((pushes) => {
    for (const item of pushes) {
      const flows = payloadIf(item, flowEvents.batch);
      if (flows) {
        const rows = decodeFlowBatch(flows);
        model.addFlows(rows);
        notifications.noteFlows(rows);
      }
      const status = payloadIf(item, marketEvents.status);
      if (status) model.setStatus(status);
      const alert = payloadIf(item, alertEvents.fired);
      if (alert) notifications.route(alert);
    }
    model.setMuted(core.settings().alerts.muted);
    presenter?.changed();
  });

  if (options.testHooks) {
    installMainTestHooks(
      mainTestHooks({
        windows: manager,
        notifications,
        externalRequests: options.testHooks.externalRequests,
        status: () => core.status(),
        now: () => clock.now(),
        signIn: (authorizeUrl, callbackUrl) => captureSignInRedirect(authorizeUrl, callbackUrl, { clock, logger }),
      }),
    );
  }

  manager.showFeed();
  return {
    composed,
    windows: manager,
    beforeStop() {
      manager.saveAll();
      presenter?.stop();
      ipcMain.removeHandler(REQUEST_CHANNEL);
      ipcMain.removeAllListeners(PORT_REQUEST_CHANNEL);
    },
  };
}

/** Who sent an invoke: the contents, and the frame (null once it navigated away or died). */
function senderOf(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): SenderInfo {
  const frame = event.senderFrame;
  return { contentsId: event.sender.id, frame: frame ? { url: frame.url, isMainFrame: frame.parent === null } : null };
}
