// House rules from ../shared/design/ARCHITECTURE.md, enforced per folder.
// Each folder says what it may import; a violation fails `npm test` (zero warnings allowed).
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
  message: 'Only src-main/ itself (and tests/e2e) may import src-main/; talk to it through shared/ipc.',
};

const noRendererFromElsewhere = {
  regex: '(^|/)src-renderer(/|$)',
  message: 'src-renderer/ is the web side; nothing else imports it.',
};

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
      'no-restricted-imports': [
        'error',
        { paths: [electronOnlyInShell], patterns: [noRendererFromElsewhere] },
      ],
    },
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
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            electronOnlyInShell,
            ...NODE_BUILTINS.map((name) => ({ name, message: 'shared/ is pure TypeScript: no Node built-ins.' })),
            { name: 'react', message: 'shared/ is pure TypeScript: no React.' },
            { name: 'ws', message: 'shared/ is pure TypeScript: no sockets.' },
            { name: 'better-sqlite3', message: 'shared/ is pure TypeScript: no database.' },
          ],
          patterns: [
            { regex: '^node:', message: 'shared/ is pure TypeScript: no Node built-ins.' },
            noMainFromElsewhere,
            noRendererFromElsewhere,
            { regex: '(^|/)src-preload(/|$)', message: 'shared/ imports nothing outside shared/.' },
          ],
        },
      ],
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
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell],
          patterns: [
            { regex: '^node:', message: 'src-renderer/ runs in the browser: no Node built-ins.' },
            noMainFromElsewhere,
            { regex: '(^|/)src-preload(/|$)', message: 'src-renderer/ reaches the preload only through window.fathom.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts', 'tools/**/*.ts', 'e2e/**', '*.config.ts', '*.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src-main/hosts/electron/**/*.ts', 'src-preload/**/*.ts', 'e2e/electron/**/*.ts', 'electron.vite.config.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noRendererFromElsewhere] }],
    },
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [noRendererFromElsewhere, { ...noMainFromElsewhere, message: 'The preload talks to main only over the IPC contract in shared/ipc.' }] },
      ],
    },
  },
);
