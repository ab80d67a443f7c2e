// Where Fathom keeps its data by default, per platform, and where the renderer build is.
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
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

/**
 * Why a folder cannot hold Fathom's data, or null when it can: it must be a folder that exists,
 * that this user may write, and that this user owns (a folder another user owns, such as
 * /etc/cron.d run as root, is never taken).
 */
export function dataFolderProblem(folder: string, uid: number | undefined = process.getuid?.()): string | null {
  if (!isAbsolute(folder)) return `the data folder must be an absolute path: ${folder.slice(0, 200)}`;
  let stat;
  try {
    stat = statSync(folder);
  } catch {
    return `the data folder does not exist: ${folder.slice(0, 200)}`;
  }
  if (!stat.isDirectory()) return `the data folder is not a folder: ${folder.slice(0, 200)}`;
  if (uid !== undefined && stat.uid !== uid) return `the data folder belongs to another user: ${folder.slice(0, 200)}`;
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    return `the data folder is not writable: ${folder.slice(0, 200)}`;
  }
  return null;
}

/** The project root when running from source (src-main/app → ../..). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const RENDERER_DIR = join(PROJECT_ROOT, 'out', 'renderer');
