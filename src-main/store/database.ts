// Opening the SQLite file: WAL, foreign keys, numbered migrations by user_version, and a clear
// refusal of a file written by a newer Fathom. SQL functions elsewhere take this handle first.
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';

export type Db = Database.Database;

export class StoreError extends Error {
  readonly code: 'NEWER_SCHEMA' | 'NOT_A_DATABASE' | 'CANNOT_OPEN' | 'READ_ONLY' | 'LOCKED' | 'DISK_FULL' | 'CORRUPT';

  constructor(code: StoreError['code'], message: string) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}

export interface OpenOptions {
  readonly?: boolean;
  /** How long a write waits for another writer's lock before failing (ms). */
  busyTimeoutMs?: number;
  /** SQLite's page cache for this connection, KiB (better-sqlite3 builds SQLite with 16 MiB). */
  cacheKiB?: number;
}

/**
 * The recording connection's page cache. Its writes append at the end of the tables and of the
 * time-ordered indexes, so a few hot pages carry them; better-sqlite3's 16 MiB default filled
 * with pages written once, 16 MiB of a host that must stay within 250 MB (issue 19). SQLite's own
 * default is 2,000 KiB; `npm run bench -- store.flows` writes through this size.
 */
export const RECORDING_CACHE_KIB = 2000;

/** The connection that records a session (the ingest worker's): openDatabase with RECORDING_CACHE_KIB. */
export function openRecordingDatabase(path: string): Db {
  return openDatabase(path, { cacheKiB: RECORDING_CACHE_KIB });
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (error) {
    throw toStoreError(error, path);
  }
  try {
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 2000}`);
    if (options.cacheKiB !== undefined) db.pragma(`cache_size = ${-Math.max(1, Math.round(options.cacheKiB))}`);
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL survives a process crash (kill -9); only power loss can cost the
      // last transactions, which is the trade every recording app makes for throughput.
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    migrate(db, path, options.readonly ?? false);
    return db;
  } catch (error) {
    db.close();
    throw toStoreError(error, path);
  }
}

export const SCHEMA_VERSION = MIGRATIONS.length;

function migrate(db: Db, path: string, readonly: boolean): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new StoreError(
      'NEWER_SCHEMA',
      `${path} was written by a newer Fathom (schema ${current}; this version knows ${SCHEMA_VERSION}). Update Fathom to open it.`,
    );
  }
  if (current === SCHEMA_VERSION) return;
  if (readonly) throw new StoreError('READ_ONLY', `${path} needs an upgrade (schema ${current} → ${SCHEMA_VERSION}) but was opened read-only`);
  for (const migration of MIGRATIONS.slice(current)) {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

/** Turns SQLite's error codes into errors a person can act on. */
export function toStoreError(error: unknown, path: string): StoreError | Error {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (code === 'SQLITE_NOTADB') return new StoreError('NOT_A_DATABASE', `${path} is not a Fathom database (or it is corrupt): ${message}`);
  if (code === 'SQLITE_CORRUPT') return new StoreError('CORRUPT', `${path} is corrupt: ${message}`);
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY')) return new StoreError('READ_ONLY', `${path} is read-only: ${message}`);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return new StoreError('LOCKED', `${path} is locked by another process: ${message}`);
  if (code === 'SQLITE_FULL') return new StoreError('DISK_FULL', `the disk holding ${path} is full: ${message}`);
  if (code === 'SQLITE_CANTOPEN') return new StoreError('CANNOT_OPEN', `cannot open ${path}: ${message}`);
  return error instanceof Error ? error : new Error(message);
}
