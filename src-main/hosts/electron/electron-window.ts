// The native side of the window manager: real BrowserWindows with the fixed secure preferences,
// the preload of their kind, and our page (app://fathom/index.html) with its route in the
// query. Thin on purpose; what it decides lives in window-manager.ts, security-policy.ts and
// renderer-protocol.ts, where it is tested.
import { join } from 'node:path';
import { BrowserWindow, MessageChannelMain, screen } from 'electron';
import type { Logger } from '../../util/log.ts';
import type { DisplayArea } from './bounds.ts';
import { MIN_WINDOW } from './bounds.ts';
import { EVENTS_CHANNEL } from '../../../shared/ipc/transport.ts';
import { PORT_RESPONSE_CHANNEL } from '../../../shared/ipc/port-handshake.ts';
import { PortRouter } from './port-router.ts';
import { pageUrl } from './renderer-protocol.ts';
import { secureWebPreferences } from './security-policy.ts';
import type { WindowEvents, WindowFactory, WindowHandle, WindowSpec } from './window-manager.ts';

export interface ElectronWindowOptions {
  preloadDir: string;
  /** `app.isPackaged`: developer tools are off in the packaged app. */
  packaged: boolean;
  logger: Logger;
}

/** A crashed page is reloaded, but not in a loop: at most once per this many ms. */
const RELOAD_AFTER_CRASH_MS = 30_000;

export function electronWindowFactory(options: ElectronWindowOptions): WindowFactory {
  const log = options.logger.child('window');
  return {
    displays(): DisplayArea[] {
      const primary = screen.getPrimaryDisplay().id;
      return screen.getAllDisplays().map((d) => ({ id: d.id, workArea: { ...d.workArea }, primary: d.id === primary }));
    },

    create(spec: WindowSpec, events: WindowEvents): WindowHandle {
      const win = new BrowserWindow({
        ...spec.placement.bounds,
        minWidth: MIN_WINDOW.width,
        minHeight: MIN_WINDOW.height,
        title: spec.title,
        show: false,
        backgroundColor: '#0b0e13',
        autoHideMenuBar: true,
        webPreferences: secureWebPreferences({ packaged: options.packaged, preload: join(options.preloadDir, `${spec.kind}.cjs`) }),
      });
      const contents = win.webContents;
      const contentsId = contents.id;
      // Flow batches over the page's MessagePort once it holds one, the rest over the events channel.
      const router = new PortRouter((events) => contents.send(EVENTS_CHANNEL, events), log);
      if (spec.placement.maximized) win.maximize();
      win.once('ready-to-show', () => win.show());
      // Our titles name the contract; the page's <title> would say only "Fathom".
      win.on('page-title-updated', (event) => event.preventDefault());
      const moved = (): void => events.moved();
      win.on('move', moved);
      win.on('resize', moved);
      win.on('maximize', moved);
      win.on('unmaximize', moved);
      win.on('close', () => events.closing());
      win.on('closed', () => {
        router.detach();
        events.closed();
      });

      contents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) {
          router.detach();
          events.pageReset();
        }
      });
      let lastCrash = -Infinity;
      contents.on('render-process-gone', (_event, details) => {
        log.error('a window page is gone', { kind: spec.kind, reason: details.reason, exitCode: details.exitCode });
        router.detach();
        events.pageReset();
        if (details.reason === 'clean-exit' || win.isDestroyed()) return;
        const now = Date.now();
        if (now - lastCrash < RELOAD_AFTER_CRASH_MS) return;
        lastCrash = now;
        contents.reload();
      });

      const query: Record<string, string> = spec.kind === 'book' && spec.symbol ? { window: 'book', symbol: spec.symbol } : { window: 'feed' };
      win.loadURL(pageUrl(query)).catch((error: unknown) => {
        log.error('a window page did not load', { kind: spec.kind, reason: (error as Error).message });
      });

      return {
        contentsId,
        send(batch) {
          if (!win.isDestroyed() && !contents.isDestroyed()) router.send(batch);
        },
        openPort(nonce) {
          if (win.isDestroyed() || contents.isDestroyed()) return;
          const { port1, port2 } = new MessageChannelMain();
          router.attach(port1);
          contents.postMessage(PORT_RESPONSE_CHANNEL, nonce, [port2]);
        },
        focus() {
          if (win.isDestroyed()) return;
          if (win.isMinimized()) win.restore();
          win.show();
          win.focus();
        },
        isFocused: () => !win.isDestroyed() && win.isFocused(),
        placement: () => ({ bounds: win.getNormalBounds(), maximized: win.isMaximized() }),
      };
    },
  };
}
