import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, rememberDataDir, resolveDataDir } from './paths.ts';

describe('the data folder', () => {
  it('follows FATHOM_DATA_DIR, else the folder chosen in settings, else the platform default', () => {
    const home = mkdtempSync(join(tmpdir(), 'fathom-home-'));
    try {
      const env = { XDG_DATA_HOME: join(home, 'xdg') };
      expect(defaultDataDir(env, 'linux')).toBe(join(home, 'xdg', 'fathom'));
      expect(resolveDataDir(env)).toBe(join(home, 'xdg', 'fathom'));
      const chosen = join(home, 'chosen');
      mkdirSync(chosen);
      rememberDataDir(chosen, env);
      expect(resolveDataDir(env)).toBe(chosen);
      expect(resolveDataDir({ ...env, FATHOM_DATA_DIR: '/explicit' })).toBe('/explicit');
      rememberDataDir(join(home, 'gone'), env);
      expect(resolveDataDir(env)).toBe(join(home, 'xdg', 'fathom'));
      rememberDataDir(null, env);
      expect(resolveDataDir(env)).toBe(join(home, 'xdg', 'fathom'));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
