// The desktop app end to end: Playwright's `_electron` drives the real Electron binary on the
// built app (out/), in demo mode, with a fresh data folder per test. Where no Electron binary
// exists (machines that reach only the npm registry) every test is skipped with the reason.
// Run: `npm run test:electron` (`xvfb-run -a npm run test:electron` on a Linux box without a
// display). Not part of `npm test`.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  reporter: process.env.CI ? 'line' : 'list',
  outputDir: '../../test-results/electron',
  use: { trace: 'retain-on-failure' },
});
