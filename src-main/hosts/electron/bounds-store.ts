// Remembered window placements, per window kind and contract: the feed has one; each contract's
// book window has its own, and the last book placement seeds a contract never opened before.
// Kept in a small JSON file in the user-data folder, written a moment after the last move so a
// drag does not write hundreds of times. What is read back is validated, and clamped to the
// displays of the day by the window manager (bounds.ts), never trusted as is.
import { z } from 'zod';
import type { WindowKind } from '../../../shared/ipc/define.ts';
import type { Clock, TimerHandle } from '../../util/clock.ts';
import { silentLogger, type Logger } from '../../util/log.ts';
import { isRect, type WindowPlacement } from './bounds.ts';

/** Where the placements live (a file in the app; memory in tests). */
export interface PlacementStorage {
  read(): string | null;
  write(text: string): void;
}

const rectSchema = z.strictObject({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
const entrySchema = z.strictObject({ bounds: rectSchema, maximized: z.boolean(), at: z.number() });
const fileSchema = z.strictObject({
  version: z.literal(1),
  windows: z.record(z.string().max(64), entrySchema),
});

type Entry = z.infer<typeof entrySchema>;

export const MAX_ENTRIES = 200;
export const SAVE_DELAY_MS = 750;

export function placementKey(kind: WindowKind, symbol: string | null): string {
  return kind === 'book' && symbol ? `book:${symbol}` : kind;
}

export class BoundsStore {
  private readonly entries = new Map<string, Entry>();
  private readonly storage: PlacementStorage;
  private readonly clock: Clock;
  private readonly log: Logger;
  private timer: TimerHandle | null = null;

  constructor(storage: PlacementStorage, clock: Clock, logger: Logger = silentLogger) {
    this.storage = storage;
    this.clock = clock;
    this.log = logger.child('bounds');
    this.load();
  }

  /** The placement saved for exactly this window, if any. */
  get(kind: WindowKind, symbol: string | null): WindowPlacement | null {
    return this.copy(this.entries.get(placementKey(kind, symbol)));
  }

  /** The last placement of any window of this kind (seeds a contract's first book window). */
  lastOfKind(kind: WindowKind): WindowPlacement | null {
    return this.copy(this.entries.get(kind));
  }

  remember(kind: WindowKind, symbol: string | null, placement: WindowPlacement): void {
    if (!isRect(placement.bounds)) return;
    const entry: Entry = { bounds: { ...placement.bounds }, maximized: placement.maximized, at: this.clock.now() };
    const key = placementKey(kind, symbol);
    // Re-inserting moves the key to the end: the map's order is least recently used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (key !== kind) {
      this.entries.delete(kind);
      this.entries.set(kind, entry);
    }
    this.trim();
    this.scheduleSave();
  }

  /** Writes now (quit, or a window closing). */
  flush(): void {
    this.clock.clearTimeout(this.timer);
    this.timer = null;
    const windows = Object.fromEntries(this.entries);
    try {
      this.storage.write(JSON.stringify({ version: 1, windows }));
    } catch (error) {
      this.log.warn('cannot save window placements', { reason: (error as Error).message });
    }
  }

  private scheduleSave(): void {
    this.timer ??= this.clock.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, SAVE_DELAY_MS);
  }

  private trim(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_ENTRIES) break;
      if (key === 'feed' || key === 'book') continue;
      this.entries.delete(key);
    }
  }

  private load(): void {
    let text: string | null;
    try {
      text = this.storage.read();
    } catch (error) {
      this.log.warn('cannot read window placements', { reason: (error as Error).message });
      return;
    }
    if (text === null) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.log.warn('window placements file is not JSON; starting afresh');
      return;
    }
    const checked = fileSchema.safeParse(parsed);
    if (!checked.success) {
      this.log.warn('window placements file has an unknown shape; starting afresh');
      return;
    }
    const sorted = Object.entries(checked.data.windows).sort(([, a], [, b]) => a.at - b.at);
    for (const [key, entry] of sorted) {
      if (isRect(entry.bounds) && (key === 'feed' || key === 'book' || key.startsWith('book:'))) this.entries.set(key, entry);
    }
    this.trim();
  }

  private copy(entry: Entry | undefined): WindowPlacement | null {
    return entry ? { bounds: { ...entry.bounds }, maximized: entry.maximized } : null;
  }
}
