// Python constant values as the parser produces them and the extractors read them.
// The JS type carries the Python type: bigint is `int`, number is `float`,
// string is `str`; bytes, complex and Ellipsis are tagged objects.

import { PRINTABLE_RANGES } from './unicode-printable.js';
import { CASED_RANGES, CASE_IGNORABLE_RANGES, LOWER_MULTI, LOWER_RUNS } from './unicode-lower.js';
import { timsort } from './pysort.js';

export interface PyBytes {
  readonly pyType: 'bytes';
  readonly bytes: Uint8Array;
}

export interface PyComplex {
  readonly pyType: 'complex';
  readonly real: number;
  readonly imag: number;
}

export interface PyEllipsis {
  readonly pyType: 'ellipsis';
}

/** Everything an `ast.Constant.value` can hold after `ast.parse` (no folding, so no tuples). */
export type PyConstant = null | boolean | bigint | number | string | PyBytes | PyComplex | PyEllipsis;

export const ELLIPSIS: PyEllipsis = Object.freeze({ pyType: 'ellipsis' });

// ---------------------------------------------------------------------------
// Python semantics over constants: str(), repr(), truthiness, ==, //, errors.
// Each function mirrors the CPython 3.11 behaviour it is named after.

/** Python's TypeError, raised by operations such as `<` between unorderable values. */
export class PyTypeError extends Error {
  override readonly name = 'TypeError';
}

/** Python's ZeroDivisionError, raised by `//` with a zero divisor. */
export class PyZeroDivisionError extends Error {
  override readonly name = 'ZeroDivisionError';
}

/** Python's ValueError, e.g. from str() of an int past sys.get_int_max_str_digits(). */
export class PyValueError extends Error {
  override readonly name = 'ValueError';
}

/** sys.int_info.default_max_str_digits in CPython 3.11 (CVE-2020-10735). */
export const INT_MAX_STR_DIGITS = 4300;
const INT_MAX_STR_MESSAGE = `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit`;

/** Decimal text of an int, raising where CPython 3.11's int-to-str limit does. */
export function intToDecimal(value: bigint): string {
  // Over 14,284 bits an int has more than 4,300 digits: say so without the slow decimal conversion.
  const hexDigits = (value < 0n ? -value : value).toString(16).length;
  if ((hexDigits - 1) * 4 > 14284) throw new PyValueError(INT_MAX_STR_MESSAGE);
  const text = value.toString();
  const digits = value < 0n ? text.length - 1 : text.length;
  if (digits > INT_MAX_STR_DIGITS) {
    throw new PyValueError(INT_MAX_STR_MESSAGE);
  }
  return text;
}

/** `type(v).__name__` for a constant. */
export function pyTypeName(value: PyConstant): string {
  if (value === null) return 'NoneType';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'str';
    default:
      return value.pyType;
  }
}

/** Python `str(v)` (and what an f-string `{v}` renders). */
export function pyStr(value: PyConstant): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/**
 * Python `repr(s)` of a str given as its code points. For the strings a JS string cannot
 * tell apart from others: a lone high surrogate followed by a lone low one (`'\\ud834\\udd1e'`
 * in Python) reads as one astral character in JS. See strCodePoints.
 */
export function pyReprCodePoints(codePoints: readonly number[]): string {
  const quote = codePoints.includes(0x27) && !codePoints.includes(0x22) ? '"' : "'";
  let out = quote;
  for (const cp of codePoints) out += reprCodePoint(cp, quote);
  return out + quote;
}

const STR_CODE_POINTS = 'pyCodePoints';

/**
 * The Python code points of a str Constant whose JS string misreads them (see
 * pyReprCodePoints), kept by the parser as a non-enumerable property so that JSON,
 * deep equality and field walks see the plain node; undefined for every other node.
 */
export function strCodePoints(node: object): readonly number[] | undefined {
  return (node as { [STR_CODE_POINTS]?: readonly number[] })[STR_CODE_POINTS];
}

/** Records `codePoints` on a str Constant node (read back with strCodePoints). */
export function setStrCodePoints(node: object, codePoints: readonly number[]): void {
  Object.defineProperty(node, STR_CODE_POINTS, {
    value: Object.freeze([...codePoints]),
    enumerable: false,
    writable: false,
    configurable: false,
  });
}

/** Python `repr(v)`. */
export function pyRepr(value: PyConstant): string {
  if (value === null) return 'None';
  switch (typeof value) {
    case 'boolean':
      return value ? 'True' : 'False';
    case 'bigint':
      return intToDecimal(value);
    case 'number':
      return formatFloat(value, { addDotZero: true, forceSign: false });
    case 'string':
      return reprString(value);
    default:
      break;
  }
  switch (value.pyType) {
    case 'bytes':
      return reprBytes(value.bytes);
    case 'complex':
      return reprComplex(value);
    case 'ellipsis':
      return 'Ellipsis';
  }
}

/** Python `bool(v)`. */
export function pyTruthy(value: PyConstant): boolean {
  if (value === null) return false;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'bigint':
      return value !== 0n;
    case 'number':
      return value !== 0; // NaN is truthy in Python, and NaN !== 0
    case 'string':
      return value.length > 0;
    default:
      break;
  }
  switch (value.pyType) {
    case 'bytes':
      return value.bytes.length > 0;
    case 'complex':
      return value.real !== 0 || value.imag !== 0;
    case 'ellipsis':
      return true;
  }
}

/** Python `a == b` between constants (bool is an int; int/float compare exactly; NaN never equal). */
export function pyEquals(a: PyConstant, b: PyConstant): boolean {
  const numA = asNumeric(a);
  const numB = asNumeric(b);
  if (numA !== undefined || numB !== undefined) {
    if (numA === undefined || numB === undefined) return false;
    return numericEquals(numA, numB);
  }
  if (a === null || b === null) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  // Only tagged objects are left: bytes and Ellipsis (complex is numeric above).
  const tagA = a as PyBytes | PyEllipsis;
  const tagB = b as PyBytes | PyEllipsis;
  if (tagA.pyType === 'ellipsis' || tagB.pyType === 'ellipsis') return tagA.pyType === tagB.pyType;
  if (tagB.pyType !== 'bytes') return false;
  return compareBytes(tagA.bytes, tagB.bytes) === 0;
}

/** Python `a // b` for ints (bool counts as int): floors toward negative infinity. */
export function pyFloorDiv(a: bigint | boolean, b: bigint | boolean): bigint {
  const dividend = typeof a === 'boolean' ? BigInt(a) : a;
  const divisor = typeof b === 'boolean' ? BigInt(b) : b;
  if (divisor === 0n) throw new PyZeroDivisionError('integer division or modulo by zero');
  const quotient = dividend / divisor;
  const remainder = dividend % divisor;
  return remainder !== 0n && remainder < 0n !== divisor < 0n ? quotient - 1n : quotient;
}

/** Python `a % b` on ints (bools count as ints): the remainder takes the divisor's sign. */
export function pyMod(a: bigint | boolean, b: bigint | boolean): bigint {
  const dividend = typeof a === 'boolean' ? BigInt(a) : a;
  const divisor = typeof b === 'boolean' ? BigInt(b) : b;
  return dividend - pyFloorDiv(dividend, divisor) * divisor;
}

/**
 * Python `sorted(values)`: CPython's exact timsort over `<`. Throws PyTypeError where
 * list.sort raises, with Python's message (operand types in the order timsort compared them).
 */
export function pySorted<T extends PyConstant>(values: readonly T[]): T[] {
  return timsort(values, pyLess);
}

/** Python `a < b` between constants; throws PyTypeError for unorderable operands. */
export function pyLess(a: PyConstant, b: PyConstant): boolean {
  const realA = asReal(a);
  const realB = asReal(b);
  if (realA !== undefined && realB !== undefined) {
    if (typeof realA === typeof realB) return realA < realB;
    if (typeof realA === 'bigint') return compareIntFloat(realA, realB as number) < 0;
    return compareIntFloat(realB as bigint, realA as number) > 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b) < 0;
  if (isBytes(a) && isBytes(b)) return compareBytes(a.bytes, b.bytes) < 0;
  throw new PyTypeError(`'<' not supported between instances of '${pyTypeName(a)}' and '${pyTypeName(b)}'`);
}

/** Python `a < b` for two str: by code point, not by UTF-16 unit. */
export function pyStringLess(a: string, b: string): boolean {
  return compareStrings(a, b) < 0;
}

/** Three-way comparison of two str by code point (negative, 0, positive). */
export function compareStrings(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  let i = 0;
  while (i < shorter && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === shorter) return a.length - b.length;
  // Units differ at i. Step back onto a shared high surrogate if i is inside a pair,
  // then compare whole code points (lone surrogates compare as themselves).
  if (
    i > 0 &&
    isHighSurrogate(a.charCodeAt(i - 1)) &&
    (isLowSurrogate(a.charCodeAt(i)) || isLowSurrogate(b.charCodeAt(i)))
  ) {
    i--;
  }
  return (a.codePointAt(i) as number) - (b.codePointAt(i) as number);
}

/** Python `str.lower()` on CPython 3.11 (Unicode 14, full mappings, final-sigma rule). */
export function pyLower(text: string): string {
  let out = '';
  let plainStart = 0;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    if (cp < 0x80) {
      if (cp >= 0x41 && cp <= 0x5a) {
        out += text.slice(plainStart, i) + String.fromCharCode(cp + 32);
        plainStart = i + 1;
      }
      i += width;
      continue;
    }
    let lowered: string | undefined;
    if (cp === 0x3a3) lowered = isFinalSigma(text, i) ? '\u03c2' : '\u03c3';
    else lowered = lowerCodePoint(cp);
    if (lowered !== undefined) {
      out += text.slice(plainStart, i) + lowered;
      plainStart = i + width;
    }
    i += width;
  }
  return plainStart === 0 ? text : out + text.slice(plainStart);
}

/** Whether CPython 3.11's `str.isprintable()` holds for this one code point. */
export function isPyPrintable(codePoint: number): boolean {
  return inRanges(PRINTABLE_RANGES, codePoint);
}

// --- helpers -----------------------------------------------------------------

type Numeric = bigint | number | PyComplex;

function asNumeric(value: PyConstant): Numeric | undefined {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'bigint' || typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && value.pyType === 'complex') return value;
  return undefined;
}

function asReal(value: PyConstant): bigint | number | undefined {
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'bigint' || typeof value === 'number') return value;
  return undefined;
}

function isBytes(value: PyConstant): value is PyBytes {
  return value !== null && typeof value === 'object' && value.pyType === 'bytes';
}

function numericEquals(a: Numeric, b: Numeric): boolean {
  if (typeof a === 'object' || typeof b === 'object') {
    const ca = typeof a === 'object' ? a : undefined;
    const cb = typeof b === 'object' ? b : undefined;
    if (ca && cb) return ca.real === cb.real && ca.imag === cb.imag;
    const complex = (ca ?? cb) as PyComplex;
    const other = (ca ? b : a) as bigint | number;
    return complex.imag === 0 && numericEquals(complex.real, other);
  }
  if (typeof a === typeof b) return a === b;
  return (
    compareIntFloat(typeof a === 'bigint' ? a : (b as bigint), typeof a === 'number' ? a : (b as number)) ===
    0
  );
}

/**
 * Exact comparison of an int with a float, as CPython's float_richcompare does:
 * negative / 0 / positive for int < = > float; NaN for unordered (float is NaN).
 */
export function compareIntFloat(int: bigint, float: number): number {
  if (Number.isNaN(float)) return NaN;
  if (float === Infinity) return -1;
  if (float === -Infinity) return 1;
  const floor = Math.floor(float);
  const floorInt = BigInt(floor);
  if (int < floorInt) return -1;
  if (int > floorInt) return 1;
  return floor === float ? 0 : -1; // int == floor(float) < float when float has a fraction
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Binary search in a flat ascending list of inclusive [start, end] pairs. */
function inRanges(ranges: readonly number[], codePoint: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (codePoint < ranges[2 * mid]) hi = mid - 1;
    else if (codePoint > ranges[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

let lowerTable: Map<number, number> | undefined;

/** The lower-case form of one non-ASCII code point, or undefined if it maps to itself. */
function lowerCodePoint(cp: number): string | undefined {
  const multi = LOWER_MULTI.get(cp);
  if (multi !== undefined) return multi;
  if (lowerTable === undefined) {
    lowerTable = new Map();
    for (let r = 0; r < LOWER_RUNS.length; r += 4) {
      const [start, count, stride, delta] = [
        LOWER_RUNS[r],
        LOWER_RUNS[r + 1],
        LOWER_RUNS[r + 2],
        LOWER_RUNS[r + 3],
      ];
      for (let k = 0; k < count; k++) lowerTable.set(start + k * stride, start + k * stride + delta);
    }
  }
  const lowered = lowerTable.get(cp);
  return lowered === undefined ? undefined : String.fromCodePoint(lowered);
}

/** CPython's handle_capital_sigma: Σ is final after a cased letter and not before one (ignoring case-ignorables). */
function isFinalSigma(text: string, index: number): boolean {
  let j = index;
  let before: number | undefined;
  while (j > 0) {
    const unit = text.charCodeAt(j - 1);
    j -= isLowSurrogate(unit) && j >= 2 && isHighSurrogate(text.charCodeAt(j - 2)) ? 2 : 1;
    const cp = text.codePointAt(j) as number;
    if (!inRanges(CASE_IGNORABLE_RANGES, cp)) {
      before = cp;
      break;
    }
  }
  if (before === undefined || !inRanges(CASED_RANGES, before)) return false;
  for (let k = index + 1; k < text.length;) {
    const cp = text.codePointAt(k) as number;
    if (!inRanges(CASE_IGNORABLE_RANGES, cp)) return !inRanges(CASED_RANGES, cp);
    k += cp > 0xffff ? 2 : 1;
  }
  return true;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/** Anything outside printable ASCII, or a backslash. */
const NEEDS_ESCAPE_SCAN = /[^\x20-\x5b\x5d-\x7e]/;

/** unicode_repr: quote choice, escapes, and \x / \u / \U for non-printables. */
function reprString(text: string): string {
  // Fast path: printable ASCII without backslashes needs no escapes, only a quote choice.
  if (!NEEDS_ESCAPE_SCAN.test(text)) {
    if (!text.includes("'")) return `'${text}'`;
    if (!text.includes('"')) return `"${text}"`;
  }
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) as number;
    i += cp > 0xffff ? 2 : 1;
    out += reprCodePoint(cp, quote);
  }
  return out + quote;
}

/** One code point of a str repr between `quote`s. */
function reprCodePoint(cp: number, quote: string): string {
  if (cp < 0x7f) {
    if (cp === 0x5c) return '\\\\';
    if (cp === quote.charCodeAt(0)) return '\\' + quote;
    if (cp === 0x09) return '\\t';
    if (cp === 0x0a) return '\\n';
    if (cp === 0x0d) return '\\r';
    if (cp < 0x20) return '\\x' + hex(cp, 2);
    return String.fromCharCode(cp);
  }
  if (cp === 0x7f) return '\\x7f';
  if (isPyPrintable(cp)) return String.fromCodePoint(cp);
  if (cp <= 0xff) return '\\x' + hex(cp, 2);
  if (cp <= 0xffff) return '\\u' + hex(cp, 4);
  return '\\U' + hex(cp, 8);
}

/** bytes_repr: b'...' with \\, quote, \t \n \r and \xNN for bytes outside 0x20..0x7e. */
function reprBytes(bytes: Uint8Array): string {
  let hasSingle = false;
  let hasDouble = false;
  for (const byte of bytes) {
    if (byte === 0x27) hasSingle = true;
    else if (byte === 0x22) hasDouble = true;
  }
  const quote = hasSingle && !hasDouble ? 0x22 : 0x27;
  let out = 'b' + String.fromCharCode(quote);
  for (const byte of bytes) {
    if (byte === quote || byte === 0x5c) out += '\\' + String.fromCharCode(byte);
    else if (byte === 0x09) out += '\\t';
    else if (byte === 0x0a) out += '\\n';
    else if (byte === 0x0d) out += '\\r';
    else if (byte < 0x20 || byte >= 0x7f) out += '\\x' + hex(byte, 2);
    else out += String.fromCharCode(byte);
  }
  return out + String.fromCharCode(quote);
}

/** complex_repr: `1j` when the real part is +0, else `(re+imj)`; parts without a forced `.0`. */
function reprComplex(value: PyComplex): string {
  if (value.real === 0 && !Object.is(value.real, -0)) {
    return formatFloat(value.imag, { addDotZero: false, forceSign: false }) + 'j';
  }
  const real = formatFloat(value.real, { addDotZero: false, forceSign: false });
  const imag = formatFloat(value.imag, { addDotZero: false, forceSign: true });
  return `(${real}${imag}j)`;
}

/**
 * PyOS_double_to_string(x, 'r', 0, flags): shortest round-trip digits, exponent form when
 * the decimal point position is <= -4 or > 16, `e+XX`/`e-XX` with at least two digits.
 */
export function formatFloat(x: number, options: { addDotZero: boolean; forceSign: boolean }): string {
  const sign = x < 0 || Object.is(x, -0) ? '-' : options.forceSign ? '+' : '';
  if (Number.isNaN(x)) return (options.forceSign ? '+' : '') + 'nan';
  if (!Number.isFinite(x)) return sign + 'inf';
  if (x === 0) return sign + (options.addDotZero ? '0.0' : '0');
  const { digits, pointPosition } = shortestDigits(Math.abs(x));
  let body: string;
  if (pointPosition <= -4 || pointPosition > 16) {
    const exponent = pointPosition - 1;
    const mantissa = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    body = mantissa + 'e' + (exponent < 0 ? '-' : '+') + String(Math.abs(exponent)).padStart(2, '0');
  } else if (pointPosition <= 0) {
    body = '0.' + '0'.repeat(-pointPosition) + digits;
  } else if (pointPosition >= digits.length) {
    body = digits + '0'.repeat(pointPosition - digits.length) + (options.addDotZero ? '.0' : '');
  } else {
    body = digits.slice(0, pointPosition) + '.' + digits.slice(pointPosition);
  }
  return sign + body;
}

/** Shortest round-trip decimal digits of a positive finite float, value = 0.DIGITS * 10^pointPosition. */
function shortestDigits(x: number): { digits: string; pointPosition: number } {
  // JS's Number->String picks the same shortest, closest digit string as CPython's repr (dtoa mode 0).
  const text = x.toExponential(); // "d.ddde+N": exactly the shortest round-trip digits
  const ePos = text.indexOf('e');
  const digits = text.slice(0, ePos).replace('.', '');
  return { digits, pointPosition: Number(text.slice(ePos + 1)) + 1 };
}
