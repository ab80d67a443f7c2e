// Exports of a session's flows to CSV, JSON or NDJSON: streamed from SQLite to a file with
// progress events, on its own read connection (a cursor stays open while it writes), yielding
// to the event loop every thousand rows so a big export never freezes main.
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportFormat, ExportProgress } from '../../shared/ipc/sessions.ts';
import { openDatabase } from '../store/database.ts';
import { writeFlows } from '../store/flow-export.ts';
import { countFlows, iterateFlows } from '../store/flows.ts';

export interface ExportRequest {
  dbPath: string;
  sessionId: number;
  format: ExportFormat;
  dir: string;
  now: number;
  /** Where the finished file can be fetched (web host) or was written (desktop). */
  locate: (fileName: string, fullPath: string) => string;
  onProgress: (progress: ExportProgress) => void;
}

export async function exportSession(request: ExportRequest): Promise<ExportProgress> {
  const { sessionId, format, dir } = request;
  const db = openDatabase(request.dbPath, { readonly: true });
  mkdirSync(dir, { recursive: true });
  const stamp = new Date(request.now).toISOString().replace(/[:.]/g, '-');
  const fileName = `fathom-session-${sessionId}-${stamp}.${format}`;
  const fullPath = join(dir, fileName);
  const exportId = `${sessionId}-${request.now}`;
  const totalRows = countFlows(db, sessionId);
  const base: ExportProgress = { exportId, sessionId: String(sessionId), format, rows: 0, totalRows, done: false, location: null, error: null };
  request.onProgress(base);
  const out = createWriteStream(fullPath);
  try {
    const rows = await writeFlows(iterateFlows(db, { sessionId }), format, out, (n) => request.onProgress({ ...base, rows: n }));
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const done = { ...base, rows, done: true, location: request.locate(fileName, fullPath) };
    request.onProgress(done);
    return done;
  } catch (error) {
    out.destroy();
    const failed = { ...base, done: true, error: (error as Error).message };
    request.onProgress(failed);
    return failed;
  } finally {
    db.close();
  }
}

