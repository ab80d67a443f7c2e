// The user's settings and watchlist, kept in SQLite beside the sessions (no secrets here: those
// live in the OS keychain). Reads fall back to defaults and are re-validated, so a file edited
// by hand or written by an older version can never hand main an invalid object.
import type { AppSettings } from '../../shared/domain/app-settings.ts';
import { defaultAppSettings } from '../../shared/domain/app-settings.ts';
import type { Watchlist, WatchlistEntry } from '../../shared/domain/watchlist.ts';
import { MAX_WATCHLIST_ENTRIES, watchlistEntrySchema } from '../../shared/ipc/market-data.ts';
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

export interface LoadedWatchlist {
  watchlist: Watchlist;
  /** Saved entries (and contracts) the contract no longer accepts, in words; they were dropped. */
  dropped: string[];
}

/**
 * The saved watchlist, entry by entry: a bad entry (a ticker too long for the streamer, a
 * contract that does not parse, written by hand or by an older version) is dropped and named,
 * and the rest are kept, so one bad entry can never stop the app from starting.
 */
export function loadWatchlist(db: Db, fallback: Watchlist): LoadedWatchlist {
  const row = db.prepare('SELECT entries FROM watchlists WHERE name = ?').get(DEFAULT_WATCHLIST) as { entries: string } | undefined;
  if (!row) return { watchlist: fallback, dropped: [] };
  let saved: unknown;
  try {
    saved = JSON.parse(row.entries);
  } catch {
    return { watchlist: fallback, dropped: ['the saved watchlist is not readable; the default one is used'] };
  }
  if (!Array.isArray(saved)) return { watchlist: fallback, dropped: ['the saved watchlist is not a list; the default one is used'] };
  const entries: WatchlistEntry[] = [];
  const dropped: string[] = [];
  for (const raw of saved.slice(0, MAX_WATCHLIST_ENTRIES)) {
    const entry = raw as Partial<WatchlistEntry> | null;
    // Bad contracts of an otherwise good entry go; the entry stays.
    const contracts = Array.isArray(entry?.contracts) ? entry.contracts : [];
    const good = contracts.filter((c) => watchlistEntrySchema.shape.contracts.element.safeParse(c).success);
    for (const c of contracts) if (!good.includes(c)) dropped.push(`contract ${String(c).slice(0, 40)}`);
    const parsed = watchlistEntrySchema.safeParse({ ...entry, contracts: good });
    if (parsed.success) entries.push(parsed.data);
    else dropped.push(`entry ${String(entry?.underlying ?? '?').slice(0, 40)}: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
  }
  return { watchlist: { entries }, dropped };
}

export function saveWatchlist(db: Db, watchlist: Watchlist, now: number): void {
  db.prepare(
    'INSERT INTO watchlists (name, entries, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET entries = excluded.entries, updated_at = excluded.updated_at',
  ).run(DEFAULT_WATCHLIST, JSON.stringify(watchlist.entries), now);
}
