// What a sign-in starts from and how its failures read: the app details checked before anyone
// is sent to Schwab, and the token endpoint's refusals put in words the user can act on.
import { SchwabRestError } from '../schwab/rest.ts';
import { registerSecret } from '../util/log.ts';
import type { StoredApp } from './credential-store.ts';
import { checkCallbackUrl, SignInError } from './redirect.ts';

export interface AppInput {
  appKey: string;
  appSecret: string;
  callbackUrl: string;
}

/** The app as it will be stored, or a SignInError naming what is wrong. */
export function checkAppInput(input: AppInput, apiBase: string): StoredApp {
  const appKey = input.appKey.trim();
  const appSecret = input.appSecret.trim();
  // Schwab's keys are 32 or 48 characters and secrets 16 or 64 (docs/schwab-streaming.md §1.3);
  // only the shape is checked.
  if (!/^[A-Za-z0-9]{16,128}$/.test(appKey)) throw new SignInError('the app key is letters and digits (32 or 48 of them at Schwab)');
  if (appSecret.length < 8 || appSecret.length > 256 || /\s/.test(appSecret)) throw new SignInError('the app secret does not look right (16 or 64 characters at Schwab)');
  registerSecret(appSecret);
  const callbackUrl = checkCallbackUrl(input.callbackUrl);
  return { appKey, appSecret, callbackUrl, apiBase: apiBase.replace(/\/+$/, '') };
}

/** A failed code exchange, in words: the user can always recover by signing in again. */
export function exchangeError(error: unknown): Error {
  if (!(error instanceof SchwabRestError)) return error instanceof Error ? error : new Error(String(error));
  if (error.kind === 'invalid-grant') {
    return new SignInError('Schwab refused the code: it lives about 30 seconds and works once. Sign in again and paste the new address at once');
  }
  if (error.kind === 'unauthorized') return new SignInError('Schwab refused the app key or secret: check them in the Schwab developer portal');
  if (error.transient) return new SignInError(`could not reach Schwab to finish the sign-in (${error.message}): sign in again`);
  return new SignInError(`the sign-in failed: ${error.message}`);
}
