// `fathom replay --db <file> [--session <id>|latest] [--speed max] [--format csv|json|ndjson]
//  [--set key=value ...]` re-runs a session's recorded frames through the engine and prints the
//  flows; with the session's own settings they are exactly the recorded ones.
import { replayFlows } from '../replay/replay-flows.ts';
import { openDatabase } from '../store/database.ts';
import { writeFlows } from '../store/flow-export.ts';
import { dbPath, parseFlags, UsageError } from './args.ts';
import type { CliIo } from './main.ts';
import { formatFlag, sessionFlag, settingsOverrides } from './session-flags.ts';

export async function replayCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, {
    db: { type: 'string' },
    session: { type: 'string' },
    speed: { type: 'string' },
    format: { type: 'string' },
    set: { type: 'string', multiple: true },
  });
  if (flags.speed !== undefined && flags.speed !== 'max') throw new UsageError('--speed: the CLI replays at "max"; paced replay is in the app');
  const path = dbPath(flags.db);
  const format = formatFlag(flags.format);
  const overrides = settingsOverrides(flags.set);
  const db = openDatabase(path, { readonly: true });
  try {
    const sessionId = sessionFlag(db, flags.session);
    const result = replayFlows(db, sessionId, overrides);
    await writeFlows(result.flows, format, io.stdout ?? process.stdout);
    return 0;
  } finally {
    db.close();
  }
}
