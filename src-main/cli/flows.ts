// `fathom flows --db <file> [--session <id>|latest] [--format csv|json|ndjson]
//  [--min-premium N] [--kind SWEEP,BLOCK] [--whales]` streams stored flows to standard output.
import { writeFlows } from '../store/flow-export.ts';
import { iterateFlows } from '../store/flows.ts';
import { openDatabase } from '../store/database.ts';
import { dbPath, numberFlag, parseFlags } from './args.ts';
import type { CliIo } from './main.ts';
import { formatFlag, kindsFlag, sessionFlag } from './session-flags.ts';

export async function flowsCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, {
    db: { type: 'string' },
    session: { type: 'string' },
    format: { type: 'string' },
    'min-premium': { type: 'string' },
    kind: { type: 'string' },
    whales: { type: 'boolean' },
  });
  const path = dbPath(flags.db);
  const format = formatFlag(flags.format);
  const minPremium = numberFlag(flags['min-premium'], 'min-premium', { min: 0 });
  const kinds = kindsFlag(flags.kind);
  const db = openDatabase(path, { readonly: true });
  try {
    const sessionId = sessionFlag(db, flags.session);
    const flows = iterateFlows(db, {
      sessionId,
      ...(minPremium !== undefined ? { minPremium } : {}),
      ...(kinds ? { kinds } : {}),
      whalesOnly: flags.whales ?? false,
    });
    await writeFlows(flows, format, io.stdout ?? process.stdout);
    return 0;
  } finally {
    db.close();
  }
}
