import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'src-main/**/*.test.ts', 'src-renderer/**/*.test.ts', 'src-preload/**/*.test.ts', 'tools/**/*.test.ts'],
    environment: 'node',
    passWithNoTests: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // A private D-Bus + gnome-keyring for the keychain tests (src-main/credentials/).
    globalSetup: ['src-main/credentials/keyring.global-setup.ts'],
  },
});
