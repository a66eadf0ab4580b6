// Python constants as facts carry them (see Scalar in src/facts.ts).

import type { Scalar } from '../facts.js';
import { pyStr, type PyConstant } from '../python/values.js';

const isSafeInt = (value: bigint): boolean =>
  value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER);

/**
 * A constant the reference turns into text (str(), an f-string): an int as a
 * number, anything else as its str(). Raises PyValueError where str() does
 * (an int over 4300 digits), as the reference does at that point.
 */
export function shownScalar(value: PyConstant): Scalar {
  if (typeof value === 'bigint' && isSafeInt(value)) return Number(value);
  return pyStr(value);
}

/**
 * A constant the reference keeps but never turns into text (the middle of a
 * sorted list, an unused minor): the same as shownScalar, but without str()'s
 * digit limit, since the reference never converts it.
 */
export function keptScalar(value: PyConstant): Scalar {
  if (typeof value === 'bigint') return isSafeInt(value) ? Number(value) : value.toString();
  return pyStr(value);
}
