// The one door from a renderer into main. Every request is checked to come from the top frame of
// one of our windows, showing our own page, before the core's router sees it; the router then
// validates the channel, the window kind and the payload against the contract (shared/ipc).
// A refusal is an envelope like any other answer, so a hostile page learns nothing more than
// "forbidden". Electron-free: desktop.ts turns an IpcMainInvokeEvent into a SenderInfo.
import type { Envelope } from '../../../shared/ipc/define.ts';
import { windows as windowChannels } from '../../../shared/ipc/windows.ts';
import { isPortNonce } from '../../../shared/ipc/port-handshake.ts';
import { silentLogger, type Logger } from '../../util/log.ts';

/** Who sent an IPC message, as Electron reports it. */
export interface SenderInfo {
  /** `event.sender.id`. */
  contentsId: number;
  /** `event.senderFrame`; null once the frame has navigated away or been destroyed. */
  frame: { url: string; isMainFrame: boolean } | null;
}

export interface GateWindows {
  fromContents(contentsId: number): { windowId: string } | undefined;
  markReady(windowId: string): void;
}

export interface IpcGateOptions {
  windows: GateWindows;
  /** True for our own renderer page (app://fathom/index.html, any query). */
  isOwnPage(url: string): boolean;
  dispatch(windowId: string, channel: unknown, payload: unknown): Promise<Envelope<unknown>>;
  logger?: Logger;
}

export interface IpcGate {
  request(sender: SenderInfo, channel: unknown, payload: unknown): Promise<Envelope<unknown>>;
  /**
   * A window's page asks for its flow port (shared/ipc/port-handshake.ts): the window's id when
   * the sender passes the same checks as a request and the nonce is well formed, else null.
   */
  portRequest(sender: SenderInfo, nonce: unknown): string | null;
}

const READY = windowChannels.ready.channel;

export function createIpcGate(options: IpcGateOptions): IpcGate {
  const log = (options.logger ?? silentLogger).child('ipc-gate');
  const refuse = (why: string, sender: SenderInfo): Envelope<unknown> => {
    log.warn('request from an untrusted sender refused', { why, contents: sender.contentsId });
    return { ok: false, error: { code: 'FORBIDDEN', message: 'this sender may not call Fathom' } };
  };

  /** Why a sender may not call, or null when it may. */
  const distrust = (sender: SenderInfo): string | null => {
    if (!sender.frame) return 'no frame';
    if (!sender.frame.isMainFrame) return 'not the top frame';
    if (!options.isOwnPage(sender.frame.url)) return 'not our page';
    if (!options.windows.fromContents(sender.contentsId)) return 'not one of our windows';
    return null;
  };

  return {
    portRequest(sender, nonce) {
      const why = distrust(sender) ?? (isPortNonce(nonce) ? null : 'a malformed nonce');
      if (why) {
        log.warn('port request from an untrusted sender refused', { why, contents: sender.contentsId });
        return null;
      }
      return options.windows.fromContents(sender.contentsId)?.windowId ?? null;
    },
    async request(sender, channel, payload) {
      const why = distrust(sender);
      if (why) return refuse(why, sender);
      const window = options.windows.fromContents(sender.contentsId);
      if (!window) return refuse('not one of our windows', sender);
      let envelope: Envelope<unknown>;
      try {
        envelope = await options.dispatch(window.windowId, channel, payload);
      } catch (error) {
        // The router answers in envelopes; this is a bug, but the page still gets an answer.
        log.error('dispatch failed', { reason: (error as Error)?.message });
        return { ok: false, error: { code: 'INTERNAL', message: 'the request failed' } };
      }
      // The page has its listeners in place once it announces itself: release what waited.
      if (channel === READY && envelope.ok) options.windows.markReady(window.windowId);
      return envelope;
    },
  };
}
