// Numbered, additive migrations. Each runs in its own transaction and bumps user_version.
// Never edit a shipped migration; add the next one (schema.snapshot.sql guards this in tests).
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions and raw frames',
    up: (db) => {
      db.exec(`
        CREATE TABLE sessions (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          source TEXT NOT NULL CHECK (source IN ('live', 'demo', 'replay')),
          symbols TEXT NOT NULL,
          settings TEXT NOT NULL,
          started_at INTEGER NOT NULL,
          ended_at INTEGER,
          frames INTEGER NOT NULL DEFAULT 0,
          flows INTEGER NOT NULL DEFAULT 0
        );
        -- Raw inbound frames, batched (a row per 100 ms or 1,000 frames) and compressed:
        -- one small row per batch keeps the write rate high and the index tiny.
        CREATE TABLE frame_batches (
          id INTEGER PRIMARY KEY,
          session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
          first_seq INTEGER NOT NULL,
          count INTEGER NOT NULL,
          first_at INTEGER NOT NULL,
          last_at INTEGER NOT NULL,
          codec TEXT NOT NULL,
          payload BLOB NOT NULL
        );
        CREATE INDEX frame_batches_by_session_time ON frame_batches (session_id, first_at);
        CREATE TABLE gaps (
          session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
          started_at INTEGER NOT NULL,
          ended_at INTEGER,
          reason TEXT NOT NULL
        );
        CREATE INDEX gaps_by_session ON gaps (session_id, started_at);
      `);
    },
  },
  {
    version: 2,
    name: 'flows, alerts, watchlists, settings',
    up: (db) => {
      db.exec(`
        -- id is (session << 32 | sequence): the rowid itself orders a session's flows, so
        -- reading a session needs no index and an upsert by id is a rowid lookup. One
        -- composite index serves "this underlying over this time, above this premium".
        CREATE TABLE flows (
          id INTEGER PRIMARY KEY,
          session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
          time INTEGER NOT NULL,
          underlying TEXT NOT NULL,
          symbol TEXT NOT NULL,
          kind TEXT NOT NULL,
          premium REAL NOT NULL,
          whale INTEGER NOT NULL,
          version INTEGER NOT NULL,
          data TEXT NOT NULL
        );
        CREATE INDEX flows_by_underlying_time ON flows (underlying, time, premium);
        CREATE TABLE alerts (
          id INTEGER PRIMARY KEY,
          session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
          rule_id TEXT NOT NULL,
          rule_kind TEXT NOT NULL,
          time INTEGER NOT NULL,
          symbol TEXT NOT NULL,
          flow_id TEXT,
          title TEXT NOT NULL,
          body TEXT NOT NULL
        );
        CREATE INDEX alerts_by_time ON alerts (time);
        CREATE TABLE watchlists (
          name TEXT PRIMARY KEY,
          entries TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        );
      `);
    },
  },
  {
    version: 3,
    name: 'each session keeps its rolling-statistics window',
    up: (db) => {
      // Null for sessions recorded before: they replay with the default window.
      db.exec('ALTER TABLE sessions ADD COLUMN rolling TEXT');
    },
  },
  {
    version: 4,
    name: 'IV history: at-the-money IV samples per underlying',
    up: (db) => {
      // One row per underlying per sample (about a minute apart, FLOW-RULES.md §11). Not tied to
      // a session row: the history outlives the size cap's pruning of old sessions' frames.
      // iv_daily keeps each day's last sample, kept in step on every insert, so a rank reads at
      // most a window of rows (252) instead of every minute of a year.
      db.exec(`
        CREATE TABLE iv_samples (
          source TEXT NOT NULL CHECK (source IN ('live', 'demo')),
          underlying TEXT NOT NULL,
          time INTEGER NOT NULL,
          day TEXT NOT NULL,
          iv REAL NOT NULL,
          spot REAL NOT NULL,
          front_expiry TEXT,
          front_iv REAL,
          back_expiry TEXT,
          back_iv REAL,
          PRIMARY KEY (source, underlying, time)
        ) WITHOUT ROWID;
        CREATE TABLE iv_daily (
          source TEXT NOT NULL CHECK (source IN ('live', 'demo')),
          underlying TEXT NOT NULL,
          day TEXT NOT NULL,
          time INTEGER NOT NULL,
          iv REAL NOT NULL,
          PRIMARY KEY (source, underlying, day)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 5,
    name: 'history search over every session',
    up: (db) => {
      // The fields a history search filters on that only the flow's JSON held, as columns the
      // writer fills (rows already stored are filled once here). flows_by_time walks the flows
      // newest first and carries every criterion, so a search filters index entries and reads a
      // flow's JSON only when it matches: its first page never waits for a sort or a scan of the
      // JSON. flows_by_contract_time groups each contract's trades by direction, for the repeat
      // criterion (the same contract in the same direction on several days) without a sort.
      db.exec(`
        ALTER TABLE flows ADD COLUMN strike REAL;
        ALTER TABLE flows ADD COLUMN expiry TEXT;
        ALTER TABLE flows ADD COLUMN put_call TEXT;
        ALTER TABLE flows ADD COLUMN side TEXT;
        ALTER TABLE flows ADD COLUMN direction TEXT;
        ALTER TABLE flows ADD COLUMN sentiment TEXT;
        ALTER TABLE flows ADD COLUMN strategy_type TEXT;
        UPDATE flows SET
          strike = json_extract(data, '$.strike'),
          expiry = json_extract(data, '$.expiry'),
          put_call = json_extract(data, '$.right'),
          side = json_extract(data, '$.side'),
          direction = json_extract(data, '$.direction'),
          sentiment = json_extract(data, '$.sentiment'),
          strategy_type = json_extract(data, '$.strategy.type');
        CREATE INDEX flows_by_time ON flows (time, underlying, symbol, kind, premium, strike, expiry, put_call, side, direction, sentiment, strategy_type);
        CREATE INDEX flows_by_contract_time ON flows (symbol, direction, time);
      `);
    },
  },
  {
    version: 6,
    name: 'each flow checked against the open interest of the next trading day',
    up: (db) => {
      // One row per flow checked (FLOW-RULES.md §10), written once, the day after it printed.
      // Its own table: the flows' rows are written by the session that recorded them and are
      // never rewritten a day later; the id is the flow's row id, so a session is a range.
      db.exec(`
        CREATE TABLE next_day_checks (
          flow_id INTEGER PRIMARY KEY REFERENCES flows(id) ON DELETE CASCADE,
          label TEXT NOT NULL CHECK (label IN ('OPENING', 'CLOSING', 'MIXED')),
          oi_before INTEGER NOT NULL,
          oi_after INTEGER NOT NULL,
          flow_size INTEGER NOT NULL,
          day_total INTEGER NOT NULL,
          checked_at INTEGER NOT NULL,
          source TEXT NOT NULL CHECK (source IN ('stream', 'rest')),
          reason TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 7,
    name: 'the stream time each alert became known, and alerts by session',
    up: (db) => {
      // at: where a replay opens to show what fired (null on alerts stored before it was kept).
      // The history searches one session's alerts, newest first.
      db.exec(`
        ALTER TABLE alerts ADD COLUMN at INTEGER;
        CREATE INDEX alerts_by_session_time ON alerts (session_id, time);
      `);
    },
  },
  {
    version: 8,
    name: 'frame batches found by sequence and by time without a scan',
    up: (db) => {
      // A replay's seek finds the batch holding a frame, the start of its chain (frames.ts) and the
      // batch holding a time (replay/frame-index.ts) in one index step each; a whole day has
      // hundreds of thousands of batches.
      db.exec(`
        CREATE INDEX frame_batches_by_session_seq ON frame_batches (session_id, first_seq, codec);
        CREATE INDEX frame_batches_by_session_last ON frame_batches (session_id, last_at, first_seq);
      `);
    },
  },
  {
    version: 9,
    name: "flows' data written as an array of values",
    up: () => {
      // No table changes: from this version the flows' `data` is written as an array of the flow's
      // values without their keys (flow-data.ts), half the bytes of a row. Rows stored before stay
      // JSON objects and read back as they did; the version is here so that an older Fathom, which
      // would not read the new rows, refuses the file (database.ts) instead of misreading it.
    },
  },
];
