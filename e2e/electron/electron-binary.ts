// Where the Electron binary is, found the way the electron package itself finds it (path.txt
// and dist/), without running the package's install script: that would try to download it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

export type BinaryLookup = { ok: true; path: string } | { ok: false; reason: string };

export function findElectronBinary(): BinaryLookup {
  if (process.env.FATHOM_ELECTRON_BINARY) {
    const given = process.env.FATHOM_ELECTRON_BINARY;
    return existsSync(given) ? { ok: true, path: given } : { ok: false, reason: `FATHOM_ELECTRON_BINARY=${given} does not exist` };
  }
  const dir = join(ROOT, 'node_modules', 'electron');
  if (!existsSync(join(dir, 'package.json'))) return { ok: false, reason: 'the electron package is not installed (npm install)' };
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) {
    return {
      ok: false,
      reason: 'Electron binary not installed: node_modules/electron has no path.txt (its download from GitHub never ran or failed; only the npm registry is reachable here). Run `node node_modules/electron/install.js` where GitHub is reachable, or set FATHOM_ELECTRON_BINARY.',
    };
  }
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { ok: false, reason: `Electron binary not installed: ${binary} is missing` };
  return { ok: true, path: binary };
}
