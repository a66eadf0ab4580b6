// Checks that a value read back from JSON has the shape of a type, built from
// small parts so that the type each check proves can be compared with the
// declared type at compile time (see `SameShape`): a field added to a type
// without its check does not compile.

/** A check that `value` is a T (exactly: objects may hold no other keys). */
export type Shape<T> = (value: unknown) => value is T;

/** The type a Shape checks. */
export type ShapeOf<S> = S extends Shape<infer T> ? T : never;

export const string: Shape<string> = (v): v is string => typeof v === 'string';
export const boolean: Shape<boolean> = (v): v is boolean => typeof v === 'boolean';
/** A finite number (JSON has no others). */
export const number: Shape<number> = (v): v is number => typeof v === 'number' && Number.isFinite(v);

/** One of the given primitive values. */
export function literal<const L extends string | number | boolean | null>(...values: L[]): Shape<L> {
  const allowed = new Set<unknown>(values);
  return (v): v is L => allowed.has(v);
}

export function nullable<T>(shape: Shape<T>): Shape<T | null> {
  return (v): v is T | null => v === null || shape(v);
}

export function oneOf<A, B>(a: Shape<A>, b: Shape<B>): Shape<A | B> {
  return (v): v is A | B => a(v) || b(v);
}

export function array<T>(item: Shape<T>): Shape<T[]> {
  return (v): v is T[] => Array.isArray(v) && v.every((x) => item(x));
}

type Props = Record<string, Shape<unknown>>;
type ObjectOf<P extends Props, O extends Props> = { [K in keyof P]: ShapeOf<P[K]> } & {
  [K in keyof O]?: ShapeOf<O[K]>;
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object with exactly these keys (and, if present, the `optional` ones). */
export function object<P extends Props, O extends Props = Record<never, never>>(
  props: P,
  optional?: O,
): Shape<ObjectOf<P, O>> {
  const required = Object.entries(props);
  const maybe: Props = optional ?? {};
  return (v): v is ObjectOf<P, O> => {
    if (!isPlainObject(v)) return false;
    let present = 0;
    for (const [key, check] of required) {
      if (!Object.hasOwn(v, key) || !check(v[key])) return false;
      present++;
    }
    for (const [key, check] of Object.entries(maybe)) {
      if (!Object.hasOwn(v, key)) continue;
      if (!check(v[key])) return false;
      present++;
    }
    return Object.keys(v).length === present;
  };
}

/** An object used as a map from any string key to values of one shape. */
export function record<T>(value: Shape<T>): Shape<Record<string, T>> {
  return (v): v is Record<string, T> => isPlainObject(v) && Object.values(v).every((x) => value(x));
}

type DeepMutable<T> = T extends readonly (infer U)[]
  ? DeepMutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
    : T;

/**
 * True when a Shape's type and a declared type accept the same values
 * (readonly aside). Used as `Assert<SameShape<typeof X_SHAPE, X>>`.
 */
export type SameShape<S, T> = [DeepMutable<ShapeOf<S>>] extends [DeepMutable<T>]
  ? [DeepMutable<T>] extends [DeepMutable<ShapeOf<S>>]
    ? true
    : false
  : false;

/** Compiles only when T is `true`. */
export type Assert<T extends true> = T;
