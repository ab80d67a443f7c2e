// `npm start`: the desktop app where an Electron binary exists, otherwise the same app through
// the web host in a browser. Electron fetches its binary from GitHub the first time it runs;
// where only the npm registry is reachable that fails, and we say so in one line.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const electronDir = join(root, 'node_modules', 'electron');
const forceWeb = process.env.FATHOM_WEB === '1';

function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

function tryDownloadElectron() {
  if (!existsSync(join(electronDir, 'install.js'))) return false;
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    stdio: 'ignore',
    timeout: 180_000,
  });
  return result.status === 0;
}

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function build() {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

let binary = forceWeb ? null : electronBinary();
if (!binary && !forceWeb && tryDownloadElectron()) binary = electronBinary();

build();
if (binary) {
  run(binary, [root]);
} else {
  if (!forceWeb) {
    console.log('Electron binary not available here (it downloads from GitHub, which is unreachable); serving Fathom through the web host instead.');
  }
  run(process.execPath, [join(root, 'src-main/cli/fathom.mjs'), 'serve', ...process.argv.slice(2)]);
}
