// `fathom logout`: deletes Fathom's Schwab items (app secret, refresh and access tokens) from
// the OS keychain. Exit code 1, with the reason, when the keychain cannot be reached.
import { authServiceFromEnv } from '../credentials/from-env.ts';
import { KeychainUnavailableError } from '../credentials/keychain.ts';
import { systemClock } from '../util/clock.ts';
import { silentLogger } from '../util/log.ts';
import { defineCommand, parseCommand } from './args.ts';
import type { CliIo } from './io.ts';

export const logoutSpec = defineCommand({
  name: 'logout',
  summary: 'delete the Schwab app secret and tokens from the OS keychain',
  flags: {},
  examples: ['npx fathom logout'],
});

export async function logoutCommand(args: string[], io: CliIo): Promise<number> {
  parseCommand(logoutSpec, args);
  try {
    await authServiceFromEnv(io.env ?? process.env, systemClock(), silentLogger).signOut();
  } catch (error) {
    if (!(error instanceof KeychainUnavailableError)) throw error;
    io.err(`fathom logout: ${error.message}; nothing was deleted`);
    return 1;
  }
  io.out('signed out: the Schwab app secret and tokens are deleted from the keychain');
  return 0;
}
