// House rules no linter checks, over every source file: channel names are written only in the
// contract (shared/ipc/, where they are derived), the renderer never asks which host it runs
// in, and a comment cites only documents that exist in the repo.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { api, events } from '../shared/ipc/index.ts';

const ROOT = join(import.meta.dirname, '..');
const FOLDERS = ['shared', 'src-main', 'src-preload', 'src-renderer', 'e2e', 'tools'];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|tsx|mjs|js)$/.test(name)) out.push(path);
  }
  return out;
}

const files = FOLDERS.filter((f) => existsSync(join(ROOT, f))).flatMap((f) => sources(join(ROOT, f)));
const rel = (path: string) => relative(ROOT, path).split('\\').join('/');

describe('house rules', () => {
  it('writes channel names only in the contract', () => {
    const channels = new Set<string>();
    for (const group of [api, events]) for (const defs of Object.values(group)) for (const def of Object.values(defs as Record<string, { channel: string }>)) channels.add(def.channel);
    const found: string[] = [];
    for (const file of files.filter((f) => !rel(f).startsWith('shared/ipc/'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(['"`])([a-zA-Z]+:[a-zA-Z:]+)\1/g)) {
        if (channels.has(match[2] as string)) found.push(`${rel(file)}: ${match[2]}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('never asks in the renderer which host it runs in', () => {
    const found = files
      .filter((f) => rel(f).startsWith('src-renderer/'))
      .filter((f) => /\bhost\s*[!=]==\s*['"](web|electron)['"]|['"](web|electron)['"]\s*[!=]==\s*\S*host\b/.test(readFileSync(f, 'utf8')))
      .map(rel);
    expect(found).toEqual([]);
  });

  it('cites in comments only documents the repo has', () => {
    const names = new Set<string>();
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name === 'node_modules' || name === '.git' || name === 'out') continue;
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else names.add(name);
      }
    };
    walk(ROOT);
    const missing: string[] = [];
    for (const file of files) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        const comment = /(\/\/|^\s*\*)(.*)$/.exec(line)?.[2];
        if (!comment) continue;
        for (const doc of comment.matchAll(/([A-Za-z0-9_.-]+\.md)\b/g)) if (!names.has(basename(doc[1] as string))) missing.push(`${rel(file)}: ${doc[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
