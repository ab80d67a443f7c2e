// `fathom serve` as a user runs it: a start-up that fails half-way (the port is taken after the
// market started) ends the process with a clear message and a non-zero code instead of leaving
// it running with nothing listening; a started one stops at the first SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = new URL('./fathom.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'fathom-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

/** Runs `fathom serve …`; `onOutput` may act on what it printed so far. Never outlives `limitMs`. */
function serve(args: string[], onOutput: (out: string, child: ReturnType<typeof spawn>) => void, limitMs = 90_000): Promise<Ended> {
  const child = spawn(process.execPath, [CLI, 'serve', '--demo', ...args], { env: { ...process.env, SCHWAB_APP_KEY: '', FATHOM_DATA_DIR: dir } });
  let out = '';
  const read = (chunk: Buffer) => {
    out += chunk.toString();
    onOutput(out, child);
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fathom serve did not end within ${limitMs} ms:\n${out}`));
    }, limitMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out });
    });
  });
}

function takenPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

describe('fathom serve start and stop', () => {
  it('ends with a clear message and code 1 when its port is taken, instead of hanging half-started', async () => {
    const { server, port } = await takenPort();
    try {
      const ended = await serve(['--port', String(port), '--db', join(dir, 'taken.db')], () => undefined);
      expect(ended.code).toBe(1);
      expect(ended.out).toMatch(/fathom serve: .*(EADDRINUSE|address already in use)/);
    } finally {
      server.close();
    }
  }, 120_000);

  it('stops at the first SIGTERM once it serves', async () => {
    let sent = false;
    const ended = await serve(['--port', '0', '--db', join(dir, 'ok.db')], (out, child) => {
      if (sent || !/is at http/.test(out)) return;
      sent = true;
      child.kill('SIGTERM');
    });
    expect(sent).toBe(true);
    expect(ended.code).toBe(0);
  }, 120_000);
});
