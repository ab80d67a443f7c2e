// What a sign-in starts from and how its failures read: the app details checked before anyone
// is sent to Schwab, and the token endpoint's refusals put in words the user can act on.
import { requireSecureUrl, SchwabRestError } from '../schwab/rest.ts';
import { redactedMessage, registerBasicPair } from '../util/log.ts';
import type { CredentialStore, StoredApp } from './credential-store.ts';
import { checkCallbackUrl, SignInError } from './redirect.ts';

export interface AppInput {
  appKey: string;
  appSecret: string;
  callbackUrl: string;
}

/** The app a sign-in starts with: all three details given, or none for the stored app. */
export async function appFor(input: Partial<AppInput>, credentials: CredentialStore, apiBase: string): Promise<StoredApp> {
  const given = [input.appKey, input.appSecret, input.callbackUrl].filter((v) => v !== undefined && v.trim() !== '').length;
  if (given === 0) {
    const stored = await credentials.loadApp();
    if (!stored) throw new SignInError('no Schwab app is stored yet: give the app key, app secret and callback URL');
    // Stored before https was required: the details must be given again.
    checkApiBase(stored.apiBase, (message) => new SignInError(`the stored app cannot be used: ${message}. Give the app details again`));
    return stored;
  }
  if (given !== 3) throw new SignInError('give all three of the app key, app secret and callback URL (or none, to use the stored app)');
  return checkAppInput(input as AppInput, apiBase);
}

/** The app as it will be stored, or a SignInError naming what is wrong. */
export function checkAppInput(input: AppInput, apiBase: string): StoredApp {
  const appKey = input.appKey.trim();
  const appSecret = input.appSecret.trim();
  // Schwab's keys are 32 or 48 characters and secrets 16 or 64 (docs/schwab-streaming.md §1.3);
  // only the shape is checked.
  if (!/^[A-Za-z0-9]{16,128}$/.test(appKey)) throw new SignInError('the app key is letters and digits (32 or 48 of them at Schwab)');
  if (appSecret.length < 8 || appSecret.length > 256 || /\s/.test(appSecret)) throw new SignInError('the app secret does not look right (16 or 64 characters at Schwab)');
  registerBasicPair(appKey, appSecret);
  const callbackUrl = checkCallbackUrl(input.callbackUrl);
  return { appKey, appSecret, callbackUrl, apiBase: checkApiBase(apiBase, (message) => new SignInError(message)) };
}

/**
 * The API base without its trailing /, if Fathom may send the app secret there: https, or http
 * to a loopback simulator. Otherwise `error(why)` is thrown, before any request.
 */
export function checkApiBase(apiBase: string, error: (message: string) => Error): string {
  const problem = apiBaseProblem(apiBase);
  if (problem !== null) throw error(problem);
  return apiBase.trim().replace(/\/+$/, '');
}

/** Why Fathom will not send the app secret to this API base, or null when it may. */
export function apiBaseProblem(apiBase: string): string | null {
  try {
    requireSecureUrl(apiBase.trim().replace(/\/+$/, ''), 'https:', 'the Schwab API base (SCHWAB_API_BASE)');
    return null;
  } catch (problem) {
    return redactedMessage(problem);
  }
}

/** A failed code exchange, in words: the user can always recover by signing in again. */
export function exchangeError(error: unknown): Error {
  if (!(error instanceof SchwabRestError)) return new Error(redactedMessage(error));
  if (error.kind === 'invalid-grant') {
    return new SignInError('Schwab refused the code: it lives about 30 seconds and works once. Sign in again and paste the new address at once');
  }
  if (error.kind === 'invalid-client') return new SignInError('Schwab refused the app key or secret: check them in the Schwab developer portal');
  if (error.kind === 'network') return new SignInError(`could not reach Schwab to finish the sign-in (${error.message}): sign in again`);
  if (error.transient) return new SignInError(`Schwab did not finish the sign-in (${error.message}): sign in again in a moment`);
  return new SignInError(`the sign-in failed: ${error.message}`);
}
