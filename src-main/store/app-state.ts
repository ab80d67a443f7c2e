// The user's settings and watchlist, kept in SQLite beside the sessions (no secrets here: those
// live in the OS keychain). Reads fall back to defaults and are re-validated, so a file edited
// by hand or written by an older version can never hand main an invalid object.
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import { defaultAppSettings } from '../../shared/domain/app-settings.ts';
import type { Watchlist } from '../../shared/domain/watchlist.ts';
import { watchlistSchema } from '../../shared/ipc/market-data.ts';
import { appSettingsSchema } from '../../shared/ipc/settings.ts';
import type { Db } from './database.ts';

const SETTINGS_KEY = 'app';
const DEFAULT_WATCHLIST = 'default';

export function loadSettings(db: Db): AppSettings {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTINGS_KEY) as { value: string } | undefined;
  if (!row) return defaultAppSettings();
  try {
    const parsed = appSettingsSchema.safeParse({ ...defaultAppSettings(), ...(JSON.parse(row.value) as object) });
    return parsed.success ? parsed.data : defaultAppSettings();
  } catch {
    return defaultAppSettings();
  }
}

export function saveSettings(db: Db, settings: AppSettings, now: number): void {
  db.prepare(
    'INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  ).run(SETTINGS_KEY, JSON.stringify(settings), now);
}

export function loadWatchlist(db: Db, fallback: Watchlist): Watchlist {
  const row = db.prepare('SELECT entries FROM watchlists WHERE name = ?').get(DEFAULT_WATCHLIST) as { entries: string } | undefined;
  if (!row) return fallback;
  try {
    const parsed = watchlistSchema.safeParse({ entries: JSON.parse(row.entries) as unknown });
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

export function saveWatchlist(db: Db, watchlist: Watchlist, now: number): void {
  db.prepare(
    'INSERT INTO watchlists (name, entries, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET entries = excluded.entries, updated_at = excluded.updated_at',
  ).run(DEFAULT_WATCHLIST, JSON.stringify(watchlist.entries), now);
}
