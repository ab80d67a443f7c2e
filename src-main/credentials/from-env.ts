// The auth service of a process that runs on its own (the CLI): the OS keychain under
// FATHOM_KEYCHAIN_SERVICE (default "Fathom") and new sign-ins at SCHWAB_API_BASE (default Schwab).
import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/log.ts';
import { AuthService } from './auth-service.ts';
import { CredentialStore } from './credential-store.ts';
import { keychainFromEnv } from './keychain.ts';

export function authServiceFromEnv(env: NodeJS.ProcessEnv, clock: Clock, logger: Logger): AuthService {
  const apiBase = env.SCHWAB_API_BASE?.trim();
  return new AuthService({
    credentials: new CredentialStore(keychainFromEnv(env)),
    clock,
    logger,
    ...(apiBase ? { apiBase } : {}),
  });
}
