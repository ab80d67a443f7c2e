// An export never rejects: a database that cannot be opened (it once threw outside the export's
// try, an unhandled rejection that took the host down) ends the export with its error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportProgress } from '../../shared/ipc/sessions.ts';
import { exportSession } from './exports.ts';

const dir = mkdtempSync(join(tmpdir(), 'fathom-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exportSession', () => {
  it('ends with the error, as its last progress, when the database cannot be opened', async () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, Buffer.alloc(8192, 0x41));
    const progress: ExportProgress[] = [];
    const done = await exportSession({ dbPath: junk, sessionId: 1, format: 'csv', dir: join(dir, 'out'), now: 1000, delivery: { by: 'file' }, onProgress: (p) => progress.push(p) });
    expect(done).toMatchObject({ done: true, delivered: null, error: expect.stringMatching(/not a Fathom database|malformed|not a database/i) });
    expect(progress.at(-1)).toEqual(done);
  });

  it('ends with the error when the database is missing altogether', async () => {
    const done = await exportSession({ dbPath: join(dir, 'missing', 'x.db'), sessionId: 1, format: 'json', dir: join(dir, 'out'), now: 1000, delivery: { by: 'file' }, onProgress: () => undefined });
    expect(done).toMatchObject({ done: true, error: expect.any(String) });
  });
});
