// One real web host per worker: `fathom serve --demo` on a free port with its own database,
// started as the CLI starts it, and stopped by its pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Locator, type Page } from '@playwright/test';

const ROOT = join(import.meta.dirname, '../..');

export interface Host {
  /** The printed URL, with its token. */
  url: string;
  origin: string;
}

async function startHost(): Promise<{ host: Host; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'fathom-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    [join(ROOT, 'src-main/cli/fathom.mjs'), 'serve', '--demo', '--port', '0', '--intensity', '5', '--test-hooks', '--db', join(dir, 'e2e.db')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`fathom serve printed no URL:\n${out}`)), 60_000);
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /is at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`fathom serve exited (${code}):\n${out}`)));
  });
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  return { host: { url, origin: new URL(url).origin }, stop };
}

export const test = base.extend<{ feed: Page }, { host: Host }>({
  host: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const { host, stop } = await startHost();
      await use(host);
      await stop();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  feed: async ({ page, host }, use) => {
    await page.goto(host.url);
    await expect(page.getByTestId('feed-window')).toHaveAttribute('data-ready', 'true');
    await use(page);
  },
});

export { expect };

export function feedRoot(page: Page): Locator {
  return page.getByTestId('feed-window');
}

interface TestEventShape {
  name: string;
  detail: unknown;
}

/**
 * Resolves with the detail of the latest app event `name` whose detail has every field of
 * `match` (src-renderer/README.md lists the events); waits until there is one.
 */
export async function appEvent(page: Page, name: string, match: Record<string, unknown> = {}): Promise<unknown> {
  const handle = await page.waitForFunction(
    ([n, m]) => {
      // The page's own globals; this file is type-checked without the DOM library.
      const hooks = (globalThis as unknown as { __fathomTest?: { events: TestEventShape[] } }).__fathomTest;
      if (!hooks) return null;
      for (let i = hooks.events.length - 1; i >= 0; i--) {
        const event = hooks.events[i];
        if (!event || event.name !== n) continue;
        const detail = (event.detail ?? {}) as Record<string, unknown>;
        if (Object.entries(m).every(([k, v]) => detail[k] === v)) return event.detail ?? true;
      }
      return null;
    },
    [name, match] as const,
  );
  return handle.jsonValue();
}
