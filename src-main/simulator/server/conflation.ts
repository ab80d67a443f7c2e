// Per-session delivery state for the three delivery types of docs/schwab-streaming.md §3.9:
// Level 1 "Change" (a snapshot, then conflated deltas of changed fields only), books "Whole"
// (complete snapshots, throttled, only when the book changed) and charts "All Sequence"
// (every bar once, with seq; recent bars again on each subscription).
import type { Bar } from '../../../shared/domain/market.ts';
import type { DataItem } from '../../schwab/protocol.ts';

export type FieldValues = Record<string, unknown>;

/** Bars re-sent when a key is (re)subscribed, so a reconnecting client sees repeats to dedupe. */
export const RECENT_BARS_ON_SUBSCRIBE = 3;

/** Keys of `next` whose value differs from `previous`, or null when nothing changed. */
export function changedFields(previous: FieldValues, next: FieldValues): FieldValues | null {
  let changed: FieldValues | null = null;
  for (const field in next) {
    const value = next[field];
    if (previous[field] !== value) (changed ??= {})[field] = value;
  }
  return changed;
}

/**
 * A small stable offset per key (FNV-1a, up to a tenth of the interval) so keys subscribed in
 * one request do not all update on the same tick, as live data shows.
 */
export function keyOffset(key: string, intervalMs: number): number {
  const span = Math.floor(intervalMs / 10);
  if (span <= 0) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return hash % span;
}

/** Keeps only the requested numeric fields; `key`, `seq` and meta keys always pass. */
export function pickFields(item: DataItem, fields: ReadonlySet<number>): DataItem {
  const out: DataItem = { key: item.key };
  for (const name in item) {
    const n = Number(name);
    if (name !== '' && Number.isInteger(n) && !fields.has(n)) continue;
    out[name] = item[name];
  }
  return out;
}

interface Level1Key {
  /** Field values this session last sent for the key; null until the snapshot went out. */
  sent: FieldValues | null;
  dueAt: number;
}

/**
 * Level 1 conflation for one service of one session. Each key is looked at once per interval
 * (plus its offset); when it is looked at, the market's current values are diffed against what
 * this session last sent, so several ticks between looks collapse into one delta.
 */
export class Level1Conflator {
  private readonly intervalMs: number;
  private readonly keys = new Map<string, Level1Key>();

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  get size(): number {
    return this.keys.size;
  }

  keyList(): string[] {
    return [...this.keys.keys()];
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** New or re-subscribed keys get a full snapshot on the next collect. */
  subscribe(key: string, now: number): void {
    this.keys.set(key, { sent: null, dueAt: now });
  }

  unsubscribe(key: string): void {
    this.keys.delete(key);
  }

  clear(): void {
    this.keys.clear();
  }

  /**
   * The field list changed (VIEW, or SUBS/ADD with another list). Forgetting the dropped fields
   * makes them go out again if they come back; added fields go out with the key's next delta.
   */
  fieldsChanged(fields: ReadonlySet<number>): void {
    for (const state of this.keys.values()) {
      if (state.sent === null) continue;
      const kept: FieldValues = {};
      for (const field in state.sent)
        if (fields.has(Number(field))) kept[field] = state.sent[field];
      state.sent = kept;
    }
  }

  /**
   * Items due at `now`: snapshots (meta keys + every subscribed field with a value) for new keys,
   * deltas for keys whose values changed. `read` returns null for symbols the market cannot
   * serve; those get nothing and are looked at again one interval later.
   */
  collect(
    now: number,
    read: (key: string) => FieldValues | null,
    meta: (key: string) => FieldValues,
  ): DataItem[] {
    const items: DataItem[] = [];
    for (const [key, state] of this.keys) {
      if (state.dueAt > now) continue;
      const values = read(key);
      if (values === null) {
        state.dueAt = now + this.intervalMs;
        continue;
      }
      if (state.sent === null) {
        items.push({ key, ...meta(key), ...values });
        state.sent = { ...values };
        state.dueAt = now + this.intervalMs + keyOffset(key, this.intervalMs);
        continue;
      }
      const delta = changedFields(state.sent, values);
      if (delta !== null) {
        items.push({ key, ...delta });
        Object.assign(state.sent, delta);
      }
      state.dueAt = now + this.intervalMs;
    }
    return items;
  }
}

interface BookKey {
  /** The levels last sent, as JSON; null until the first snapshot went out. */
  signature: string | null;
  dueAt: number;
}

/** Whole-book delivery: at most one snapshot per key per interval, and only when it changed. */
export class BookThrottle {
  private readonly intervalMs: number;
  private readonly keys = new Map<string, BookKey>();

  constructor(intervalMs: number) {
    this.intervalMs = intervalMs;
  }

  get size(): number {
    return this.keys.size;
  }

  keyList(): string[] {
    return [...this.keys.keys()];
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  subscribe(key: string, now: number): void {
    this.keys.set(key, { signature: null, dueAt: now });
  }

  unsubscribe(key: string): void {
    this.keys.delete(key);
  }

  clear(): void {
    this.keys.clear();
  }

  /** `read` returns the encoded book (field "1" is its time, "2"/"3" the sides) or null. */
  collect(now: number, read: (key: string) => DataItem | null): DataItem[] {
    const items: DataItem[] = [];
    for (const [key, state] of this.keys) {
      if (state.dueAt > now) continue;
      state.dueAt = now + this.intervalMs;
      const book = read(key);
      if (book === null) continue;
      // The snapshot time alone changing is no change: only the levels count.
      const signature = JSON.stringify([book['2'], book['3']]);
      if (signature === state.signature) continue;
      if (state.signature === null) state.dueAt += keyOffset(key, this.intervalMs);
      state.signature = signature;
      items.push(book);
    }
    return items;
  }
}

interface BarKey {
  /** Highest seq sent; null until the recent bars went out after a subscribe. */
  lastSeq: number | null;
}

/** All Sequence delivery: every completed bar once, in seq order. */
export class BarFeed {
  private readonly keys = new Map<string, BarKey>();

  get size(): number {
    return this.keys.size;
  }

  keyList(): string[] {
    return [...this.keys.keys()];
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  subscribe(key: string): void {
    this.keys.set(key, { lastSeq: null });
  }

  unsubscribe(key: string): void {
    this.keys.delete(key);
  }

  clear(): void {
    this.keys.clear();
  }

  collect(barsAfter: (key: string, afterSeq: number) => Bar[]): Bar[] {
    const out: Bar[] = [];
    for (const [key, state] of this.keys) {
      const bars =
        state.lastSeq === null
          ? barsAfter(key, -1).slice(-RECENT_BARS_ON_SUBSCRIBE)
          : barsAfter(key, state.lastSeq);
      if (bars.length === 0) continue;
      const last = bars[bars.length - 1];
      if (last) state.lastSeq = last.seq;
      out.push(...bars);
    }
    return out;
  }
}
