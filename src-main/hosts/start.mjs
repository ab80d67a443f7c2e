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

function run(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function build() {
  const result = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // package.json's "main" is out/main/index.js; it starts the ingest worker from beside itself.
  for (const file of ['out/main/index.js', 'out/main/ingest-worker.js', 'out/preload/feed.cjs', 'out/preload/book.cjs', 'out/renderer/index.html']) {
    if (!existsSync(join(root, file))) {
      console.error(`npm start: the build did not produce ${file}`);
      process.exit(1);
    }
  }
}

let binary = forceWeb ? null : electronBinary();
if (!binary && !forceWeb && tryDownloadElectron()) binary = electronBinary();

build();
if (binary) {
  // `npm start -- --demo` means the same for the desktop app as for `fathom serve`.
  const demo = process.argv.slice(2).includes('--demo');
  run(binary, [root], demo ? { ...process.env, FATHOM_DEMO: '1' } : process.env);
} else {
  if (!forceWeb) {
    console.log('Electron binary not available here (it downloads from GitHub, which is unreachable); serving Fathom through the web host instead.');
  }
  // The web host's process settings (web-host-process.json), which `npm run bench -- mem.growth`
  // measures on its host too: V8's young generation at most 4 MB a semi-space (16 by default;
  // the main thread's new space sat at 23 to 34 MB for about 20 MB of live heap), and at most two
  // glibc malloc arenas (by default each thread that mallocs, the ingest worker, libuv's pool and
  // V8's, may get its own, and memory freed in one is not reused by another), and glibc's mmap
  // and trim thresholds fixed at their 128 KiB defaults: glibc otherwise raises both after the
  // first large block is freed, and the frame codec's zstd contexts and dictionaries (about 2 MB
  // each, made and freed for every recorded batch, src-main/store/frame-codec.ts) then come out
  // of the arenas, which kept about 20 MB free for about 21 MB in use at 150 s of mem.growth
  // (glibc's malloc_stats), 10 MB with the thresholds fixed. All are read when the process starts,
  // so they go on its command line and environment; a value the user set wins. The desktop app
  // above gets none: Electron's main process takes V8 flags only from its own command line
  // (--js-flags), and none was measured there.
  const settings = JSON.parse(readFileSync(join(root, 'src-main/hosts/web-host-process.json'), 'utf8'));
  run(process.execPath, [...settings.nodeFlags, join(root, 'src-main/cli/fathom.mjs'), 'serve', ...process.argv.slice(2)], {
    ...settings.env,
    ...process.env,
  });
}
