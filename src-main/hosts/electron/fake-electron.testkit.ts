// A stand-in for the `electron` module, just wide enough for the built main bundle
// (out/main/index.js) to boot under plain Node in a test: the app lifecycle, windows with web
// contents and frames, ipcMain, sessions, the app:// protocol, the tray, notifications, the
// screen. Everything is recorded, so the test can act as Electron would (send an invoke, emit
// will-navigate, request an app:// URL, quit) and see what the shell did. Not Electron: it
// proves the wiring, not Chromium. The leaf parts live in fake-electron-parts.testkit.ts.
import { MessageChannel as NodeMessageChannel, type MessagePort as NodeMessagePort } from 'node:worker_threads';
import { defaultSession, Emitter, fakeEvent, FakeSession } from './fake-electron-parts.testkit.ts';

export * from './fake-electron-parts.testkit.ts';

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  readonly sent: [string, unknown][] = [];
  readonly session: FakeSession;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  reloads = 0;
  readonly mainFrame: { url: string; parent: null } = { url: '', parent: null };

  constructor(ses: FakeSession = defaultSession) {
    super();
    this.session = ses;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.mainFrame.url;
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
  readonly webContents: FakeWebContents;
  readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> };
  bounds: Bounds;
  /** What loadURL was given, with its query read back. */
  loaded: { url: string; query: Record<string, string> } | null = null;
  focused = false;
  focusCount = 0;
  destroyed = false;
  maximized = false;

  constructor(options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
    super();
    this.options = options;
    const ses = options.webPreferences?.session;
    this.webContents = new FakeWebContents(ses instanceof FakeSession ? ses : defaultSession);
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

  loadURL(url: string): Promise<void> {
    const parsed = new URL(url);
    this.loaded = { url, query: Object.fromEntries(parsed.searchParams) };
    this.webContents.mainFrame.url = url;
    this.webContents.emit('did-start-navigation', { url, isMainFrame: true, isSameDocument: false });
    setImmediate(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }

  loadFile(): Promise<void> {
    return Promise.reject(new Error('the shell loads app:// URLs, never files'));
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
    this.destroy();
  }
  /** As Electron: no 'close' event, straight to 'closed'. */
  destroy(): void {
    if (this.destroyed) return;
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
  /** Set once the shell asked for ready: Electron refuses some calls after it. */
  readyAsked = false;
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
    this.readyAsked = true;
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
  listeners: new Map<string, InvokeHandler[]>(),
  /** ipcMain.on: a renderer's ipcRenderer.send (the flow port's request). */
  on(channel: string, listener: InvokeHandler): void {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
  },
  removeAllListeners(channel: string): void {
    this.listeners.delete(channel);
  },
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

/** Electron's MessageChannelMain, as Node's MessageChannel (same postMessage and close). */
export class MessageChannelMain {
  readonly port1: NodeMessagePort;
  readonly port2: NodeMessagePort;
  constructor() {
    const channel = new NodeMessageChannel();
    this.port1 = channel.port1;
    this.port2 = channel.port2;
  }
}

export const session = {
  defaultSession,
  partitions: [] as FakeSession[],
  fromPartition(partition: string): FakeSession {
    const created = new FakeSession(partition);
    this.partitions.push(created);
    app.emit('session-created', created);
    return created;
  },
};

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

export const protocol = {
  privileged: [] as { schemes: { scheme: string; privileges?: Record<string, boolean> }[]; beforeReady: boolean }[],
  handlers: new Map<string, { handler: ProtocolHandler; afterReady: boolean }>(),
  registerSchemesAsPrivileged(schemes: { scheme: string; privileges?: Record<string, boolean> }[]): void {
    // Electron: before ready, and once.
    if (this.privileged.length > 0) throw new Error('registerSchemesAsPrivileged may be called only once');
    this.privileged.push({ schemes, beforeReady: !app.readyAsked });
  },
  handle(scheme: string, handler: ProtocolHandler): void {
    if (this.handlers.has(scheme)) throw new Error(`${scheme} is already handled`);
    this.handlers.set(scheme, { handler, afterReady: app.readyAsked });
  },
  /** A request as Chromium would hand it to the handler (initiatorOrigin as Electron sets it). */
  async fetch(url: string, init: { method?: string; initiatorOrigin?: string } = {}): Promise<Response> {
    const entry = this.handlers.get(new URL(url).protocol.replace(/:$/, ''));
    if (!entry) throw new Error(`no handler for ${url}`);
    const request = new Request(url, { method: init.method ?? 'GET' });
    if (init.initiatorOrigin) Object.defineProperty(request, 'initiatorOrigin', { value: init.initiatorOrigin });
    return entry.handler(request);
  },
};
