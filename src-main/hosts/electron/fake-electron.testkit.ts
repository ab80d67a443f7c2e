// A stand-in for the `electron` module, just wide enough for the built main bundle
// (out/main/index.js) to boot under plain Node in a test: the app lifecycle, windows with web
// contents and frames, ipcMain, sessions, the tray, notifications, the screen. Everything is
// recorded, so the test can act as Electron would (send an invoke, emit will-navigate, quit)
// and see what the shell did. Not Electron: it proves the wiring, not Chromium.
import { pathToFileURL } from 'node:url';

type Listener = (...args: never[]) => unknown;

class Emitter {
  readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    const wrapped = ((...args: never[]) => {
      this.listeners.set(event, (this.listeners.get(event) ?? []).filter((l) => l !== wrapped));
      return listener(...args);
    }) as Listener;
    return this.on(event, wrapped);
  }

  emit(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (...a: unknown[]) => unknown)(...args);
  }

  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export interface FakeEvent {
  url: string;
  prevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(url = ''): FakeEvent {
  const event = {
    url,
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event;
}

type PermissionHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;

export class FakeSession {
  permissionRequest: PermissionHandler | null = null;
  permissionCheck: ((...args: unknown[]) => boolean) | null = null;
  devicePermission: ((...args: unknown[]) => boolean) | null = null;
  headersHook: ((details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]> }) => void) => void) | null = null;
  setPermissionRequestHandler(handler: PermissionHandler): void {
    this.permissionRequest = handler;
  }
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
    this.permissionCheck = handler;
  }
  setDevicePermissionHandler(handler: (...args: unknown[]) => boolean): void {
    this.devicePermission = handler;
  }
  readonly webRequest = {
    onHeadersReceived: (hook: FakeSession['headersHook']) => {
      this.headersHook = hook;
    },
    onBeforeRequest: () => undefined,
  };
}

export const defaultSession = new FakeSession();

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  readonly sent: [string, unknown][] = [];
  readonly session = defaultSession;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  reloads = 0;
  readonly mainFrame: { url: string; parent: null } = { url: '', parent: null };

  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  reload(): void {
    this.reloads++;
  }
  getType(): string {
    return 'window';
  }
}

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class BrowserWindow extends Emitter {
  static readonly all: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> };
  bounds: Bounds;
  loaded: { path: string; query: Record<string, string> } | null = null;
  focused = false;
  focusCount = 0;
  destroyed = false;
  maximized = false;

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    this.bounds = { x: Number(options.x ?? 0), y: Number(options.y ?? 0), width: Number(options.width ?? 800), height: Number(options.height ?? 600) };
    BrowserWindow.all.push(this);
    // As in Electron, the contents exist (and are announced) before the constructor returns.
    app.emit('web-contents-created', fakeEvent(), this.webContents);
  }

  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.all.find((w) => w.focused && !w.destroyed) ?? null;
  }

  static open(): BrowserWindow[] {
    return BrowserWindow.all.filter((w) => !w.destroyed);
  }

  loadFile(path: string, options: { query?: Record<string, string> } = {}): Promise<void> {
    const query = options.query ?? {};
    this.loaded = { path, query };
    const search = new URLSearchParams(query).toString();
    this.webContents.mainFrame.url = `${pathToFileURL(path).href}${search ? `?${search}` : ''}`;
    this.webContents.emit('did-start-navigation', { url: this.webContents.mainFrame.url, isMainFrame: true, isSameDocument: false });
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }

  show(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false;
  }
  focus(): void {
    for (const w of BrowserWindow.all) w.focused = false;
    this.focused = true;
    this.focusCount++;
  }
  isFocused(): boolean {
    return this.focused;
  }
  maximize(): void {
    this.maximized = true;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  getNormalBounds(): Bounds {
    return { ...this.bounds };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  close(): void {
    const event = fakeEvent();
    this.emit('close', event);
    if (event.prevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends Emitter {
  userData = '/tmp/fathom-fake-userdata';
  appPath = process.cwd();
  quitRequests = 0;
  quitted = false;
  exitCode: number | null = null;
  readonly isPackaged = false;
  sandboxed = false;
  enableSandbox(): void {
    this.sandboxed = true;
  }
  requestSingleInstanceLock(): boolean {
    return true;
  }
  setPath(name: string, path: string): void {
    if (name === 'userData') this.userData = path;
  }
  getPath(name: string): string {
    if (name === 'userData') return this.userData;
    throw new Error(`fake app has no path ${name}`);
  }
  getAppPath(): string {
    return this.appPath;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  setAppUserModelId(): void {}
  /** As Electron: before-quit may be prevented; otherwise windows close and the app ends. */
  quit(): void {
    this.quitRequests++;
    const event = fakeEvent();
    this.emit('before-quit', event);
    if (event.prevented) return;
    for (const w of BrowserWindow.open()) w.close();
    this.quitted = true;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
}

export const app = new FakeApp();

type InvokeHandler = (event: { sender: FakeWebContents; senderFrame: { url: string; parent: null | object } | null }, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, handler: InvokeHandler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  },
  /** What a renderer's ipcRenderer.invoke does, from the given contents and frame. */
  async invoke(sender: FakeWebContents, frame: { url: string; parent: null | object } | null, channel: string, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ sender, senderFrame: frame }, ...args);
  },
};

export const session = {
  defaultSession,
  fromPartition: () => new FakeSession(),
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export const dialog = {
  errors: [] as [string, string][],
  showErrorBox(title: string, content: string): void {
    this.errors.push([title, content]);
  },
};

export const screen = {
  getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }),
  getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }],
};

export const Menu = {
  buildFromTemplate: (template: { label?: string; type?: string; click?: () => void }[]) => ({ template }),
};

export const nativeImage = {
  createFromPath: (path: string) => ({ path, isEmpty: () => false }),
  createEmpty: () => ({ path: '', isEmpty: () => true }),
};

export class Tray extends Emitter {
  static readonly all: Tray[] = [];
  image: unknown;
  tooltip = '';
  menu: { template: { label?: string; type?: string; checked?: boolean; click?: () => void }[] } | null = null;
  destroyed = false;
  constructor(image: unknown) {
    super();
    this.image = image;
    Tray.all.push(this);
  }
  setImage(image: unknown): void {
    this.image = image;
  }
  setToolTip(text: string): void {
    this.tooltip = text;
  }
  setContextMenu(menu: Tray['menu']): void {
    this.menu = menu;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class Notification extends Emitter {
  static readonly shown: Notification[] = [];
  readonly options: { title: string; body: string; silent?: boolean; urgency?: string };
  constructor(options: Notification['options']) {
    super();
    this.options = options;
  }
  static isSupported(): boolean {
    return true;
  }
  show(): void {
    Notification.shown.push(this);
  }
}
