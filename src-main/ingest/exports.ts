// Exports of a session's flows to CSV, JSON, NDJSON or Parquet: streamed from SQLite to a file with
// progress events, on its own read connection (a cursor stays open while it writes), yielding
// to the event loop every thousand rows so a big export never stalls the market.
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ExportDelivery, ExportFormat, ExportProgress } from '../../shared/ipc/sessions.ts';
import type { ExportDeliveryMode } from '../ingest-protocol/requests.ts';
import { openDatabase, type Db } from '../store/database.ts';
import { writeExport } from '../store/export-file.ts';
import { countFlows, iterateFlows } from '../store/flows.ts';

export interface ExportRequest {
  dbPath: string;
  sessionId: number;
  format: ExportFormat;
  dir: string;
  now: number;
  /** How the host hands the finished file to the user. */
  delivery: ExportDeliveryMode;
  onProgress: (progress: ExportProgress) => void;
}

/** Never rejects: a failure (a database that cannot be opened, a full disk) is a final progress. */
export async function exportSession(request: ExportRequest): Promise<ExportProgress> {
  const { sessionId, format, dir } = request;
  const stamp = new Date(request.now).toISOString().replace(/[:.]/g, '-');
  const fileName = `fathom-session-${sessionId}-${stamp}.${format}`;
  const fullPath = join(dir, fileName);
  let base: ExportProgress = { exportId: exportIdOf(sessionId, request.now), sessionId: String(sessionId), format, rows: 0, totalRows: 0, done: false, delivered: null, error: null };
  let db: Db | null = null;
  let out: WriteStream | null = null;
  try {
    db = openDatabase(request.dbPath, { readonly: true });
    mkdirSync(dir, { recursive: true });
    base = { ...base, totalRows: countFlows(db, sessionId) };
    request.onProgress(base);
    const file = createWriteStream(fullPath);
    out = file;
    const rows = await writeExport(iterateFlows(db, { sessionId }), format, file, (n) => request.onProgress({ ...base, rows: n }));
    await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const done = { ...base, rows, done: true, delivered: deliveredAs(request.delivery, fileName, fullPath) };
    request.onProgress(done);
    return done;
  } catch (error) {
    out?.destroy();
    const failed = { ...base, done: true, error: (error as Error).message };
    request.onProgress(failed);
    return failed;
  } finally {
    db?.close();
  }
}

/** One id for the first answer and every progress event of an export. */
export function exportIdOf(sessionId: number, startedAt: number): string {
  return `${sessionId}-${startedAt}`;
}

function deliveredAs(mode: ExportDeliveryMode, fileName: string, fullPath: string): ExportDelivery {
  return mode.by === 'link' ? { by: 'link', url: `${mode.prefix}${encodeURIComponent(fileName)}` } : { by: 'file', path: fullPath };
}
