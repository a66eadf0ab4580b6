// CPython's error-message helpers: expression names for "cannot assign to ..." and
// the second pass's "Perhaps you forgot a comma?" check.

import type * as A from '../ast.js';
import type { Token } from '../token.js';
import { Parser } from './parser.js';
import { startsExpression } from './expressions.js';

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
 * NAME STRING or a soft keyword, and not for `print`/`exec`).
 */
export function checkMissingComma(p: Parser, elementStart: Token): void {
  const t = p.peek();
  if (!startsExpression(t) || (t.kind === 'Op' && t.text === '*')) return;
  if (elementStart.kind === 'Name') {
    if (SOFT_KEYWORDS.has(elementStart.text) || elementStart.text === 'print' || elementStart.text === 'exec')
      return;
    if (p.tokenAfter(elementStart)?.kind === 'String') return;
  }
  p.fail('invalid syntax. Perhaps you forgot a comma?', elementStart);
}

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
