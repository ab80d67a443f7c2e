import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../util/manual-clock.testkit.ts';
import { memoryLogger } from '../../util/memory-logger.testkit.ts';
import { BoundsStore, MAX_ENTRIES, SAVE_DELAY_MS } from './bounds-store.ts';
import { placementFile } from './placement-file.ts';
import { memoryStorage, QQQ_PUT, SPY_CALL } from './stand-ins.testkit.ts';

const at = (x: number) => ({ bounds: { x, y: 50, width: 700, height: 500 }, maximized: false });

describe('BoundsStore', () => {
  it('remembers per window kind and contract, and seeds new books from the last book', () => {
    const store = new BoundsStore(memoryStorage(), new ManualClock(0));
    store.remember('feed', null, { bounds: { x: 0, y: 0, width: 1400, height: 900 }, maximized: true });
    store.remember('book', SPY_CALL, at(100));
    store.remember('book', QQQ_PUT, at(300));
    expect(store.get('feed', null)).toEqual({ bounds: { x: 0, y: 0, width: 1400, height: 900 }, maximized: true });
    expect(store.get('book', SPY_CALL)).toEqual(at(100));
    expect(store.get('book', 'AAPL  250117C00200000')).toBeNull();
    expect(store.lastOfKind('book')).toEqual(at(300));
  });

  it('writes once, a moment after the last move, and at once on flush', () => {
    const clock = new ManualClock(0);
    const storage = memoryStorage();
    const store = new BoundsStore(storage, clock);
    for (let x = 0; x < 50; x++) store.remember('book', SPY_CALL, at(x));
    expect(storage.writes).toBe(0);
    clock.advance(SAVE_DELAY_MS);
    expect(storage.writes).toBe(1);
    store.remember('feed', null, at(7));
    store.flush();
    expect(storage.writes).toBe(2);
    clock.advance(SAVE_DELAY_MS);
    expect(storage.writes).toBe(2);
  });

  it('reads back what it wrote', () => {
    const clock = new ManualClock(0);
    const storage = memoryStorage();
    const first = new BoundsStore(storage, clock);
    first.remember('book', SPY_CALL, at(120));
    first.flush();
    const second = new BoundsStore(storage, clock);
    expect(second.get('book', SPY_CALL)).toEqual(at(120));
    expect(second.lastOfKind('book')).toEqual(at(120));
  });

  it('starts afresh on a corrupt or foreign file, and says so', () => {
    for (const text of ['{not json', '[]', JSON.stringify({ version: 2, windows: {} }), JSON.stringify({ version: 1, windows: { feed: { bounds: 'x' } } })]) {
      const { logger, lines } = memoryLogger();
      const store = new BoundsStore(memoryStorage(text), new ManualClock(0), logger);
      expect(store.get('feed', null)).toBeNull();
      expect(lines.join('\n')).toMatch(/starting afresh/);
    }
  });

  it('drops entries with unknown keys or impossible rectangles from a file', () => {
    const file = {
      version: 1,
      windows: {
        feed: { bounds: { x: 0, y: 0, width: 900, height: 700 }, maximized: false, at: 1 },
        'settings:x': { bounds: { x: 0, y: 0, width: 900, height: 700 }, maximized: false, at: 2 },
        [`book:${SPY_CALL}`]: { bounds: { x: 0, y: 0, width: -5, height: 700 }, maximized: false, at: 3 },
      },
    };
    const store = new BoundsStore(memoryStorage(JSON.stringify(file)), new ManualClock(0));
    expect(store.get('feed', null)).not.toBeNull();
    expect(store.get('book', SPY_CALL)).toBeNull();
  });

  it('keeps at most MAX_ENTRIES, forgetting the least recently used contract first', () => {
    const clock = new ManualClock(0);
    const store = new BoundsStore(memoryStorage(), clock);
    store.remember('feed', null, at(1));
    for (let i = 0; i < MAX_ENTRIES + 10; i++) {
      clock.advance(1);
      store.remember('book', `SPY   2412${String(i % 30).padStart(2, '0')}C${String(400 + i).padStart(5, '0')}000`, at(i));
    }
    store.flush();
    expect(store.get('feed', null)).toEqual(at(1));
    expect(store.get('book', 'SPY   241200C00400000')).toBeNull();
    expect(store.lastOfKind('book')).not.toBeNull();
  });

  it('ignores a placement that is not a rectangle', () => {
    const storage = memoryStorage();
    const store = new BoundsStore(storage, new ManualClock(0));
    store.remember('feed', null, { bounds: { x: Number.NaN, y: 0, width: 10, height: 10 }, maximized: false });
    expect(store.get('feed', null)).toBeNull();
  });
});

describe('placementFile', () => {
  it('writes through a temporary file and reads back; a missing file is null', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fathom-bounds-'));
    try {
      const path = join(dir, 'sub', 'window-state.json');
      const file = placementFile(path);
      expect(file.read()).toBeNull();
      file.write('{"a":1}');
      expect(readFileSync(path, 'utf8')).toBe('{"a":1}');
      expect(file.read()).toBe('{"a":1}');
      writeFileSync(path, 'x'.repeat(600 * 1024));
      expect(file.read()).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
