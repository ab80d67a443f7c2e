// The data folder must be a folder this user owns and may write: never a path a page named.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFolderProblem } from './paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'fathom-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dataFolderProblem', () => {
  it('takes a writable folder this user owns', () => {
    expect(dataFolderProblem(dir)).toBeNull();
  });

  it('refuses a relative path, a missing folder, a file and another user\'s folder', () => {
    expect(dataFolderProblem('data')).toMatch(/absolute/);
    expect(dataFolderProblem(join(dir, 'missing'))).toMatch(/does not exist/);
    writeFileSync(join(dir, 'file'), 'x');
    expect(dataFolderProblem(join(dir, 'file'))).toMatch(/not a folder/);
    const me = process.getuid?.();
    if (me !== undefined) expect(dataFolderProblem(dir, me + 1)).toMatch(/another user/);
  });

  it('refuses a folder this user may not write', () => {
    const locked = mkdtempSync(join(dir, 'locked-'));
    chmodSync(locked, 0o500);
    try {
      // Root may write anywhere; only an ordinary user sees the refusal.
      if (process.getuid?.() !== 0) expect(dataFolderProblem(locked)).toMatch(/not writable/);
      else expect(dataFolderProblem(locked)).toBeNull();
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});
