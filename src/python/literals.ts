// Values of literal tokens, as CPython 3.11's parser computes them
// (Parser/string_parser.c and the 'unicode_escape' codec for strings).

import type { PyComplex } from './values.js';
import { lookupUnicodeName } from './unicode-names.js';

/** A literal CPython rejects; `offset` is the position of the problem inside the string body. */
export class LiteralError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

// ------------------------------------------------------------------ numbers

/** The value of a Number token: int → bigint, float → number, imaginary → PyComplex. */
export function parseNumber(text: string): bigint | number | PyComplex {
  const digits = text.indexOf('_') >= 0 ? text.replace(/_/g, '') : text;
  const last = digits.charCodeAt(digits.length - 1);
  if (last === 106 || last === 74) {
    // 'j' / 'J'
    return { pyType: 'complex', real: 0, imag: Number(digits.slice(0, -1)) };
  }
  if (digits.length > 1 && digits.charCodeAt(0) === 48) {
    const radix = digits.charCodeAt(1) | 0x20;
    if (radix === 120 || radix === 111 || radix === 98)
      return BigInt('0' + String.fromCharCode(radix) + digits.slice(2));
  }
  for (let i = 0; i < digits.length; i++) {
    const c = digits.charCodeAt(i);
    if (c === 46 || c === 101 || c === 69) return Number(digits); // '.', 'e', 'E': correctly rounded like CPython
  }
  return BigInt(digits);
}

// ------------------------------------------------------------------ strings

export interface StringLiteralParts {
  /** Lower-cased prefix, e.g. '', 'b', 'rb', 'f'. */
  prefix: string;
  quote: string;
  body: string;
  /** Offset of the body inside the token text. */
  bodyOffset: number;
}

export function splitStringLiteral(tokenText: string): StringLiteralParts {
  let quotePos = 0;
  while (quotePos < tokenText.length) {
    const c = tokenText.charCodeAt(quotePos);
    if (c === 34 || c === 39) break;
    quotePos++;
  }
  const quoteChar = tokenText.charAt(quotePos);
  const triple =
    tokenText.length - quotePos >= 6 && tokenText.startsWith(quoteChar + quoteChar + quoteChar, quotePos);
  const quote = triple ? quoteChar.repeat(3) : quoteChar;
  const bodyOffset = quotePos + quote.length;
  return {
    prefix: tokenText.slice(0, quotePos).toLowerCase(),
    quote,
    body: tokenText.slice(bodyOffset, tokenText.length - quote.length),
    bodyOffset,
  };
}

/** The value of a (non-f) string token: str, or the bytes of a bytes literal. */
export function decodeStringToken(tokenText: string): string | Uint8Array {
  const parts = splitStringLiteral(tokenText);
  return decodeStringBody(parts.body, {
    raw: parts.prefix.includes('r'),
    bytes: parts.prefix.includes('b'),
  });
}

export function decodeStringBody(
  body: string,
  options: { raw: boolean; bytes: boolean },
): string | Uint8Array {
  if (options.bytes) {
    for (let i = 0; i < body.length; i++) {
      if (body.charCodeAt(i) >= 128)
        throw new LiteralError('bytes can only contain ASCII literal characters', i);
    }
    return options.raw ? asciiBytes(body) : decodeBytesEscapes(body);
  }
  return decodeStrBody(body, options).text;
}

/** A decoded str body, with where escapes made lone surrogate code points. */
export interface DecodedStr {
  readonly text: string;
  /**
   * Ascending UTF-16 indices in `text` of surrogates written as escapes (`\ud834`,
   * `\U0000dd1e`): each is one Python code point of its own, even when the unit next to
   * it would pair with it in JS. null when there are none (the usual case).
   */
  readonly escapedSurrogates: readonly number[] | null;
}

/** A str literal body decoded like decodeStringBody, also reporting escape-made surrogates. */
export function decodeStrBody(body: string, options: { raw: boolean }): DecodedStr {
  if (options.raw || body.indexOf('\\') < 0) return { text: body, escapedSurrogates: null };
  return decodeUnicodeEscapes(body);
}

/**
 * The Python code points of `text` when JS would read some of them wrongly: an
 * escape-made high surrogate directly followed by a low one is two code points in
 * Python but one astral character in JS. null when JS's own reading is right.
 * (Source text is strict UTF-8, so every surrogate not made by an escape is half of
 * a real pair; an escape-made surrogate therefore never pairs with a real one.)
 */
export function pythonCodePoints(text: string, escapedSurrogates: readonly number[] | null): number[] | null {
  if (escapedSurrogates === null) return null;
  let misread = false;
  for (const at of escapedSurrogates) {
    if (isHighSurrogate(text.charCodeAt(at)) && isLowSurrogate(text.charCodeAt(at + 1))) {
      misread = true;
      break;
    }
  }
  if (!misread) return null;
  const codePoints: number[] = [];
  let next = 0; // index into escapedSurrogates
  for (let i = 0; i < text.length;) {
    while (next < escapedSurrogates.length && escapedSurrogates[next] < i) next++;
    const escaped = next < escapedSurrogates.length && escapedSurrogates[next] === i;
    const unit = text.charCodeAt(i);
    if (!escaped && isHighSurrogate(unit) && isLowSurrogate(text.charCodeAt(i + 1))) {
      codePoints.push(text.codePointAt(i) as number);
      i += 2;
    } else {
      codePoints.push(unit);
      i += 1;
    }
  }
  return codePoints;
}

function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function simpleEscape(c: number): number {
  switch (c) {
    case 92: // \\
    case 39: // \'
    case 34: // \"
      return c;
    case 97: // \a
      return 7;
    case 98: // \b
      return 8;
    case 102: // \f
      return 12;
    case 110: // \n
      return 10;
    case 114: // \r
      return 13;
    case 116: // \t
      return 9;
    case 118: // \v
      return 11;
    default:
      return -1;
  }
}

function isOctalDigit(c: number): boolean {
  return c >= 48 && c <= 55;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * str escapes, like CPython: the 'unicode_escape' codec run over the body in which
 * every non-ASCII character was rewritten as a 10-character \UXXXXXXXX escape (and a
 * backslash before one as \u005c), so error positions count in that rewritten text.
 */
function decodeUnicodeEscapes(body: string): DecodedStr {
  const length = body.length;
  let out = '';
  let escapedSurrogates: number[] | null = null;
  let copiedUpTo = 0;
  let i = body.indexOf('\\');
  while (i >= 0 && i < length) {
    out += body.slice(copiedUpTo, i);
    const escapeStart = i;
    if (i + 1 >= length) unicodeEscapeError(body, escapeStart, length, '\\ at end of string');
    const c = body.charCodeAt(i + 1);
    i += 2;
    const simple = simpleEscape(c);
    if (simple >= 0) {
      out += String.fromCharCode(simple);
    } else if (c === 10) {
      // backslash-newline: both vanish
    } else if (isOctalDigit(c)) {
      let value = c - 48;
      if (i < length && isOctalDigit(body.charCodeAt(i))) {
        value = value * 8 + body.charCodeAt(i++) - 48;
        if (i < length && isOctalDigit(body.charCodeAt(i))) value = value * 8 + body.charCodeAt(i++) - 48;
      }
      out += String.fromCharCode(value); // up to 0o777; CPython 3.11 only warns above 0o377
    } else if (c === 120 || c === 117 || c === 85) {
      const count = c === 120 ? 2 : c === 117 ? 4 : 8;
      const message =
        c === 120
          ? 'truncated \\xXX escape'
          : c === 117
            ? 'truncated \\uXXXX escape'
            : 'truncated \\UXXXXXXXX escape';
      let value = 0;
      for (let n = 0; n < count; n++, i++) {
        const digit = i < length ? hexValue(body.charCodeAt(i)) : -1;
        if (digit < 0) unicodeEscapeError(body, escapeStart, Math.min(i, length), message);
        value = value * 16 + digit;
      }
      if (value > 0x10ffff) unicodeEscapeError(body, escapeStart, i, 'illegal Unicode character');
      if (value >= 0xd800 && value <= 0xdfff) (escapedSurrogates ??= []).push(out.length);
      out += String.fromCodePoint(value);
    } else if (c === 78) {
      // \N{NAME}
      const malformed = 'malformed \\N character escape';
      if (i >= length) unicodeEscapeError(body, escapeStart, length, malformed);
      if (body.charCodeAt(i) !== 123) unicodeEscapeError(body, escapeStart, i, malformed);
      const nameStart = i + 1;
      const close = body.indexOf('}', nameStart);
      if (close < 0) unicodeEscapeError(body, escapeStart, length, malformed);
      if (close === nameStart) unicodeEscapeError(body, escapeStart, close, malformed);
      const code = lookupUnicodeName(body.slice(nameStart, close));
      if (code === undefined)
        unicodeEscapeError(body, escapeStart, close + 1, 'unknown Unicode character name');
      out += String.fromCodePoint(code);
      i = close + 1;
    } else {
      // Unknown escape: kept as written (CPython 3.11 warns with a DeprecationWarning).
      out += '\\';
      i = escapeStart + 1;
    }
    copiedUpTo = i;
    i = body.indexOf('\\', i);
  }
  return { text: out + body.slice(copiedUpTo), escapedSurrogates };
}

/** Throws the codec error with positions in CPython's rewritten buffer (see decodeUnicodeEscapes). */
function unicodeEscapeError(body: string, start: number, end: number, reason: string): never {
  const rewrittenStart = rewrittenPosition(body, start);
  const rewrittenEnd = rewrittenPosition(body, end);
  const where =
    rewrittenEnd - rewrittenStart === 1
      ? `byte 0x5c in position ${rewrittenStart}`
      : `bytes in position ${rewrittenStart}-${rewrittenEnd - 1}`;
  throw new LiteralError(`(unicode error) 'unicodeescape' codec can't decode ${where}: ${reason}`, start);
}

function rewrittenPosition(body: string, index: number): number {
  let position = 0;
  for (let i = 0; i < index; i++) {
    const c = body.charCodeAt(i);
    if (c < 128) {
      position++;
      // A backslash before a non-ASCII character (or at the very end) becomes "\u005c".
      if (c === 92) {
        const next = i + 1 < body.length ? body.charCodeAt(i + 1) : -1;
        if (next >= 128 || next < 0) position += 5;
        else if (i + 1 < index) {
          position++; // the escaped ASCII character travels with its backslash
          i++;
        }
      }
    } else if (c >= 0xdc00 && c <= 0xdfff && i > 0 && isHighSurrogate(body.charCodeAt(i - 1))) {
      // second half of a pair: already counted
    } else {
      position += 10;
    }
  }
  return position;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** bytes escapes (CPython's _PyBytes_DecodeEscape). */
function decodeBytesEscapes(body: string): Uint8Array {
  const length = body.length;
  const out = new Uint8Array(length);
  let size = 0;
  let i = 0;
  while (i < length) {
    const c = body.charCodeAt(i);
    if (c !== 92) {
      out[size++] = c;
      i++;
      continue;
    }
    const escapeStart = i;
    i++;
    if (i >= length) throw new LiteralError('Trailing \\ in string', escapeStart);
    const e = body.charCodeAt(i++);
    const simple = simpleEscape(e);
    if (simple >= 0) {
      out[size++] = simple;
    } else if (e === 10) {
      // backslash-newline
    } else if (isOctalDigit(e)) {
      let value = e - 48;
      if (i < length && isOctalDigit(body.charCodeAt(i))) {
        value = value * 8 + body.charCodeAt(i++) - 48;
        if (i < length && isOctalDigit(body.charCodeAt(i))) value = value * 8 + body.charCodeAt(i++) - 48;
      }
      out[size++] = value & 0xff;
    } else if (e === 120) {
      const high = i + 1 < length ? hexValue(body.charCodeAt(i)) : -1;
      const low = i + 1 < length ? hexValue(body.charCodeAt(i + 1)) : -1;
      if (high < 0 || low < 0) {
        throw new LiteralError(`(value error) invalid \\x escape at position ${escapeStart}`, escapeStart);
      }
      out[size++] = high * 16 + low;
      i += 2;
    } else {
      out[size++] = 92;
      i = escapeStart + 1;
    }
  }
  return out.slice(0, size);
}
