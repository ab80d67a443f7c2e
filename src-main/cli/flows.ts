// `fathom flows --db <file> [--session <id>|latest] [--format csv|json|ndjson]
//  [--min-premium N] [--kind SWEEP,BLOCK] [--whales] [--delta-min D ...]` streams stored flows
//  to standard output.
import { writeFlows } from '../store/flow-export.ts';
import { iterateFlows } from '../store/flows.ts';
import { openDatabase } from '../store/database.ts';
import { dbPath, defineCommand, numberFlag, parseCommand } from './args.ts';
import type { CliIo } from './io.ts';
import { formatFlag, KIND_NAMES, kindsFlag, sessionFlag } from './session-flags.ts';
import { filterByVolatility, VOLATILITY_FLAGS, volatilityFilterOf } from './volatility-flags.ts';

export const flowsSpec = defineCommand({
  name: 'flows',
  summary: "print a session's stored flows to standard output",
  flags: {
    db: { type: 'string', value: '<file>', required: true, description: 'the SQLite database to read' },
    session: { type: 'string', value: '<id>|latest', description: 'the session to print (default: the latest)' },
    format: { type: 'string', value: 'csv|json|ndjson', description: 'the output format (default: ndjson)' },
    'min-premium': { type: 'string', value: 'N', description: 'only flows of at least N dollars premium' },
    kind: { type: 'string', value: 'SWEEP,BLOCK', description: `only these flow kinds, comma-separated, of ${KIND_NAMES}` },
    whales: { type: 'boolean', description: 'only whale flows' },
    ...VOLATILITY_FLAGS,
  },
  examples: [
    'npx fathom flows --db fathom.db --format csv --kind SWEEP,BLOCK',
    'npx fathom flows --db fathom.db --session 3 --min-premium 100000 --whales',
    'npx fathom flows --db fathom.db --abs-delta --delta-min 0.3 --delta-max 0.6 --iv-rank-min 50',
    'npx fathom flows --db fathom.db --delta-min=-0.6 --delta-max=-0.3 --iv-max 40',
  ],
});

export async function flowsCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseCommand(flowsSpec, args);
  const path = dbPath(flags.db);
  const format = formatFlag(flags.format);
  const minPremium = numberFlag(flags['min-premium'], 'min-premium', { min: 0 });
  const kinds = kindsFlag(flags.kind);
  const volatility = volatilityFilterOf(flags);
  const db = openDatabase(path, { readonly: true });
  try {
    const sessionId = sessionFlag(db, flags.session);
    const flows = iterateFlows(db, {
      sessionId,
      ...(minPremium !== undefined ? { minPremium } : {}),
      ...(kinds ? { kinds } : {}),
      whalesOnly: flags.whales ?? false,
    });
    const row = db.prepare('SELECT source FROM sessions WHERE id = ?').get(sessionId) as { source: string } | undefined;
    const kept = filterByVolatility(flows, volatility, db, row?.source === 'demo' ? 'demo' : 'live', (io.now ?? Date.now)());
    await writeFlows(kept, format, io.stdout ?? process.stdout);
    return 0;
  } finally {
    db.close();
  }
}
