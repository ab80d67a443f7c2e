// Where Fathom keeps its data by default, per platform, and where the renderer build is.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.FATHOM_DATA_DIR) return env.FATHOM_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Fathom');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Fathom');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'fathom');
}

const LOCATION_FILE = 'location.json';

/**
 * Where the data is: FATHOM_DATA_DIR, else the folder the user chose in settings, else the
 * platform's default. The choice is a small file in the default folder, because the settings
 * themselves live in the database it points to.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FATHOM_DATA_DIR) return env.FATHOM_DATA_DIR;
  const home = defaultDataDir(env);
  try {
    const chosen = (JSON.parse(readFileSync(join(home, LOCATION_FILE), 'utf8')) as { folder?: unknown }).folder;
    if (typeof chosen === 'string' && chosen.trim() && existsSync(chosen)) return chosen;
  } catch {
    // No choice made (or an unreadable one): the default it is.
  }
  return home;
}

/** Remembers the folder chosen in settings for the next start (null goes back to the default). */
export function rememberDataDir(folder: string | null, env: NodeJS.ProcessEnv = process.env): void {
  const home = defaultDataDir({ ...env, FATHOM_DATA_DIR: '' });
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, LOCATION_FILE), `${JSON.stringify({ folder })}\n`);
}

/** The project root when running from source (src-main/app → ../..). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const RENDERER_DIR = join(PROJECT_ROOT, 'out', 'renderer');
