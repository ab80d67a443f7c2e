// House rules, enforced per folder (src-main/README.md explains them). Each folder says what it
// may import; a violation fails `npm test` (zero warnings allowed).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs',
  'fs/promises', 'http', 'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process',
  'readline', 'stream', 'timers', 'tls', 'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

const electronOnlyInShell = {
  name: 'electron',
  message: 'electron may be imported only in src-main/hosts/electron/ and src-preload/.',
};

const noMainFromElsewhere = {
  regex: '(^|/)src-main(/|$)',
  message: 'Only src-main/ itself (and tests/e2e/tools) may import src-main/; talk to it through shared/ipc.',
};

const noRendererFromElsewhere = {
  regex: '(^|/)src-renderer(/|$)',
  message: 'src-renderer/ is the web side; nothing else imports it.',
};

const noTestkits = {
  regex: '\\.testkit\\.tsx?$',
  message: 'Test helpers (*.testkit.ts) are for tests, e2e and tools only, never for product code.',
};

// The threads (src-main/README.md): ingest/ runs in the ingest worker, app/ and hosts/ on main.
// They meet only in ingest-protocol/.
const workerSideOnly = {
  regex: '^(\\.\\./)+(ingest|store|market|replay|simulator)/',
  message: 'Main (app/, hosts/) holds no database and no market: ask the ingest worker through ingest-protocol/.',
};
const mainSideOnly = {
  regex: '^(\\.\\./)+(app|hosts|cli|credentials|ipc|webhooks)/',
  message: 'The ingest worker (ingest/) never imports main-side code; main talks to it through ingest-protocol/.',
};
const protocolIsLeaf = {
  regex: '^\\.\\./(?!\\.\\./)',
  message: 'ingest-protocol/ is plain data shared by both threads: it imports only shared/.',
};

/** One no-restricted-imports rule; later config objects replace earlier ones, so each is whole. */
const restrict = (paths, patterns) => ['error', { paths, patterns }];

const PRODUCT = ['shared/**/*.ts', 'src-main/**/*.ts', 'src-preload/**/*.ts', 'src-renderer/**/*.ts', 'src-renderer/**/*.tsx'];
const NOT_PRODUCT = ['**/*.test.ts', '**/*.testkit.ts', '**/*.global-setup.ts'];

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'playwright-report/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': restrict([electronOnlyInShell], [noRendererFromElsewhere]),
    },
  },
  {
    files: PRODUCT,
    ignores: NOT_PRODUCT,
    rules: { 'no-restricted-imports': restrict([electronOnlyInShell], [noRendererFromElsewhere, noTestkits]) },
  },
  {
    // Tests index into arrays they just filled; a failed lookup fails the test anyway.
    files: ['**/*.test.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts', 'shared/**/*.testkit.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': restrict(
        [
          electronOnlyInShell,
          ...NODE_BUILTINS.map((name) => ({ name, message: 'shared/ is pure TypeScript: no Node built-ins.' })),
          { name: 'react', message: 'shared/ is pure TypeScript: no React.' },
          { name: 'ws', message: 'shared/ is pure TypeScript: no sockets.' },
          { name: 'better-sqlite3', message: 'shared/ is pure TypeScript: no database.' },
        ],
        [
          { regex: '^node:', message: 'shared/ is pure TypeScript: no Node built-ins.' },
          noMainFromElsewhere,
          noRendererFromElsewhere,
          { regex: '(^|/)src-preload(/|$)', message: 'shared/ imports nothing outside shared/.' },
          noTestkits,
        ],
      ),
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'process', 'Buffer', 'require', 'global', '__dirname']
          .map((name) => ({ name, message: `shared/ is pure TypeScript: no ${name}.` })),
      ],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': restrict(
        [electronOnlyInShell],
        [
          { regex: '^node:', message: 'src-renderer/ runs in the browser: no Node built-ins.' },
          noMainFromElsewhere,
          { regex: '(^|/)src-preload(/|$)', message: 'src-renderer/ reaches the preload only through window.fathom.' },
          noTestkits,
        ],
      ),
    },
  },
  {
    files: ['src-renderer/**/*.test.ts', 'src-renderer/**/*.testkit.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [electronOnlyInShell],
        [{ regex: '^node:', message: 'src-renderer/ runs in the browser: no Node built-ins.' }, noMainFromElsewhere],
      ),
    },
  },
  {
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts', 'tools/**/*.ts', 'e2e/**', '*.config.ts', '*.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src-main/ingest/**/*.ts'],
    ignores: NOT_PRODUCT,
    rules: { 'no-restricted-imports': restrict([electronOnlyInShell], [noRendererFromElsewhere, noTestkits, mainSideOnly]) },
  },
  {
    files: ['src-main/app/**/*.ts', 'src-main/hosts/web/**/*.ts'],
    ignores: NOT_PRODUCT,
    rules: { 'no-restricted-imports': restrict([electronOnlyInShell], [noRendererFromElsewhere, noTestkits, workerSideOnly]) },
  },
  {
    files: ['src-main/ingest-protocol/**/*.ts'],
    ignores: NOT_PRODUCT,
    rules: { 'no-restricted-imports': restrict([electronOnlyInShell], [noRendererFromElsewhere, noTestkits, protocolIsLeaf]) },
  },
  {
    files: ['src-main/hosts/electron/**/*.ts', 'e2e/electron/**/*.ts', 'electron.vite.config.ts'],
    rules: { 'no-restricted-imports': restrict([], [noRendererFromElsewhere]) },
  },
  {
    files: ['src-main/hosts/electron/**/*.ts'],
    ignores: NOT_PRODUCT,
    rules: { 'no-restricted-imports': restrict([], [noRendererFromElsewhere, noTestkits, workerSideOnly]) },
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict(
        [],
        [noRendererFromElsewhere, { ...noMainFromElsewhere, message: 'The preload talks to main only over the IPC contract in shared/ipc.' }],
      ),
    },
  },
  {
    files: ['src-preload/**/*.ts'],
    ignores: NOT_PRODUCT,
    rules: {
      'no-restricted-imports': restrict(
        [],
        [noRendererFromElsewhere, noTestkits, { ...noMainFromElsewhere, message: 'The preload talks to main only over the IPC contract in shared/ipc.' }],
      ),
    },
  },
);
