// Schwab sign-in state for the feed window: the status main pushes, its warnings, and the
// steps of a sign-in (begin, then complete with the pasted redirect). Only statuses and the
// authorize URL ever reach the page; tokens and the app secret stay in main.
import type { FathomBridge } from '../../shared/ipc/bridge.ts';
import type { AuthStatus, AuthWarning } from '../../shared/ipc/auth.ts';
import type { TestHooks } from '../app/test-hooks.ts';
import { Cell } from '../state/cell.ts';
import type { FrameBatcher } from '../state/frame-batcher.ts';

export type NewApp = { appKey: string; appSecret: string; callbackUrl: string };

export class AuthModel {
  readonly status: Cell<AuthStatus | null>;
  readonly warning: Cell<AuthWarning | null>;
  /** Set between begin and complete: the page to approve the app on. */
  readonly authorizeUrl: Cell<string | null>;
  private readonly bridge: FathomBridge;
  private readonly hooks: TestHooks;

  constructor(bridge: FathomBridge, batcher: FrameBatcher, hooks: TestHooks) {
    this.bridge = bridge;
    this.hooks = hooks;
    this.status = new Cell<AuthStatus | null>(null, batcher);
    this.warning = new Cell<AuthWarning | null>(null, batcher);
    this.authorizeUrl = new Cell<string | null>(null, batcher);
  }

  start(): () => void {
    const offs = [
      this.bridge.on.auth.status((status) => this.setStatus(status)),
      this.bridge.on.auth.warning((warning) => {
        this.warning.set(warning);
        this.hooks.emit('auth-warning', { kind: warning.kind });
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  async refresh(): Promise<void> {
    this.setStatus(await this.bridge.api.auth.status({}));
  }

  /** With a new app's key, secret and callback, or none to sign in again with the stored app. */
  async begin(app: NewApp | null): Promise<string> {
    const { authorizeUrl } = await this.bridge.api.auth.begin(app ?? {});
    this.authorizeUrl.set(authorizeUrl);
    this.hooks.emit('auth-begun');
    return authorizeUrl;
  }

  async complete(redirectUrl: string): Promise<AuthStatus> {
    const status = await this.bridge.api.auth.complete({ redirectUrl });
    this.authorizeUrl.set(null);
    this.setStatus(status);
    return status;
  }

  cancel(): void {
    this.authorizeUrl.set(null);
  }

  async signOut(): Promise<void> {
    this.setStatus(await this.bridge.api.auth.signOut({}));
  }

  private setStatus(status: AuthStatus): void {
    this.status.set(status);
    if (status.state === 'signed-in') this.warning.set(null);
    this.hooks.emit('auth', { state: status.state });
  }
}
