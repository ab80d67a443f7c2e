import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Dependencies (better-sqlite3, @napi-rs/keyring, ws, zod) stay external: they load from
      // node_modules, and electron-builder unpacks the native ones from the asar.
      rolldownOptions: {
        input: {
          index: resolve(root, 'src-main/hosts/electron/main.ts'),
          // The market runs in the ingest worker thread; main starts it from out/main/ingest-worker.js.
          'ingest-worker': resolve(root, 'src-main/ingest/worker-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // Sandboxed preloads must be single CommonJS files with nothing left to require.
      isolatedEntries: true,
      externalizeDeps: false,
      rolldownOptions: {
        input: {
          feed: resolve(root, 'src-preload/feed.ts'),
          book: resolve(root, 'src-preload/book.ts'),
        },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: {
        input: { index: resolve(root, 'src-renderer/index.html') },
      },
    },
  },
});
