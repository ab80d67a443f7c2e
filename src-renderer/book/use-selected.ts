// A part of a cell's value for a component: it renders again only when that part changed, not on
// every change of the cell. The book history's cell changes with each snapshot (about 20 a second
// at its busiest); a panel that reads only the events or the newest column need not follow it.
// Text that follows the stream is rendered at the window's reading pace (reading-clock.ts says
// why); what a trader's own action changes (a setting, the heat map's view) in the next frame.
import { useCallback, useRef, useState, useSyncExternalStore } from 'react';
import type { Cell } from '../state/cell.ts';
import { frameScheduler } from './canvas-kit.ts';
import type { ReadingClock } from './reading-clock.ts';

type Subscribe = (listener: () => void) => () => void;

/** Follows `cells`, telling the listener at most once per reading tick, or per frame without a clock. */
function pacedSubscribe(cells: readonly Cell<unknown>[], clock: ReadingClock | null): Subscribe {
  return (listener) => {
    if (clock) {
      const write = (): void => listener();
      const ask = (): void => clock.request(write);
      const offs = cells.map((cell) => cell.subscribe(ask));
      return () => {
        offs.forEach((off) => off());
        clock.cancel(write);
      };
    }
    const scheduler = frameScheduler(listener);
    const offs = cells.map((cell) => cell.subscribe(scheduler.request));
    return () => {
      offs.forEach((off) => off());
      scheduler.cancel();
    };
  };
}

/**
 * `select` reads the part; `same` says whether two reads show the same, in which case the earlier
 * read is kept (its identity holds, so memoised children skip). Pass functions defined once (at
 * module level): a new one reads again only at the cell's next change. Rendered at the reading
 * pace of `clock`.
 */
export function useSelected<T, S>(clock: ReadingClock, cell: Cell<T>, select: (value: T) => S, same: (a: S, b: S) => boolean): S {
  const held = useRef<{ source: T; value: S } | null>(null);
  const read = useCallback((): S => {
    const source = cell.get();
    const last = held.current;
    if (last && Object.is(last.source, source)) return last.value;
    const value = select(source);
    held.current = { source, value: last && same(last.value, value) ? last.value : value };
    return held.current.value;
  }, [cell, select, same]);
  // The clock and cell are the model's own, fixed for its life: the first ones are followed.
  const [subscribe] = useState(() => pacedSubscribe([cell], clock));
  return useSyncExternalStore(subscribe, read);
}

/**
 * A primitive read from some cells (a count, a time, a key): the component renders again only
 * when it differs, however often the cells change, and at most once per animation frame, or per
 * tick of `clock` when given (text that changes with each snapshot).
 */
export function useDerived<T extends string | number | boolean | null>(cells: readonly Cell<unknown>[], read: () => T, clock: ReadingClock | null = null): T {
  // The cells are the model's own, fixed for its life: the first ones are subscribed to.
  const [subscribe] = useState(() => pacedSubscribe(cells, clock));
  return useSyncExternalStore(subscribe, read);
}

/**
 * A cell's value, rendered at most once per tick of the window's reading clock: the book changes
 * with each snapshot (at times several in one frame), and a component following it directly
 * rendered each of them, each in a task of its own.
 */
export function useReadingCell<T>(clock: ReadingClock, cell: Cell<T>): T {
  const [subscribe] = useState(() => pacedSubscribe([cell], clock));
  return useSyncExternalStore(subscribe, cell.get);
}

/**
 * Renders the component at most once per tick of `clock` when any of `cells` changed, in one
 * write (one frame of the tick): for a panel that reads several cells through the model.
 */
export function useReadingCells(clock: ReadingClock, cells: readonly Cell<unknown>[]): number {
  const [store] = useState(() => {
    let version = 0;
    const subscribe = pacedSubscribe(cells, clock);
    return {
      subscribe: (listener: () => void) =>
        subscribe(() => {
          version++;
          listener();
        }),
      read: () => version,
    };
  });
  return useSyncExternalStore(store.subscribe, store.read);
}
