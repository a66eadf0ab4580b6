// The parser's view of the lexer's literal helpers (one place to adapt if their API moves).

import type { Token } from '../token.js';
import type { PyComplex } from '../values.js';
import { Tokenizer } from '../tokenizer.js';
import {
  parseNumber,
  splitStringLiteral,
  decodeStringBody,
  decodeStrBody,
  pythonCodePoints,
  type DecodedStr,
} from '../literals.js';
import type { Parser, TokenSource } from './parser.js';
import { PySyntaxErrorSignal } from '../errors.js';

export { splitStringLiteral, decodeStringBody, decodeStrBody, pythonCodePoints, type DecodedStr };

export interface LiteralErrorLike {
  readonly message: string;
  readonly offset: number;
}

export function isLiteralError(e: unknown): e is LiteralErrorLike {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { message?: unknown }).message === 'string' &&
    typeof (e as { offset?: unknown }).offset === 'number'
  );
}

export function newTokenizer(source: string): TokenSource {
  return new Tokenizer(source);
}

/** CPython 3.11's default sys.get_int_max_str_digits(). */
const INT_MAX_STR_DIGITS = 4300;

export function parseNumberToken(p: Parser, tok: Token): bigint | number | PyComplex {
  checkIntDigitLimit(tok);
  try {
    return parseNumber(tok.text);
  } catch (e) {
    if (isLiteralError(e)) p.fail(e.message, tok);
    throw e;
  }
}

/**
 * Decimal int literals longer than 4300 digits are a SyntaxError in 3.11 (the int/str
 * conversion limit, hit when the parser converts the token; literals starting with '0' are
 * converted without it). The error has no column.
 */
function checkIntDigitLimit(tok: Token): void {
  const text = tok.text;
  if (text.length <= INT_MAX_STR_DIGITS) return;
  const first = text.charCodeAt(0);
  if (first < 49 || first > 57) return; // must start with 1-9
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c !== 95) return; // '.', 'e', 'j': not an int
  }
  if (digits > INT_MAX_STR_DIGITS) {
    throw new PySyntaxErrorSignal({
      kind: 'SyntaxError',
      msg:
        `Exceeds the limit (${INT_MAX_STR_DIGITS} digits) for integer string conversion: value has ${digits} digits; ` +
        'use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals ' +
        'to avoid decimal conversion limits.',
      lineno: tok.line,
      offset: 0,
    });
  }
}
