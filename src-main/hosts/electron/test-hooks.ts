// End-to-end hooks in the main process, for e2e/electron only: installed when FATHOM_E2E=1 in an
// unpackaged app, never in a packaged one. Playwright reaches them with
// `electronApp.evaluate(() => globalThis.__fathomTest…)`.
import type { ConnectionState } from '../../../shared/domain/session.ts';
import type { NotificationRouter } from './notification-router.ts';
import { syntheticAlert } from './notification-router.ts';
import type { WindowInfo } from './window-manager.ts';

export interface MainTestHooks {
  /** Open windows, with kind, contract and readiness. */
  windows(): WindowInfo[];
  /**
   * Shows a whale notification for the contract (past the gates: the test window has focus)
   * and clicks it, through the same router a real click goes through.
   */
  clickNotification(symbol: string): boolean;
  /** External links the security layer let through (recorded, never opened, in tests). */
  externalRequests(): string[];
  status(): ConnectionState;
  /**
   * Opens the Schwab sign-in window on an address the test chooses, under the same rules as a
   * real sign-in (the auth service would need a keychain and Schwab); what it catches (or null)
   * lands in signInResults().
   */
  openSignIn(authorizeUrl: string, callbackUrl: string): void;
  /** Each finished sign-in's answer, in order; `error: <message>` when it refused to open. */
  signInResults(): (string | null)[];
}

export interface TestHookDeps {
  windows: { list(): WindowInfo[] };
  notifications: NotificationRouter;
  externalRequests: readonly string[];
  status(): ConnectionState;
  now(): number;
  signIn(authorizeUrl: string, callbackUrl: string): Promise<string | null>;
}

export function mainTestHooks(deps: TestHookDeps): MainTestHooks {
  const signIns: (string | null)[] = [];
  return Object.freeze({
    windows: () => deps.windows.list(),
    clickNotification(symbol: string) {
      const alert = syntheticAlert(symbol, deps.now());
      deps.notifications.route(alert, true);
      return deps.notifications.click(alert.id);
    },
    externalRequests: () => [...deps.externalRequests],
    status: () => deps.status(),
    openSignIn(authorizeUrl: string, callbackUrl: string) {
      deps.signIn(authorizeUrl, callbackUrl).then(
        (caught) => signIns.push(caught),
        (error: unknown) => signIns.push(`error: ${(error as Error).message}`),
      );
    },
    signInResults: () => [...signIns],
  });
}

export function installMainTestHooks(hooks: MainTestHooks): void {
  (globalThis as { __fathomTest?: MainTestHooks }).__fathomTest = hooks;
}
