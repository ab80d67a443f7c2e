// One real Fathom desktop app per test: the Electron binary on the built app, demo market,
// a fresh data folder (database, window placements, Electron's profile), a keychain service
// name of its own, and the main-process test hooks on (src-main/hosts/electron/test-hooks.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, test as base, expect, type ElectronApplication, type Page } from '@playwright/test';
import type { MainTestHooks } from '../../src-main/hosts/electron/test-hooks.ts';
import { findElectronBinary, ROOT } from './electron-binary.ts';

const binary = findElectronBinary();

/** Why the suite cannot run here, or null. Every spec file skips on it. */
export const skipReason: string | null = binary.ok ? null : binary.reason;

export interface LaunchedApp {
  app: ElectronApplication;
  dataDir: string;
}

export function appEnv(dataDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  return {
    ...env,
    FATHOM_DATA_DIR: dataDir,
    FATHOM_DEMO: '1',
    FATHOM_E2E: '1',
    FATHOM_KEYCHAIN_SERVICE: `fathom-e2e-${process.pid}-${Date.now()}`,
  };
}

/** Chromium refuses its sandbox as root (CI containers); only then is it turned off. */
export function sandboxArgs(): string[] {
  return process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [];
}

export async function launch(dataDir: string): Promise<ElectronApplication> {
  if (!binary.ok) throw new Error(binary.reason);
  return _electron.launch({ executablePath: binary.path, args: [...sandboxArgs(), ROOT], cwd: ROOT, env: appEnv(dataDir), timeout: 60_000 });
}

export const test = base.extend<{ launched: LaunchedApp; feed: Page }>({
  launched: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'fathom-electron-'));
      const app = await launch(dataDir);
      try {
        await use({ app, dataDir });
      } finally {
        await app.close().catch(() => undefined);
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    { timeout: 90_000 },
  ],
  feed: async ({ launched }, use) => {
    const page = await launched.app.firstWindow();
    await expect(page.getByTestId('feed-window')).toHaveAttribute('data-ready', 'true');
    await use(page);
  },
});

export { expect };

type Hooks = { __fathomTest: MainTestHooks };

export function windowsOf(app: ElectronApplication): Promise<ReturnType<MainTestHooks['windows']>> {
  return app.evaluate(() => (globalThis as unknown as Hooks).__fathomTest.windows());
}

export function externalRequestsOf(app: ElectronApplication): Promise<string[]> {
  return app.evaluate(() => (globalThis as unknown as Hooks).__fathomTest.externalRequests());
}

export function clickNotification(app: ElectronApplication, symbol: string): Promise<boolean> {
  return app.evaluate((_electron, contract) => (globalThis as unknown as Hooks).__fathomTest.clickNotification(contract), symbol);
}

/** Opens the first flow's evidence and pops its book out; resolves with the book page. */
export async function popOutFirstBook(app: ElectronApplication, feed: Page): Promise<Page> {
  await expect.poll(async () => Number(await feed.getByTestId('feed-window').getAttribute('data-flow-count'))).toBeGreaterThan(3);
  await feed.getByTestId('flow-row').first().click();
  const opened = app.waitForEvent('window');
  await feed.getByTestId('open-book').click();
  const book = await opened;
  await expect(book.getByTestId('book-window')).toBeVisible();
  return book;
}
