// The parser's view of the lexer's literal helpers (one place to adapt if their API moves).

import type { Token } from '../token.js';
import type { PyComplex } from '../values.js';
import { Tokenizer } from '../tokenizer.js';
import { parseNumber, splitStringLiteral, decodeStringBody } from '../literals.js';
import type { Parser, TokenSource } from './parser.js';

export { splitStringLiteral, decodeStringBody };

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

export function parseNumberToken(p: Parser, tok: Token): bigint | number | PyComplex {
  try {
    return parseNumber(tok.text);
  } catch (e) {
    if (isLiteralError(e)) p.fail(e.message, tok);
    throw e;
  }
}
