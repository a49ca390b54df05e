// A value kept in a cache is shared by every caller that asks for it: frozen once when it is kept, so none of them
// can change it for the others (a renderer that tried would throw, in strict mode). Cheaper than a copy per caller:
// structuredClone of a status summary was ~0.09 ms CPU a request (docs/PERFORMANCE.md).

/** Freezes value and everything reachable from it (plain objects and arrays; a Date is frozen but keeps its time). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * What `derive(value)` gives, kept beside a frozen value (which cannot change, so neither can what is derived from
 * it) and frozen too: a cached summary's reply, a frozen block's Block Kit or its size, a frozen reply's card. A
 * value that is not frozen could change, so it is derived afresh each time.
 */
export function derivedOnce<K extends object, V>(kept: WeakMap<K, V>, value: K, derive: (value: K) => V): V {
  if (!Object.isFrozen(value)) return derive(value);
  let derived = kept.get(value);
  if (derived === undefined) kept.set(value, (derived = deepFreeze(derive(value))));
  return derived;
}
