// Builds the app once before the suite, so the tests drive today's code; skipped (with the
// reason printed once) where there is no Electron binary to drive it with.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findElectronBinary, ROOT } from './electron-binary.ts';

export default function globalSetup(): void {
  const binary = findElectronBinary();
  if (!binary.ok) {
    console.log(`e2e/electron: every test will be skipped. ${binary.reason}`);
    return;
  }
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed; the Electron suite needs out/');
}
