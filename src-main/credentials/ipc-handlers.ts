// The auth channels of the IPC contract, for both hosts. The router has validated every
// payload against shared/ipc/auth.ts before a handler runs; answers are a status or the
// authorize URL, and every error message passes the log's secret redaction on its way out.
import { auth, authEvents } from '../../shared/ipc/auth.ts';
import type { PushTarget } from '../../shared/ipc/push.ts';
import { IpcFailure, type IpcRouter } from '../ipc/router.ts';
import { NeedsSignInError } from '../schwab/token-manager.ts';
import type { Unsubscribe } from '../util/emitter.ts';
import { redact } from '../util/log.ts';
import type { AuthService } from './auth-service.ts';
import { KeychainUnavailableError } from './keychain.ts';
import { SignInError } from './redirect.ts';

export interface AuthHandlerOptions {
  /**
   * Electron: opens the sign-in window and resolves with the redirect it caught before it
   * loaded (null when the user closed it). Without it (the web host) the user pastes the URL.
   */
  captureRedirect?: (authorizeUrl: string, callbackUrl: string) => Promise<string | null>;
  /** Where the auth events go (the host's push hub): the latest status, and every warning. */
  push?: PushTarget;
}

export function registerAuthHandlers(router: Pick<IpcRouter, 'handle'>, service: AuthService, options: AuthHandlerOptions = {}): Unsubscribe {
  router.handle(auth.status, () => guard(() => service.status()));
  router.handle(auth.begin, async (payload) => {
    const started = await guard(() => service.begin(payload));
    const capture = options.captureRedirect;
    if (capture) {
      // The renderer gets the URL at once (for its paste-the-address fallback); the window's
      // result arrives as an auth:status event, or an auth:warning when it failed.
      void capture(started.authorizeUrl, started.callbackUrl)
        .then((redirectUrl) => (redirectUrl === null ? undefined : service.complete(redirectUrl)))
        .catch((error: unknown) => service.signInFailed(new Error(redact((error as Error)?.message ?? String(error)))));
    }
    return { authorizeUrl: started.authorizeUrl };
  });
  router.handle(auth.complete, ({ redirectUrl }) => guard(() => service.complete(redirectUrl)));
  router.handle(auth.signOut, () => guard(() => service.signOut()));

  const push = options.push;
  if (!push) return () => undefined;
  const offStatus = service.events.on('status', (status) => push.push(authEvents.status, status));
  const offWarning = service.events.on('warning', (warning) => push.push(authEvents.warning, warning));
  return () => {
    offStatus();
    offWarning();
  };
}

/** Errors the user can act on keep their words; anything else becomes a plain INTERNAL. */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const message = redact(error instanceof Error ? error.message : String(error)).slice(0, 400);
    if (error instanceof KeychainUnavailableError) throw new IpcFailure('UNAVAILABLE', message);
    if (error instanceof SignInError || error instanceof NeedsSignInError) throw new IpcFailure('BAD_REQUEST', message);
    throw new IpcFailure('INTERNAL', `the sign-in service failed: ${message}`);
  }
}
