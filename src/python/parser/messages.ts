// CPython's error-message helpers: expression names for "cannot assign to ..." and
// the second pass's "Perhaps you forgot a comma?" check.

import type * as A from '../ast.js';
import type { Token } from '../token.js';
import { PySyntaxErrorSignal, RaisedSyntaxErrorSignal } from '../errors.js';
import { LexicalErrorSignal } from '../tokenizer.js';
import { Parser, setMissingCommaCheck } from './parser.js';
import { parseExpression, parseExpressionPrefix, startsExpression } from './expressions.js';

type E = A.ExprNode;

/** The first token of the last comma-separated element since `from` (for error locations). */
export function lastElementStart(p: Parser, from: Token): Token {
  let tok: Token = from;
  let next = p.tokenAfter(from);
  while (next !== null && next !== p.peek()) {
    if (next.kind === 'Op' && next.text === ',') {
      const after = p.tokenAfter(next);
      if (after !== null && after !== p.peek()) tok = after;
    }
    next = p.tokenAfter(next);
  }
  return tok;
}

const SOFT_KEYWORDS: ReadonlySet<string> = new Set(['match', 'case', '_']);

/**
 * Inside brackets, an element followed directly by another expression: CPython's
 * invalid_expression says "invalid syntax. Perhaps you forgot a comma?" (not after
 * NAME STRING or a soft keyword, and not for `print`/`exec`), if that expression
 * parses. Parsing it reads tokens ahead: input ending inside a bracket there is
 * "'(' was never closed", as in CPython.
 */
export function checkMissingComma(p: Parser, elementStart: Token): void {
  // Inside the expression such a check reads ahead, CPython's invalid rules are off.
  if (p.checkingComma) return;
  const t = p.peek();
  if (!startsExpression(t) || (t.kind === 'Op' && t.text === '*')) return;
  if (elementStart.kind === 'Name') {
    if (SOFT_KEYWORDS.has(elementStart.text) || elementStart.text === 'print' || elementStart.text === 'exec')
      return;
    if (p.tokenAfter(elementStart)?.kind === 'String') return;
  }
  if (!followingExpressionParses(p)) return;
  raiseMissingComma(p, elementStart);
}

function raiseMissingComma(p: Parser, start: Token): never {
  try {
    return p.fail('invalid syntax. Perhaps you forgot a comma?', start);
  } catch (err) {
    if (err instanceof PySyntaxErrorSignal) throw new RaisedSyntaxErrorSignal(err.error);
    throw err;
  }
}

/**
 * Whether an expression parses at the cursor (CPython's expression_without_invalid, which
 * backs off to the longest prefix that parses), the cursor left where it was. A tokenizer
 * error on the way is raised, as CPython's is when it reads that token.
 */
export function followingExpressionParses(p: Parser): boolean {
  return parsesAt(p, parseExpression) || parsesAt(p, parseExpressionPrefix);
}

function parsesAt(p: Parser, parse: (p: Parser) => unknown): boolean {
  return lookingAhead(p, () => {
    try {
      parse(p);
      return true;
    } catch (err) {
      if (err instanceof LexicalErrorSignal || !(err instanceof PySyntaxErrorSignal)) throw err;
      if (err instanceof RaisedSyntaxErrorSignal) return false;
      if (isRaisedByStringAction(err)) throw err;
      const kind = err.error.kind;
      if (kind === 'MemoryError' || kind === 'RecursionError') throw err;
      return false;
    }
  });
}

/**
 * Runs `look` with CPython's comma check on, then puts the cursor and the
 * parser's level, nesting and comma check back as they were: a second-pass
 * look ahead leaves no trace.
 */
function lookingAhead<T>(p: Parser, look: () => T): T {
  const mark = p.mark();
  const level = p.level;
  const nesting = p.nesting;
  const checking = p.checkingComma;
  p.checkingComma = true;
  try {
    return look();
  } finally {
    p.reset(mark);
    p.level = level;
    p.nesting = nesting;
    p.checkingComma = checking;
  }
}

/**
 * A generic error right after a disjunction that started at `start`: CPython's second pass
 * tries `disjunction expression_without_invalid` there. That reads the next expression (an
 * unclosed bracket met on the way is its error), and inside brackets it is "Perhaps you
 * forgot a comma?".
 */
function missingCommaAfterDisjunction(p: Parser, start: Token): void {
  const t = p.peek();
  if (!startsExpression(t) || (t.kind === 'Op' && t.text === '*')) return;
  const excluded =
    start.kind === 'Name' &&
    (SOFT_KEYWORDS.has(start.text) ||
      start.text === 'print' ||
      start.text === 'exec' ||
      p.tokenAfter(start)?.kind === 'String');
  if (!excluded) {
    const parses = followingExpressionParses(p);
    if (parses && p.lastSolid().depth > 0) raiseMissingComma(p, start);
  }
  // After a name, CPython's invalid_legacy_expression (`NAME !'(' star_expressions`) reads on,
  // one expression after another: the end of input inside a bracket on the way is its error.
  if (start.kind === 'Name' && p.tokenAfter(start) === t) readOnExpressions(p);
}

/** Parses expression after expression from the cursor while they parse; the cursor stays. */
function readOnExpressions(p: Parser): void {
  lookingAhead(p, () => {
    for (let i = 0; i < 8 && startsExpression(p.peek()); i++) {
      const before = p.pos;
      if (!advancePast(p, parseExpression) && !advancePast(p, parseExpressionPrefix)) break;
      if (p.pos === before) break;
    }
  });
}

/** Runs `parse` at the cursor; true (cursor after it) when it parses, false (cursor back) when not. */
function advancePast(p: Parser, parse: (p: Parser) => unknown): boolean {
  const mark = p.mark();
  try {
    parse(p);
    return true;
  } catch (err) {
    if (err instanceof LexicalErrorSignal || !(err instanceof PySyntaxErrorSignal)) throw err;
    if (isRaisedByStringAction(err)) throw err;
    const kind = err.error.kind;
    if (kind === 'MemoryError' || kind === 'RecursionError') throw err;
    p.reset(mark);
    return false;
  }
}

/**
 * Errors CPython raises while building a string atom (its action runs in every pass, even
 * inside expression_without_invalid): they end parsing wherever the string is read.
 */
export function isRaisedByStringAction(err: PySyntaxErrorSignal): boolean {
  return /^(f-string|bytes can only|cannot mix bytes|\((unicode|value) error\))/.test(err.error.msg);
}

setMissingCommaCheck(missingCommaAfterDisjunction);

/** The name CPython uses for an expression in "cannot assign to ..." messages. */
export function exprName(e: E): string {
  switch (e._type) {
    case 'Attribute':
      return 'attribute';
    case 'Subscript':
      return 'subscript';
    case 'Starred':
      return 'starred';
    case 'Name':
      return 'name';
    case 'List':
      return 'list';
    case 'Tuple':
      return 'tuple';
    case 'Lambda':
      return 'lambda';
    case 'Call':
      return 'function call';
    case 'BoolOp':
    case 'BinOp':
    case 'UnaryOp':
      return 'expression';
    case 'GeneratorExp':
      return 'generator expression';
    case 'Yield':
    case 'YieldFrom':
      return 'yield expression';
    case 'Await':
      return 'await expression';
    case 'ListComp':
      return 'list comprehension';
    case 'SetComp':
      return 'set comprehension';
    case 'DictComp':
      return 'dict comprehension';
    case 'Dict':
      return 'dict literal';
    case 'Set':
      return 'set display';
    case 'JoinedStr':
    case 'FormattedValue':
      return 'f-string expression';
    case 'Constant': {
      const v = e.value;
      if (v === null) return 'None';
      if (v === true) return 'True';
      if (v === false) return 'False';
      if (typeof v === 'object' && v.pyType === 'ellipsis') return 'ellipsis';
      return 'literal';
    }
    case 'Compare':
      return 'comparison';
    case 'IfExp':
      return 'conditional expression';
    case 'NamedExpr':
      return 'named expression';
    default:
      return 'expression';
  }
}
