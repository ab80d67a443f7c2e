// What the window manager needs of native windows, and what it is told about them: the narrow
// interface electron-window.ts implements with BrowserWindows and the tests with plain objects.
import type { WindowKind } from '../../../shared/ipc/define.ts';
import type { WireEvent } from '../../../shared/ipc/push.ts';
import type { WindowLink } from '../../app/push-hub.ts';
import type { DisplayArea, WindowPlacement } from './bounds.ts';

export interface WindowSpec {
  kind: WindowKind;
  /** The contract of a book window (Schwab's 21-character symbol); null for the feed. */
  symbol: string | null;
  title: string;
  placement: WindowPlacement;
}

/** What the manager needs of a native window. */
export interface WindowHandle {
  /** The id of its web contents: how an IPC sender is matched to the window. */
  readonly contentsId: number;
  send(events: WireEvent[]): void;
  /**
   * Hands its page a MessagePort for the flow stream under the page's nonce (port-router.ts,
   * shared/ipc/port-handshake.ts); absent where windows have no ports (tests' plain objects).
   */
  openPort?(nonce: string): void;
  /** Restores, shows and focuses it. */
  focus(): void;
  isFocused(): boolean;
  placement(): WindowPlacement;
}

/** What a window tells the manager; the factory wires these to the native events. */
export interface WindowEvents {
  /** Moved, resized, maximised or restored. */
  moved(): void;
  /** About to close: its placement can still be read. */
  closing(): void;
  closed(): void;
  /** Its page started loading anew (reload, crash recovery): the old page's link must end. */
  pageReset(): void;
}

export interface WindowFactory {
  create(spec: WindowSpec, events: WindowEvents): WindowHandle;
  displays(): DisplayArea[];
}

/** The part of AppCore the manager uses. */
export interface CoreWindows {
  attachWindow(link: WindowLink): () => void;
}
