// Comparing fact values: deep equality that ignores key order (the same fact
// can be built by different code paths), and lists as multisets plus order.

/** Deep equality of plain data (numbers, strings, booleans, null, arrays, objects), key order ignored. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  const aKeys = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const bKeys = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** A key for plain data that is equal exactly when sameValue is (object keys sorted). */
export function valueKey(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

export interface ListComparison<T> {
  /** Items of `after` that `before` lacks (as many times as they are extra), in `after`'s order. */
  readonly added: readonly T[];
  /** Items of `before` that `after` lacks, in `before`'s order. */
  readonly removed: readonly T[];
  /** The items both have stand in another order. */
  readonly reordered: boolean;
}

/**
 * How `after` differs from `before`, items compared by value: added and
 * removed items (as multisets), and whether the items kept changed order.
 * null when the lists are equal.
 */
export function compareLists<T>(before: readonly T[], after: readonly T[]): ListComparison<T> | null {
  const beforeKeys = before.map(valueKey);
  const afterKeys = after.map(valueKey);
  if (beforeKeys.length === afterKeys.length && beforeKeys.every((k, i) => k === afterKeys[i])) return null;
  const unmatched = (keys: readonly string[], others: readonly string[]): boolean[] => {
    const available = new Map<string, number>();
    for (const k of others) available.set(k, (available.get(k) ?? 0) + 1);
    return keys.map((k) => {
      const left = available.get(k) ?? 0;
      if (left === 0) return true;
      available.set(k, left - 1);
      return false;
    });
  };
  const removedAt = unmatched(beforeKeys, afterKeys);
  const addedAt = unmatched(afterKeys, beforeKeys);
  const keptBefore = beforeKeys.filter((_, i) => !removedAt[i]);
  const keptAfter = afterKeys.filter((_, i) => !addedAt[i]);
  return {
    added: after.filter((_, i) => addedAt[i]),
    removed: before.filter((_, i) => removedAt[i]),
    reordered: keptBefore.some((k, i) => k !== keptAfter[i]),
  };
}
