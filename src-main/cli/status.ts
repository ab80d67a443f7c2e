// `fathom status [--json]`: the Schwab sign-in in one line, read from the OS keychain. No
// secret is ever printed. Exit code 1 when the keychain cannot be reached, else 0.
import type { AuthStatus } from '../../shared/ipc/auth.ts';
import { authServiceFromEnv } from '../credentials/from-env.ts';
import { describeStatus } from '../credentials/status-text.ts';
import { systemClock } from '../util/clock.ts';
import { silentLogger } from '../util/log.ts';
import { defineCommand, parseCommand } from './args.ts';
import type { CliIo } from './io.ts';

export const statusSpec = defineCommand({
  name: 'status',
  summary: 'print the Schwab sign-in status in one line, read from the OS keychain',
  details: ['No secret is printed. Exit code 1 when the keychain cannot be reached.'],
  flags: {
    json: { type: 'boolean', description: 'the status as one JSON object' },
  },
  examples: ['npx fathom status', 'npx fathom status --json'],
});

export async function statusCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseCommand(statusSpec, args);
  const clock = systemClock();
  const status = await authServiceFromEnv(io.env ?? process.env, clock, silentLogger).status();
  io.out(flags.json ? JSON.stringify(status) : `${describeStatus(status, clock.now())}${hint(status)}`);
  return status.state === 'keychain-unavailable' ? 1 : 0;
}

function hint(status: AuthStatus): string {
  if (status.state === 'signed-out') return ': run `npx fathom login` to sign in with Schwab';
  if (status.state === 'needs-sign-in') return ' (`npx fathom login`)';
  return '';
}
