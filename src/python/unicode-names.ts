// `\N{NAME}` lookup as CPython 3.11's unicodedata does it for string literals
// (Unicode 14.0.0): stored names and formal aliases compared case-insensitively,
// CJK unified ideographs and Hangul syllables computed (case-sensitively, like
// CPython), no named sequences. The table is inflated on the first lookup.

import { inflateRaw } from '../node-builtins.js';
import { readFileSync } from 'node:fs';
import { NAME_FAMILIES } from './unicode-data.js';

/** Beside this module: src/python, dist/python, or dist/ for the one-file CLI bundle. */
const NAMES_FILE = new URL('./unicode-names.deflate', import.meta.url);

/**
 * The inflated table: "<hex delta>;NAME" lines (code points ascending), a blank line, then
 * "<hex code>;ALIAS" lines. A lookup finds ";NAME\n" with indexOf and maps the line to its code
 * point through `codes`, which avoids building a 33k-entry Map on first use.
 */
interface NameTable {
  readonly text: string;
  readonly lineStarts: Int32Array;
  readonly codes: Int32Array;
  readonly cache: Map<string, number | undefined>;
}

let nameTable: NameTable | undefined;

function loadNameTable(): NameTable {
  let text = inflateRaw(readFileSync(NAMES_FILE)).toString('latin1');
  if (!text.endsWith('\n')) text += '\n';
  const lineStarts: number[] = [];
  const codes: number[] = [];
  let code = -1;
  let inAliases = false;
  let lineStart = 0;
  while (lineStart < text.length) {
    const lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === lineStart) {
      inAliases = true;
    } else {
      const separator = text.indexOf(';', lineStart);
      const number = separator === lineStart ? 1 : parseInt(text.slice(lineStart, separator), 16);
      if (inAliases) code = number;
      else code += number;
      lineStarts.push(lineStart);
      codes.push(code);
    }
    lineStart = lineEnd + 1;
  }
  return { text, lineStarts: Int32Array.from(lineStarts), codes: Int32Array.from(codes), cache: new Map() };
}

function lookupStoredName(upperName: string): number | undefined {
  nameTable ??= loadNameTable();
  const table = nameTable;
  if (table.cache.has(upperName)) return table.cache.get(upperName);
  let code: number | undefined;
  const at = upperName.includes('\n') ? -1 : table.text.indexOf(';' + upperName + '\n');
  if (at >= 0) {
    // The line holding `at`: the last line start <= at.
    let low = 0;
    let high = table.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (table.lineStarts[middle] <= at) low = middle;
      else high = middle - 1;
    }
    code = table.codes[low];
  }
  table.cache.set(upperName, code);
  return code;
}

const HANGUL_PREFIX = 'HANGUL SYLLABLE ';
const CJK_UNIFIED_PREFIX = 'CJK UNIFIED IDEOGRAPH-';
const HANGUL_BASE = 0xac00;
const JAMO_LEADING = [
  'G',
  'GG',
  'N',
  'D',
  'DD',
  'R',
  'M',
  'B',
  'BB',
  'S',
  'SS',
  '',
  'J',
  'JJ',
  'C',
  'K',
  'T',
  'P',
  'H',
];
const JAMO_VOWEL = [
  'A',
  'AE',
  'YA',
  'YAE',
  'EO',
  'E',
  'YEO',
  'YE',
  'O',
  'WA',
  'WAE',
  'OE',
  'YO',
  'U',
  'WEO',
  'WE',
  'WI',
  'YU',
  'EU',
  'YI',
  'I',
];
const JAMO_TRAILING = [
  '',
  'G',
  'GG',
  'GS',
  'N',
  'NJ',
  'NH',
  'D',
  'L',
  'LG',
  'LM',
  'LB',
  'LS',
  'LT',
  'LP',
  'LH',
  'M',
  'B',
  'BS',
  'S',
  'SS',
  'NG',
  'J',
  'C',
  'K',
  'T',
  'P',
  'H',
];

/** CPython's find_syllable: the longest jamo short name that prefixes `text` at `from`. */
function longestJamo(
  text: string,
  from: number,
  table: readonly string[],
): { index: number; length: number } {
  let best = { index: -1, length: -1 };
  for (let i = 0; i < table.length; i++) {
    const jamo = table[i];
    if (jamo.length > best.length && text.startsWith(jamo, from)) best = { index: i, length: jamo.length };
  }
  return best;
}

function lookupHangul(name: string): number | undefined {
  let pos = HANGUL_PREFIX.length;
  const leading = longestJamo(name, pos, JAMO_LEADING);
  if (leading.index < 0) return undefined;
  pos += leading.length;
  const vowel = longestJamo(name, pos, JAMO_VOWEL);
  if (vowel.index < 0) return undefined;
  pos += vowel.length;
  const trailing = longestJamo(name, pos, JAMO_TRAILING);
  if (trailing.index < 0) return undefined;
  pos += trailing.length;
  if (pos !== name.length) return undefined;
  return (
    HANGUL_BASE + (leading.index * JAMO_VOWEL.length + vowel.index) * JAMO_TRAILING.length + trailing.index
  );
}

function lookupCjkUnified(name: string): number | undefined {
  const digits = name.slice(CJK_UNIFIED_PREFIX.length);
  if (!/^[0-9A-F]{4,5}$/.test(digits)) return undefined;
  const code = parseInt(digits, 16);
  for (const [prefix, first, last] of NAME_FAMILIES) {
    if (prefix === CJK_UNIFIED_PREFIX && code >= first && code <= last) return code;
  }
  return undefined;
}

/** Stored "<PREFIX>-<HEX>" names (compatibility ideographs, Khitan, Nushu): exact "%04X" spelling, any case. */
function lookupFamily(upperName: string): number | undefined {
  for (const [prefix, first, last] of NAME_FAMILIES) {
    if (prefix === CJK_UNIFIED_PREFIX || !upperName.startsWith(prefix)) continue;
    const digits = upperName.slice(prefix.length);
    if (!/^[0-9A-F]{4,6}$/.test(digits)) continue;
    const code = parseInt(digits, 16);
    if (code >= first && code <= last && code.toString(16).toUpperCase().padStart(4, '0') === digits)
      return code;
  }
  return undefined;
}

/** The code point `"\N{name}"` denotes in CPython 3.11, or undefined. */
export function lookupUnicodeName(name: string): number | undefined {
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) >= 128) return undefined; // names are ASCII; CPython upper-cases ASCII only
  }
  if (name.startsWith(HANGUL_PREFIX)) return lookupHangul(name);
  if (name.startsWith(CJK_UNIFIED_PREFIX)) return lookupCjkUnified(name);
  const upperName = name.toUpperCase();
  return lookupStoredName(upperName) ?? lookupFamily(upperName);
}
