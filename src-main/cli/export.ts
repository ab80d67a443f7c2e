// `fathom export --db <file> --session <id> --out <file.csv|file.json|file.ndjson>`: streams a
// session's flows to a file, with a progress line on standard error.
import { createWriteStream } from 'node:fs';
import { extname } from 'node:path';
import { openDatabase } from '../store/database.ts';
import { writeFlows } from '../store/flow-export.ts';
import { countFlows, iterateFlows } from '../store/flows.ts';
import { dbPath, parseFlags, UsageError } from './args.ts';
import type { CliIo } from './main.ts';
import { formatFlag, sessionFlag } from './session-flags.ts';

export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(args, { db: { type: 'string' }, session: { type: 'string' }, out: { type: 'string' } });
  if (!flags.out) throw new UsageError('--out <file.csv|file.json|file.ndjson> is required');
  const format = formatFlag(extname(flags.out).slice(1) || undefined);
  dbPath(flags.out);
  const db = openDatabase(dbPath(flags.db), { readonly: true });
  try {
    const sessionId = sessionFlag(db, flags.session);
    const total = countFlows(db, sessionId);
    const out = createWriteStream(flags.out);
    const progress = (rows: number) => process.stderr.write(`\rexporting session ${sessionId}: ${rows}/${total} flows`);
    const rows = await writeFlows(iterateFlows(db, { sessionId }), format, out, progress);
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    process.stderr.write('\n');
    io.out(`exported ${rows} flows of session ${sessionId} to ${flags.out}`);
    return 0;
  } finally {
    db.close();
  }
}
