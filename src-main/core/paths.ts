// Where Fathom keeps its data by default, per platform, and where the renderer build is.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.FATHOM_DATA_DIR) return env.FATHOM_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Fathom');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Fathom');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'fathom');
}

/** The project root when running from source (src-main/core → ../..). */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const RENDERER_DIR = join(PROJECT_ROOT, 'out', 'renderer');
