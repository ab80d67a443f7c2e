// A deep copy of plain state that keeps class instances' prototypes, for replay checkpoints.
// Meant for data-only objects (maps, sets, arrays, typed arrays, small classes without
// closures); functions are refused so a listener can never be copied by mistake.

/**
 * `shared` lists objects known never to change (a flow's versions, the evidence they share): they
 * are kept by reference, not copied, so a checkpoint costs the state that moves, not every flow
 * it points at again.
 */
export function cloneState<T>(value: T, shared: Iterable<object> = []): T {
  const seen = new Map<object, unknown>();
  for (const object of shared) seen.set(object, object);
  return clone(value, seen) as T;
}

function clone(value: unknown, seen: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'function') throw new TypeError('cloneState: functions cannot be part of a checkpoint');
    return value;
  }
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (ArrayBuffer.isView(value)) {
    const copy = (value as unknown as { slice(): unknown }).slice();
    seen.set(value, copy);
    return copy;
  }
  if (Array.isArray(value)) {
    // An array of numbers or strings is copied whole: slice keeps its compact elements (doubles
    // unboxed), where copying element by element would box every double.
    if (value.every(isPrimitive)) {
      const copy = value.slice();
      seen.set(value, copy);
      return copy;
    }
    const copy: unknown[] = new Array(value.length);
    seen.set(value, copy);
    for (let i = 0; i < value.length; i++) copy[i] = clone(value[i], seen);
    return copy;
  }
  if (value instanceof Map) {
    const copy = new Map();
    seen.set(value, copy);
    for (const [k, v] of value) copy.set(clone(k, seen), clone(v, seen));
    return copy;
  }
  if (value instanceof Set) {
    const copy = new Set();
    seen.set(value, copy);
    for (const v of value) copy.add(clone(v, seen));
    return copy;
  }
  const copy = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  seen.set(value, copy);
  for (const key of Object.keys(value)) copy[key] = clone((value as Record<string, unknown>)[key], seen);
  return copy;
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}
