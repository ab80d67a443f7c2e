// The OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service on Linux) as
// a tiny string store, through @napi-rs/keyring. It never falls back to anything else: when
// the keychain cannot be reached every call fails with KeychainUnavailableError.
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';

export const DEFAULT_KEYCHAIN_SERVICE = 'Fathom';

/** The keychain cannot be used (no Secret Service, locked, refused): never a plaintext fallback. */
export class KeychainUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeychainUnavailableError';
  }
}

export interface Keychain {
  /** The service name the items are filed under; tests use a throwaway one. */
  readonly service: string;
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  /** True when an item was deleted, false when there was none. */
  delete(account: string): Promise<boolean>;
}

export interface OsKeychainOptions {
  service?: string;
  /** How long to wait for the keychain, which may be showing the user an unlock prompt. */
  timeoutMs?: number;
}

// On Linux the library's default is "Secret Service, else the kernel keyring". The kernel
// keyring lives only as long as the login session, and when it is refused reads come back
// empty instead of failing (verified): a sign-in would vanish or a broken keychain would look
// like "signed out". Pinning the Secret Service makes an absent one an error we can report.
const ENTRY_OPTIONS: EntryOptions | undefined = process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined;

export class OsKeychain implements Keychain {
  readonly service: string;
  private readonly timeoutMs: number;

  constructor(options: OsKeychainOptions = {}) {
    this.service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  get(account: string): Promise<string | null> {
    return this.call('read', account, (entry, signal) => entry.getPassword(signal));
  }

  async set(account: string, value: string): Promise<void> {
    await this.call('write', account, (entry, signal) => entry.setPassword(value, signal));
  }

  delete(account: string): Promise<boolean> {
    return this.call('delete', account, (entry, signal) => entry.deleteCredential(signal));
  }

  private async call<T>(what: string, account: string, fn: (entry: AsyncEntry, signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      // Async entries keep Electron's main thread free while the OS asks the user to unlock.
      return await fn(new AsyncEntry(this.service, account, ENTRY_OPTIONS), AbortSignal.timeout(this.timeoutMs));
    } catch (error) {
      throw new KeychainUnavailableError(`cannot ${what} the OS keychain (${keychainName()}): ${describe(error)}`);
    }
  }
}

export function keychainName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service';
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return 'it did not answer in time (is it locked?)';
  // The library's texts are about the platform store, never the values; keep them short.
  return message.replace(/\s+/g, ' ').slice(0, 240);
}

/** The keychain of this process: FATHOM_KEYCHAIN_SERVICE picks another service name (tests, profiles). */
export function keychainFromEnv(env: NodeJS.ProcessEnv = process.env): OsKeychain {
  const service = env.FATHOM_KEYCHAIN_SERVICE?.trim();
  return new OsKeychain(service ? { service } : {});
}
