// `fathom export --db <file> --session <id> --out <file.csv|file.json|file.ndjson|file.parquet>`:
// streams a session's flows to a file, with a progress line on standard error.
import { createWriteStream } from 'node:fs';
import { extname } from 'node:path';
import { openDatabase } from '../store/database.ts';
import { writeExport } from '../store/export-file.ts';
import { countFlows, iterateFlows } from '../store/flows.ts';
import { dbPath, defineCommand, parseCommand, UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { fileFormatFlag, sessionFlag } from './session-flags.ts';

export const exportSpec = defineCommand({
  name: 'export',
  summary: "write a session's flows to a file, with progress on standard error",
  flags: {
    db: { type: 'string', value: '<file>', required: true, description: 'the SQLite database to read' },
    session: { type: 'string', value: '<id>|latest', description: 'the session to export (default: the latest)' },
    out: { type: 'string', value: '<file>', required: true, description: 'the file to write; its extension (.csv, .json, .ndjson or .parquet) picks the format' },
  },
  examples: ['npx fathom export --db fathom.db --session 3 --out session-3.csv', 'npx fathom export --db fathom.db --out latest.ndjson', 'npx fathom export --db fathom.db --session latest --out latest.parquet'],
});

export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseCommand(exportSpec, args);
  if (!flags.out) throw new UsageError('--out <file.csv|file.json|file.ndjson|file.parquet> is required');
  const format = fileFormatFlag(extname(flags.out).slice(1).toLowerCase());
  dbPath(flags.out);
  const db = openDatabase(dbPath(flags.db), { readonly: true });
  try {
    const sessionId = sessionFlag(db, flags.session);
    const total = countFlows(db, sessionId);
    const out = createWriteStream(flags.out);
    const progress = (rows: number) => process.stderr.write(`\rexporting session ${sessionId}: ${rows}/${total} flows`);
    const rows = await writeExport(iterateFlows(db, { sessionId }), format, out, progress);
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    process.stderr.write('\n');
    io.out(`exported ${rows} flows of session ${sessionId} to ${flags.out}`);
    return 0;
  } finally {
    db.close();
  }
}
