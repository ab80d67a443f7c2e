// The window-placement file: read whole, written whole through a temporary file and a rename,
// so a crash mid-write leaves the previous placements rather than half a JSON document.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PlacementStorage } from './bounds-store.ts';

/** Placements beyond this size are not ours (200 entries are a few tens of kilobytes). */
const MAX_BYTES = 512 * 1024;

export function placementFile(path: string): PlacementStorage {
  return {
    read() {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      return text.length > MAX_BYTES ? null : text;
    },
    write(text) {
      mkdirSync(dirname(path), { recursive: true });
      const temporary = `${path}.tmp`;
      writeFileSync(temporary, text, { mode: 0o600 });
      renameSync(temporary, path);
    },
  };
}
