// A part of a cell's value for a component: it renders again only when that part changed, not on
// every change of the cell. The book history's cell changes with each snapshot (about 20 a second
// at its busiest); a panel that reads only the events or the newest column need not follow it.
import { useCallback, useRef, useState, useSyncExternalStore } from 'react';
import type { Cell } from '../state/cell.ts';
import { frameScheduler } from './canvas-kit.ts';

/**
 * `select` reads the part; `same` says whether two reads show the same, in which case the earlier
 * read is kept (its identity holds, so memoised children skip). Pass functions defined once (at
 * module level): a new one reads again only at the cell's next change.
 */
export function useSelected<T, S>(cell: Cell<T>, select: (value: T) => S, same: (a: S, b: S) => boolean): S {
  const held = useRef<{ source: T; value: S } | null>(null);
  const read = useCallback((): S => {
    const source = cell.get();
    const last = held.current;
    if (last && Object.is(last.source, source)) return last.value;
    const value = select(source);
    held.current = { source, value: last && same(last.value, value) ? last.value : value };
    return held.current.value;
  }, [cell, select, same]);
  return useSyncExternalStore(cell.subscribe, read);
}

/**
 * A primitive read from some cells (a count, a time, a key): the component renders again only
 * when it differs, however often the cells change, and at most once per animation frame.
 */
export function useDerived<T extends string | number | boolean | null>(cells: readonly Cell<unknown>[], read: () => T): T {
  // The cells are the model's own, fixed for its life: the first ones are subscribed to.
  const [subscribe] = useState(() => (listener: () => void) => {
    const scheduler = frameScheduler(listener);
    const offs = cells.map((cell) => cell.subscribe(scheduler.request));
    return () => {
      offs.forEach((off) => off());
      scheduler.cancel();
    };
  });
  return useSyncExternalStore(subscribe, read);
}

/**
 * A cell's value, rendered at most once per animation frame: the book changes with each snapshot
 * (at times several in one frame), and a component following it directly rendered each of them,
 * each in a task of its own.
 */
export function useFrameCell<T>(cell: Cell<T>): T {
  const [subscribe] = useState(() => (listener: () => void) => {
    const scheduler = frameScheduler(listener);
    const off = cell.subscribe(scheduler.request);
    return () => {
      off();
      scheduler.cancel();
    };
  });
  return useSyncExternalStore(subscribe, cell.get);
}
