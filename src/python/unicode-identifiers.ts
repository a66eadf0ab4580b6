// Identifier characters as CPython 3.11's tokenizer checks them (_PyUnicode_ScanIdentifier:
// XID_Start or '_' first, then XID_Continue) and `str.isprintable` for its error messages,
// from tables generated with python3's unicodedata (Unicode 14.0.0) so that characters
// added to Unicode later (which Node's ICU knows) are rejected as CPython rejects them.

import { PRINTABLE_RANGES, XID_CONTINUE_RANGES, XID_START_RANGES } from './unicode-data.js';

/** Sorted inclusive ranges [start0, end0, start1, end1, ...] decoded from the generated text. */
function decodeRanges(encoded: string): Uint32Array {
  const parts = encoded.split(',');
  const ranges = new Uint32Array(parts.length * 2);
  let previousEnd = 0;
  for (let i = 0; i < parts.length; i++) {
    const dot = parts[i].indexOf('.');
    const start = previousEnd + parseInt(parts[i].slice(0, dot), 16);
    const end = start + parseInt(parts[i].slice(dot + 1), 16);
    ranges[2 * i] = start;
    ranges[2 * i + 1] = end;
    previousEnd = end;
  }
  return ranges;
}

function inRanges(ranges: Uint32Array, codePoint: number): boolean {
  let low = 0;
  let high = ranges.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < ranges[2 * middle]) high = middle - 1;
    else if (codePoint > ranges[2 * middle + 1]) low = middle + 1;
    else return true;
  }
  return false;
}

let xidStart: Uint32Array | undefined;
let xidContinue: Uint32Array | undefined;
let printable: Uint32Array | undefined;

export function isIdentifierStart(codePoint: number): boolean {
  if (codePoint < 128) {
    return (codePoint >= 65 && codePoint <= 90) || (codePoint >= 97 && codePoint <= 122) || codePoint === 95;
  }
  xidStart ??= decodeRanges(XID_START_RANGES);
  return inRanges(xidStart, codePoint);
}

export function isIdentifierContinue(codePoint: number): boolean {
  if (codePoint < 128) {
    return (
      (codePoint >= 65 && codePoint <= 90) ||
      (codePoint >= 97 && codePoint <= 122) ||
      (codePoint >= 48 && codePoint <= 57) ||
      codePoint === 95
    );
  }
  xidContinue ??= decodeRanges(XID_CONTINUE_RANGES);
  return inRanges(xidContinue, codePoint);
}

/** Python's str.isprintable() for one character. */
export function isPrintable(codePoint: number): boolean {
  if (codePoint < 128) return codePoint >= 32 && codePoint < 127;
  printable ??= decodeRanges(PRINTABLE_RANGES);
  return inRanges(printable, codePoint);
}

/** The identifier as `ast.Name.id` holds it: CPython NFKC-normalizes non-ASCII identifiers. */
export function normalizeIdentifier(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 128) return text.normalize('NFKC');
  }
  return text;
}
