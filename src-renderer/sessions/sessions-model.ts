// Recorded sessions, the replay being steered, and exports, outside React. A replay changes what
// the whole feed shows (main resets it and streams the replayed market as if live); closing it
// hands the feed back to the live session, which the feed then reloads.
import type { Session } from '../../shared/domain/session.ts';
import type { FlowSettings } from '../../shared/domain/settings.ts';
import type { FathomBridge } from '../../shared/ipc/bridge.ts';
import type { ExportDelivery, ExportFormat, ExportProgress, ReplayState } from '../../shared/ipc/sessions.ts';
import type { TestHooks } from '../app/test-hooks.ts';
import { Cell } from '../state/cell.ts';
import type { FrameBatcher } from '../state/frame-batcher.ts';

type ReplayAction = Parameters<FathomBridge['api']['sessions']['controlReplay']>[0];

export interface SessionsModelDeps {
  bridge: FathomBridge;
  batcher: FrameBatcher;
  hooks: TestHooks;
  /** Hands a finished export to the user as the host delivered it (a link, or a saved file). */
  deliver: (delivered: ExportDelivery) => void;
  /** The replay closed: the feed reloads the live session. */
  onLive: () => void;
  fail: (what: string, error: unknown) => void;
}

export class SessionsModel {
  readonly sessions: Cell<Session[] | null>;
  readonly replay: Cell<ReplayState | null>;
  /** The latest export per session started from this window. */
  readonly exports: Cell<ReadonlyMap<string, ExportProgress>>;
  private readonly deps: SessionsModelDeps;
  /** Sessions with an export from this window still running: only those download. */
  private readonly pending = new Set<string>();
  /** The replay this window closed: its last states may still be on their way. */
  private closed: string | null = null;

  constructor(deps: SessionsModelDeps) {
    this.deps = deps;
    this.sessions = new Cell<Session[] | null>(null, deps.batcher);
    this.replay = new Cell<ReplayState | null>(null, deps.batcher);
    this.exports = new Cell<ReadonlyMap<string, ExportProgress>>(new Map(), deps.batcher);
  }

  start(): () => void {
    const on = this.deps.bridge.on.sessions;
    const offs = [
      on.replay((state) => {
        // Null: the windows show the live session again (this window or another closed it).
        if (state === null) this.replay.set(null);
        else if (state.sessionId !== this.closed) this.setReplay(state);
      }),
      on.exportProgress((progress) => this.onExport(progress)),
    ];
    return () => offs.forEach((off) => off());
  }

  async refresh(): Promise<void> {
    try {
      this.sessions.set(await this.deps.bridge.api.sessions.list({ limit: 200 }));
      this.deps.hooks.emit('sessions', { count: this.sessions.get()?.length ?? 0 });
    } catch (error) {
      this.deps.fail('loading the sessions', error);
    }
  }

  /** Opens a session for replay, with its recorded flow rules unless others are given. */
  async openReplay(sessionId: string, settings?: FlowSettings): Promise<boolean> {
    try {
      this.closed = null;
      this.setReplay(await this.deps.bridge.api.sessions.openReplay({ sessionId, ...(settings ? { settings } : {}) }));
      return true;
    } catch (error) {
      this.deps.fail(`opening session ${sessionId} for replay`, error);
      return false;
    }
  }

  async control(action: ReplayAction): Promise<void> {
    try {
      this.setReplay(await this.deps.bridge.api.sessions.controlReplay(action));
    } catch (error) {
      this.deps.fail(`replay ${action.action}`, error);
    }
  }

  async close(): Promise<void> {
    this.closed = this.replay.get()?.sessionId ?? null;
    try {
      await this.deps.bridge.api.sessions.closeReplay({});
    } catch (error) {
      this.deps.fail('closing the replay', error);
    }
    this.replay.set(null);
    this.deps.hooks.emit('replay-closed');
    this.deps.onLive();
  }

  async startExport(sessionId: string, format: ExportFormat): Promise<void> {
    this.pending.add(sessionId);
    try {
      const first = await this.deps.bridge.api.sessions.startExport({ sessionId, format });
      // Progress events may already have moved it on.
      const held = this.exports.get().get(sessionId);
      if (!held || held.exportId !== first.exportId) this.putExport(first);
    } catch (error) {
      this.pending.delete(sessionId);
      this.deps.fail(`exporting session ${sessionId}`, error);
    }
  }

  private setReplay(state: ReplayState): void {
    this.replay.set(state);
    const { frameIndex, frameCount, playing, finished, position, speed } = state;
    this.deps.hooks.emit('replay', { sessionId: state.sessionId, frameIndex, frameCount, playing, finished, position, speed });
  }

  private onExport(progress: ExportProgress): void {
    if (!this.pending.has(progress.sessionId)) return;
    this.putExport(progress);
    if (!progress.done) return;
    this.pending.delete(progress.sessionId);
    if (progress.delivered && !progress.error) this.deps.deliver(progress.delivered);
  }

  private putExport(progress: ExportProgress): void {
    this.exports.update((all) => new Map(all).set(progress.sessionId, progress));
    const { exportId, sessionId, format, rows, totalRows, done, error } = progress;
    this.deps.hooks.emit('export', { exportId, sessionId, format, rows, totalRows, done, error });
  }
}

/** A finished export the host serves as an attachment at `url`: the browser downloads it. */
export function downloadExport(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}
