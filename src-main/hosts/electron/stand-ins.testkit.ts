// Typed stand-ins for the Electron parts the shell's logic uses, for its unit tests (the real
// binary is absent where these run). Plain objects typed against the narrow interfaces of
// window-manager.ts, so the compiler keeps them honest when an interface changes.
import type { Alert } from '../../../shared/domain/session.ts';
import { flowRow as sharedFlowRow } from '../../../shared/ipc/flow-rows.testkit.ts';
import type { FlowRow } from '../../../shared/ipc/flows.ts';
import type { WireEvent } from '../../../shared/ipc/push.ts';
import type { WindowLink } from '../../app/push-hub.ts';
import type { DisplayArea, Rect, WindowPlacement } from './bounds.ts';
import type { PlacementStorage } from './bounds-store.ts';
import type { CoreWindows, WindowEvents, WindowFactory, WindowHandle, WindowSpec } from './window-manager.ts';

export const SPY_CALL = 'SPY   241129C00450000';
export const QQQ_PUT = 'QQQ   241220P00400000';

export interface FakeWindow extends WindowHandle {
  spec: WindowSpec;
  events: WindowEvents;
  sent: WireEvent[][];
  focusCount: number;
  focused: boolean;
  bounds: Rect;
  maximized: boolean;
  /** The user closes it: close, then closed, as Electron reports them. */
  userClose(): void;
}

export class FakeWindowFactory implements WindowFactory {
  readonly windows: FakeWindow[] = [];
  screens: DisplayArea[] = [{ id: 1, primary: true, workArea: { x: 0, y: 0, width: 1920, height: 1040 } }];
  failNext = false;
  private nextContents = 100;

  displays(): DisplayArea[] {
    return this.screens;
  }

  create(spec: WindowSpec, events: WindowEvents): WindowHandle {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('no GPU');
    }
    const win: FakeWindow = {
      contentsId: this.nextContents++,
      spec,
      events,
      sent: [],
      focusCount: 0,
      focused: false,
      bounds: { ...spec.placement.bounds },
      maximized: spec.placement.maximized,
      send(events) {
        win.sent.push(events);
      },
      focus() {
        win.focusCount++;
        win.focused = true;
      },
      isFocused: () => win.focused,
      placement: (): WindowPlacement => ({ bounds: { ...win.bounds }, maximized: win.maximized }),
      userClose() {
        events.closing();
        events.closed();
      },
    };
    this.windows.push(win);
    return win;
  }

  last(): FakeWindow {
    const win = this.windows.at(-1);
    if (!win) throw new Error('no window was created');
    return win;
  }
}

/** The core's side of the window links: who is attached, and a way to push to them. */
export class FakeCore implements CoreWindows {
  readonly links = new Map<string, WindowLink>();
  readonly detached: string[] = [];

  attachWindow(link: WindowLink): () => void {
    this.links.set(link.id, link);
    return () => {
      this.links.delete(link.id);
      this.detached.push(link.id);
    };
  }

  push(id: string, events: WireEvent[]): void {
    this.links.get(id)?.send(events);
  }
}

export function memoryStorage(initial: string | null = null): PlacementStorage & { text: string | null; writes: number } {
  const store = {
    text: initial,
    writes: 0,
    read: () => store.text,
    write(text: string) {
      store.text = text;
      store.writes++;
    },
  };
  return store;
}

let counter = 0;

/** A whale of a SPY call sweep (the shared flow row with a whale's size and premium). */
export function flowRow(overrides: Partial<FlowRow> = {}): FlowRow {
  return sharedFlowRow({ symbol: SPY_CALL, size: 500, price: 25, premium: 1_250_000, bid: 24.9, ask: 25, whale: true, ...overrides });
}

export function alert(overrides: Partial<Alert> = {}): Alert {
  counter += 1;
  return {
    id: `a${counter}`,
    sessionId: 's1',
    ruleId: 'r1',
    ruleKind: 'WHALE',
    time: 1_732_890_000_000 + counter * 1000,
    symbol: SPY_CALL,
    flowId: null,
    title: 'Whale',
    body: 'SPY 450C $1.3M',
    ...overrides,
  };
}

/** The sign-in window as SignInAttempt sees it (sign-in-policy.ts): was it closed, was it wiped. */
export class FakeSignInSurface {
  destroyed = 0;
  released = 0;
  failRelease = false;

  destroy(): void {
    this.destroyed++;
  }

  release(): Promise<void> {
    this.released++;
    return this.failRelease ? Promise.reject(new Error('the session is gone')) : Promise.resolve();
  }
}
