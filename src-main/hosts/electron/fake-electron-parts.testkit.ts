// The leaf parts of the stand-in `electron` module (fake-electron.testkit.ts re-exports them):
// an event emitter, sessions, the tray, notifications, menus, the screen, the shell and
// dialogs. Everything is recorded so a test can see what the shell did.
type Listener = (...args: never[]) => unknown;

export class Emitter {
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
  isMainFrame: boolean;
  prevented: boolean;
  preventDefault(): void;
}

export function fakeEvent(url = '', isMainFrame = true): FakeEvent {
  const event = {
    url,
    isMainFrame,
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event;
}

type PermissionHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type BeforeRequest = (details: { url: string; resourceType: string }, callback: (response: { cancel?: boolean }) => void) => void;

export class FakeSession {
  readonly partition: string | null;
  permissionRequest: PermissionHandler | null = null;
  permissionCheck: ((...args: unknown[]) => boolean) | null = null;
  devicePermission: ((...args: unknown[]) => boolean) | null = null;
  headersHook: unknown = null;
  beforeRequest: BeforeRequest | null = null;
  wiped = 0;

  constructor(partition: string | null = null) {
    this.partition = partition;
  }
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
    onHeadersReceived: (hook: unknown) => {
      this.headersHook = hook;
    },
    onBeforeRequest: (hook: BeforeRequest | null) => {
      this.beforeRequest = hook;
    },
  };
  /** What Chromium does with a request of this session: ask the hook, answer whether it may go. */
  request(url: string, resourceType: string): { cancel?: boolean } {
    let answer: { cancel?: boolean } = {};
    this.beforeRequest?.({ url, resourceType }, (response) => (answer = response));
    return answer;
  }
  clearStorageData(): Promise<void> {
    this.wiped++;
    return Promise.resolve();
  }
  clearCache(): Promise<void> {
    return Promise.resolve();
  }
  clearAuthCache(): Promise<void> {
    return Promise.resolve();
  }
}

export const defaultSession = new FakeSession();

export const shell = {
  opened: [] as string[],
  openExternal(url: string): Promise<void> {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export const dialog = {
  errors: [] as [string, string][],
  folderRequests: [] as unknown[][],
  showErrorBox(title: string, content: string): void {
    this.errors.push([title, content]);
  },
  showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    this.folderRequests.push(args);
    return Promise.resolve({ canceled: true, filePaths: [] });
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
