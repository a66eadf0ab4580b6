// Expression rules, named after CPython 3.11's grammar (Grammar/python.gram).

import type * as A from '../ast.js';
import type { Token } from '../token.js';
import { ELLIPSIS } from '../values.js';
import { PySyntaxErrorSignal, RaisedSyntaxErrorSignal } from '../errors.js';
import { LexicalErrorSignal } from '../tokenizer.js';
import { Parser, KEYWORDS, LEVELS, identifier } from './parser.js';
import {
  LOAD,
  STORE,
  AND,
  OR,
  NOT,
  UADD,
  USUB,
  INVERT,
  BINARY_OPS,
  POW,
  CMP_OPS,
  CMP_IN,
  CMP_NOT_IN,
  CMP_IS,
  CMP_IS_NOT,
} from './nodes.js';
import { parseStrings } from './strings.js';
import { parseCallArguments, parseLambdaParams } from './arguments.js';
import { parseStarTargets } from './targets.js';
import { parseNumberToken } from './literals-bridge.js';
import { checkMissingComma, lastElementStart, exprName } from './messages.js';

export { checkMissingComma, exprName };

type E = A.ExprNode;

/** Keywords that can begin an expression. */
const EXPR_START_KEYWORDS: ReadonlySet<string> = new Set(['not', 'lambda', 'await', 'None', 'True', 'False']);
const EXPR_START_OPS: ReadonlySet<string> = new Set(['(', '[', '{', '-', '+', '~', '...', '*']);

/** Whether `tok` can begin a star_expression (used for optional operands: `return`, `yield`, slices). */
export function startsExpression(tok: Token): boolean {
  switch (tok.kind) {
    case 'Name':
      return !KEYWORDS.has(tok.text) || EXPR_START_KEYWORDS.has(tok.text);
    case 'Number':
    case 'String':
      return true;
    case 'Op':
      return EXPR_START_OPS.has(tok.text);
    default:
      return false;
  }
}

/** star_expressions: a Tuple when there is a comma (trailing comma included in its span). */
export function parseStarExpressions(p: Parser): E {
  return parseCommaTuple(p, STAR_EXPRESSIONS);
}

interface CommaTupleRule {
  readonly parseItem: (p: Parser) => E;
  readonly startsItem: (t: Token) => boolean;
  readonly ctx: A.ExprContextNode;
  /** Parser levels the items after the first cost more (LEVELS). */
  readonly laterLevels?: number;
}

const STAR_EXPRESSIONS: CommaTupleRule = {
  parseItem: parseStarExpression,
  startsItem: startsExpression,
  ctx: LOAD,
  laterLevels: LEVELS.statementTupleLater,
};

/**
 * item (',' item)* [','] as a Tuple with `ctx`, or the lone item when there is
 * no comma: the shape shared by star_expressions and star_targets.
 */
export function parseCommaTuple(p: Parser, rule: CommaTupleRule): E {
  const s = p.peek();
  const first = rule.parseItem(p);
  if (!p.isOp(',')) return first;
  const elts: E[] = [first];
  const later = rule.laterLevels ?? 0;
  while (p.eatOp(',')) {
    if (!rule.startsItem(p.peek())) break;
    p.shiftLevel(later);
    elts.push(rule.parseItem(p));
    p.shiftLevel(-later);
  }
  return p.finish({ _type: 'Tuple', elts, ctx: rule.ctx }, s);
}

/** star_expression: '*' bitwise_or | expression */
export function parseStarExpression(p: Parser): E {
  const s = p.peek();
  if (s.kind === 'Op' && s.text === '*') {
    p.pos++;
    const value = parseStarredOperand(p);
    return p.finish({ _type: 'Starred', value, ctx: LOAD }, s);
  }
  return parseExpression(p);
}

/** The bitwise_or after `*` or `**` in a display: a shorter rule chain than an element's. */
function parseStarredOperand(p: Parser): E {
  p.shiftLevel(LEVELS.starredOperand);
  const value = parseBitwiseOr(p);
  p.shiftLevel(-LEVELS.starredOperand);
  return value;
}

/** star_named_expression: '*' bitwise_or | named_expression */
export function parseStarNamedExpression(p: Parser): E {
  const s = p.peek();
  if (s.kind === 'Op' && s.text === '*') {
    p.pos++;
    const value = parseStarredOperand(p);
    return p.finish({ _type: 'Starred', value, ctx: LOAD }, s);
  }
  const e = parseNamedExpression(p);
  if (p.isOp('=')) invalidNamedAssignment(p, e);
  return e;
}

/**
 * `x = y` where a named_expression was expected: CPython's invalid_named_expression
 * ("Maybe you meant '==' ...") when the right side is a lone bitwise_or, else invalid syntax.
 */
export function invalidNamedAssignment(p: Parser, target: E): never {
  const eq = p.peek();
  p.pos++;
  let rhsOk = false;
  try {
    parseBitwiseOr(p);
    rhsOk = !p.isOp('=') && !p.isOp(':=');
  } catch (err) {
    // Reading on to the end of input inside a bracket is CPython's error too.
    if (!(err instanceof PySyntaxErrorSignal) || err instanceof LexicalErrorSignal) throw err;
  }
  // invalid_named_expression raises: no other alternative is tried after it.
  if (rhsOk) raiseIn(() => invalidNamedTarget(p, target));
  return p.fail('invalid syntax', eq);
}

function invalidNamedTarget(p: Parser, target: E): void {
  {
    if (target._type === 'Name')
      p.failAtNode("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", target);
    const keywordConstant =
      target._type === 'Constant' &&
      (target.value === null || target.value === true || target.value === false);
    if (
      !keywordConstant &&
      target._type !== 'List' &&
      target._type !== 'Tuple' &&
      target._type !== 'GeneratorExp' &&
      isBitwiseLevel(target)
    ) {
      p.failAtNode(`cannot assign to ${exprName(target)} here. Maybe you meant '==' instead of '='?`, target);
    }
  }
}

/** Runs `body`; a syntax error it raises is one CPython's second pass raises (RaisedSyntaxErrorSignal). */
function raiseIn(body: () => void): void {
  try {
    body();
  } catch (err) {
    if (err instanceof PySyntaxErrorSignal && !(err instanceof LexicalErrorSignal))
      throw new RaisedSyntaxErrorSignal(err.error);
    throw err;
  }
}

/** Whether `e` is what CPython's `bitwise_or` rule can produce (no comparison, not, and/or, if-else...). */
export function isBitwiseLevel(e: E): boolean {
  switch (e._type) {
    case 'Compare':
    case 'BoolOp':
    case 'IfExp':
    case 'Lambda':
    case 'NamedExpr':
    case 'Starred':
    case 'Yield':
    case 'YieldFrom':
      return false;
    case 'UnaryOp':
      return e.op._type !== 'Not';
    default:
      return true;
  }
}

/** named_expression: NAME ':=' expression | expression !':=' */
export function parseNamedExpression(p: Parser): E {
  const s = p.peek();
  if (s.kind === 'Name' && !KEYWORDS.has(s.text) && p.isOpAt(1, ':=')) {
    p.pos += 2;
    const target: A.Name = {
      _type: 'Name',
      id: identifier(s.text),
      ctx: STORE,
      lineno: s.line,
      col_offset: s.col,
      end_lineno: s.endLine,
      end_col_offset: s.endCol,
    };
    p.shiftLevel(LEVELS.walrusValue);
    const value = parseExpression(p);
    p.shiftLevel(-LEVELS.walrusValue);
    return p.finish({ _type: 'NamedExpr', target, value }, s);
  }
  const e = parseExpression(p);
  if (p.isOp(':=')) p.failAtNode(`cannot use assignment expressions with ${exprName(e)}`, e);
  return e;
}

/** expression: disjunction 'if' disjunction 'else' expression | disjunction | lambdef */
export function parseExpression(p: Parser): E {
  const s = p.peek();
  p.enter();
  let result: E;
  if (s.kind === 'Name' && s.text === 'lambda') {
    p.enter();
    result = parseLambda(p);
    p.level--;
  } else {
    const body = parseDisjunction(p);
    if (p.isKeyword('if')) {
      p.pos++;
      const test = parseDisjunction(p);
      const e = p.peek();
      if (!(e.kind === 'Name' && e.text === 'else')) {
        if (e.kind === 'Op' && e.text === ':') p.fail('invalid syntax', e);
        p.failAtNode("expected 'else' after 'if' expression", body);
      }
      p.pos++;
      const orelse = parseExpression(p);
      result = p.finish({ _type: 'IfExp', test, body, orelse }, s);
    } else {
      result = body;
    }
  }
  p.level--;
  return result;
}

function parseLambda(p: Parser): E {
  const s = p.advance(); // 'lambda'
  const args = parseLambdaParams(p);
  p.expectOp(':');
  const body = parseExpression(p);
  return p.finish({ _type: 'Lambda', args, body }, s);
}

/** yield_expr: 'yield' 'from' expression | 'yield' [star_expressions] */
export function parseYieldExpr(p: Parser): E {
  const s = p.advance(); // 'yield'
  if (p.eatKeyword('from')) {
    const value = parseExpression(p);
    return p.finish({ _type: 'YieldFrom', value }, s);
  }
  p.shiftLevel(LEVELS.yieldValue);
  const value = startsExpression(p.peek()) ? parseStarExpressions(p) : null;
  p.shiftLevel(-LEVELS.yieldValue);
  return p.finish({ _type: 'Yield', value }, s);
}

/**
 * disjunction down to power. The usual operand is a lone primary (a name, a call, an
 * attribute) with no operator after it: it is parsed directly and the operator loops of the
 * rules between run only when an operator follows. The same tokens are read in the same order
 * and the same levels charged as in the rule-by-rule descent, with one call where that takes
 * eight (a cold JIT pays for every call).
 */
export function parseDisjunction(p: Parser): E {
  const s = p.peek();
  let first: E;
  if (startsPlainPrimary(s)) {
    const primary = parsePrimary(p);
    if (!continuesExpression(p.peek())) {
      p.noteDisjunction(s);
      return primary;
    }
    first = conjunctionRest(p, s, comparisonRest(p, s, binaryRest(p, 1, s, powerRest(p, s, primary))));
  } else {
    first = parseConjunction(p);
  }
  return disjunctionRest(p, s, first);
}

/** Whether `t` starts a primary that no rule between disjunction and power reads first (no 'not', unary operator or 'await'). */
function startsPlainPrimary(t: Token): boolean {
  if (t.kind === 'Name') return t.text !== 'not' && t.text !== 'await';
  if (t.kind === 'Op') return t.text !== '-' && t.text !== '+' && t.text !== '~';
  return true;
}

/** Whether `t`, after a primary, is an operator some rule between disjunction and power goes on with. */
function continuesExpression(t: Token): boolean {
  if (t.kind === 'Op') {
    const text = t.text;
    return BINARY_OPS.has(text) || CMP_OPS.has(text) || text === '**' || text === '<>';
  }
  if (t.kind === 'Name') {
    const text = t.text;
    return text === 'in' || text === 'not' || text === 'is' || text === 'and' || text === 'or';
  }
  return false;
}

/** The rest of a disjunction after its first conjunction `first` (which started at `s`). */
function disjunctionRest(p: Parser, s: Token, first: E): E {
  if (!p.isKeyword('or')) {
    p.noteDisjunction(s);
    return first;
  }
  const values: E[] = [first];
  p.shiftLevel(LEVELS.boolOpLater);
  while (p.eatKeyword('or')) values.push(parseConjunction(p));
  p.shiftLevel(-LEVELS.boolOpLater);
  p.noteDisjunction(s);
  return p.finish({ _type: 'BoolOp', op: OR, values }, s);
}

/** unary operators and a primary: the shortest expression CPython's PEG parser backs off to. */
export function parseExpressionPrefix(p: Parser): E {
  return parseFactor(p);
}

function parseConjunction(p: Parser): E {
  const s = p.peek();
  return conjunctionRest(p, s, parseInversion(p));
}

function conjunctionRest(p: Parser, s: Token, first: E): E {
  if (!p.isKeyword('and')) return first;
  const values: E[] = [first];
  p.shiftLevel(LEVELS.boolOpLater);
  while (p.eatKeyword('and')) values.push(parseInversion(p));
  p.shiftLevel(-LEVELS.boolOpLater);
  return p.finish({ _type: 'BoolOp', op: AND, values }, s);
}

function parseInversion(p: Parser): E {
  const s = p.peek();
  if (s.kind === 'Name' && s.text === 'not') {
    p.pos++;
    p.enter();
    const operand = parseInversion(p);
    p.level--;
    return p.finish({ _type: 'UnaryOp', op: NOT, operand }, s);
  }
  return parseComparison(p);
}

/** The comparison operator at the cursor (consumed), or null. */
function compareOp(p: Parser): A.CmpOperatorNode | null {
  const t = p.peek();
  if (t.kind === 'Op') {
    const op = CMP_OPS.get(t.text);
    if (op !== undefined) {
      p.pos++;
      return op;
    }
    if (t.text === '<>') p.fail('invalid syntax', t);
    return null;
  }
  if (t.kind !== 'Name') return null;
  if (t.text === 'in') {
    p.pos++;
    return CMP_IN;
  }
  if (t.text === 'not') {
    const n = p.peekAt(1);
    if (n.kind === 'Name' && n.text === 'in') {
      p.pos += 2;
      return CMP_NOT_IN;
    }
    return null;
  }
  if (t.text === 'is') {
    p.pos++;
    if (p.eatKeyword('not')) return CMP_IS_NOT;
    return CMP_IS;
  }
  return null;
}

function parseComparison(p: Parser): E {
  const s = p.peek();
  return comparisonRest(p, s, parseBitwiseOr(p));
}

function comparisonRest(p: Parser, s: Token, left: E): E {
  let op = compareOp(p);
  if (op === null) return left;
  const ops: A.CmpOperatorNode[] = [];
  const comparators: E[] = [];
  while (op !== null) {
    ops.push(op);
    p.shiftLevel(LEVELS.compareRight);
    comparators.push(parseBitwiseOr(p));
    p.shiftLevel(-LEVELS.compareRight);
    op = compareOp(p);
  }
  return p.finish({ _type: 'Compare', left, ops, comparators }, s);
}

/** bitwise_or down to term, by precedence climbing (all left-associative). */
export function parseBitwiseOr(p: Parser): E {
  return parseBinary(p, 1);
}

function parseBinary(p: Parser, minPrec: number): E {
  const s = p.peek();
  return binaryRest(p, minPrec, s, parseFactor(p));
}

function binaryRest(p: Parser, minPrec: number, s: Token, first: E): E {
  let left = first;
  for (;;) {
    const t = p.peek();
    if (t.kind !== 'Op') return left;
    const info = BINARY_OPS.get(t.text);
    if (info === undefined || info.prec < minPrec) return left;
    p.pos++;
    const right = parseBinary(p, info.prec + 1);
    left = p.finish({ _type: 'BinOp', left, op: info.op, right }, s);
  }
}

/** factor: '+' factor | '-' factor | '~' factor | power */
function parseFactor(p: Parser): E {
  const s = p.peek();
  if (s.kind === 'Op') {
    const op = s.text === '-' ? USUB : s.text === '+' ? UADD : s.text === '~' ? INVERT : null;
    if (op !== null) {
      p.pos++;
      p.enter();
      const operand = parseFactor(p);
      p.level--;
      return p.finish({ _type: 'UnaryOp', op, operand }, s);
    }
  }
  return parsePower(p);
}

/** power: await_primary '**' factor | await_primary */
function parsePower(p: Parser): E {
  const s = p.peek();
  let left: E;
  if (s.kind === 'Name' && s.text === 'await') {
    p.pos++;
    const value = parsePrimary(p);
    left = p.finish({ _type: 'Await', value }, s);
  } else {
    left = parsePrimary(p);
  }
  // powerRest's body, not a call to it: a chain of `**` nests one JavaScript frame less per operator.
  if (!p.isOp('**')) return left;
  p.pos++;
  p.level += 1;
  p.enter();
  const right = parseFactor(p);
  p.level -= 2;
  return p.finish({ _type: 'BinOp', left, op: POW, right }, s);
}

/** The rest of a power after its primary `left` (which started at `s`). */
function powerRest(p: Parser, s: Token, left: E): E {
  if (!p.isOp('**')) return left;
  p.pos++;
  p.level += 1;
  p.enter();
  const right = parseFactor(p);
  p.level -= 2;
  return p.finish({ _type: 'BinOp', left, op: POW, right }, s);
}

/** primary: atom followed by any number of '.' NAME, call and subscript trailers. */
export function parsePrimary(p: Parser): E {
  const s = p.peek();
  if (s !== p.discountToken) return parsePrimaryFrom(p, s);
  // The statement's first primary: its brackets cost less (Parser.enterNest).
  p.inDiscountedPrimary = true;
  try {
    return parsePrimaryFrom(p, s);
  } finally {
    p.inDiscountedPrimary = false;
  }
}

function parsePrimaryFrom(p: Parser, s: Token): E {
  let e = parseAtom(p);
  for (;;) {
    const t = p.peek();
    if (t.kind !== 'Op') return e;
    if (t.text === '.') {
      p.pos++;
      const attr = p.expectName();
      e = p.finish({ _type: 'Attribute', value: e, attr, ctx: LOAD }, s);
    } else if (t.text === '(') {
      e = parseCallArguments(p, e, s);
    } else if (t.text === '[') {
      p.pos++;
      const charged = p.enterNest(23); // with the slice expression, ~24 rules per subscript (measured)
      const slice = parseSlices(p);
      p.leaveNest(charged);
      p.expectOp(']');
      e = p.finish({ _type: 'Subscript', value: e, slice, ctx: LOAD }, s);
    } else {
      return e;
    }
  }
}

/** slices: slice !',' | ','.(slice | starred_expression)+ [','] */
function parseSlices(p: Parser): E {
  const s = p.peek();
  const first = parseSliceItem(p);
  if (!p.isOp(',') && first._type !== 'Starred') return first;
  const elts: E[] = [first];
  while (p.eatOp(',')) {
    if (p.isOp(']')) break;
    p.shiftLevel(LEVELS.subscriptLater);
    elts.push(parseSliceItem(p));
    p.shiftLevel(-LEVELS.subscriptLater);
  }
  return p.finish({ _type: 'Tuple', elts, ctx: LOAD }, s);
}

function startsSliceOperand(p: Parser): boolean {
  const t = p.peek();
  if (t.kind === 'Op' && (t.text === ':' || t.text === ',' || t.text === ']')) return false;
  return startsExpression(t);
}

/** slice: [expression] ':' [expression] [':' [expression]] | named_expression; or starred_expression */
function parseSliceItem(p: Parser): E {
  const s = p.peek();
  if (s.kind === 'Op' && s.text === '*') {
    p.pos++;
    const value = parseExpression(p);
    return p.finish({ _type: 'Starred', value, ctx: LOAD }, s);
  }
  let lower: E | null = null;
  if (!(s.kind === 'Op' && s.text === ':')) {
    lower = parseNamedExpression(p);
    if (!p.isOp(':')) {
      if (p.isOp('=')) invalidNamedAssignment(p, lower);
      return lower;
    }
    if (lower._type === 'NamedExpr' && !(s.kind === 'Op' && s.text === '('))
      p.fail('invalid syntax', p.peek());
  }
  p.pos++; // ':'
  const upper = startsSliceOperand(p) ? parseExpression(p) : null;
  let step: E | null = null;
  if (p.eatOp(':')) {
    step = startsSliceOperand(p) ? parseExpression(p) : null;
  }
  return p.finish({ _type: 'Slice', lower, upper, step }, s);
}

export function parseAtom(p: Parser): E {
  const t = p.peek();
  switch (t.kind) {
    case 'Name': {
      const text = t.text;
      if (KEYWORDS.has(text)) {
        let value: boolean | null;
        if (text === 'True') value = true;
        else if (text === 'False') value = false;
        else if (text === 'None') value = null;
        else return p.fail('invalid syntax', t);
        p.pos++;
        return {
          _type: 'Constant',
          value,
          kind: null,
          lineno: t.line,
          col_offset: t.col,
          end_lineno: t.endLine,
          end_col_offset: t.endCol,
        };
      }
      p.pos++;
      return {
        _type: 'Name',
        id: identifier(text),
        ctx: LOAD,
        lineno: t.line,
        col_offset: t.col,
        end_lineno: t.endLine,
        end_col_offset: t.endCol,
      };
    }
    case 'Number':
      p.pos++;
      return {
        _type: 'Constant',
        value: parseNumberToken(p, t),
        kind: null,
        lineno: t.line,
        col_offset: t.col,
        end_lineno: t.endLine,
        end_col_offset: t.endCol,
      };
    case 'String':
      return parseStrings(p);
    case 'Op':
      switch (t.text) {
        case '(':
          return parseParenAtom(p);
        case '[':
          return parseListAtom(p);
        case '{':
          return parseBraceAtom(p);
        case '...':
          p.pos++;
          return {
            _type: 'Constant',
            value: ELLIPSIS,
            kind: null,
            lineno: t.line,
            col_offset: t.col,
            end_lineno: t.endLine,
            end_col_offset: t.endCol,
          };
      }
      return p.fail('invalid syntax', t);
    default:
      return p.fail('invalid syntax', t);
  }
}

/** At 'for' or 'async' 'for' (a comprehension clause starts here). */
export function isCompFor(p: Parser): boolean {
  const t = p.peek();
  if (t.kind !== 'Name') return false;
  if (t.text === 'for') return true;
  if (t.text === 'async') {
    const n = p.peekAt(1);
    return n.kind === 'Name' && n.text === 'for';
  }
  return false;
}

/** for_if_clauses: ('async'? 'for' star_targets 'in' disjunction ('if' disjunction)*)+ */
/** `for ... in ... if ...` clauses; `iterLevels` places the iterables (LEVELS.compIter*). */
export function parseForIfClauses(p: Parser, iterLevels: number): A.Comprehension[] {
  const gens: A.Comprehension[] = [];
  while (isCompFor(p)) {
    const isAsync = p.eatKeyword('async') ? 1 : 0;
    p.expectKeyword('for');
    const targetStart = p.peek();
    const target = parseStarTargets(p);
    if (!p.isKeyword('in'))
      checkMissingComma(p, p.lastSolid() === targetStart ? targetStart : lastElementStart(p, targetStart));
    p.expectKeyword('in');
    p.shiftLevel(iterLevels);
    const iter = parseDisjunction(p);
    p.shiftLevel(LEVELS.compIf);
    const ifs: E[] = [];
    while (p.eatKeyword('if')) ifs.push(parseDisjunction(p));
    p.shiftLevel(-LEVELS.compIf - iterLevels);
    gens.push({ _type: 'comprehension', target, iter, ifs, is_async: isAsync });
  }
  return gens;
}

function checkNotStarredElt(p: Parser, e: E): void {
  if (e._type === 'Starred') p.failAtNode('iterable unpacking cannot be used in comprehension', e);
}

/** '(' ... ')': empty tuple, group, tuple, generator expression or parenthesised yield. */
function parseParenAtom(p: Parser): E {
  const s = p.advance(); // '('
  const charged = p.enterNest(27); // with the inner expression, ~28 rules per parenthesis (measured)
  let result: E;
  const t = p.peek();
  if (t.kind === 'Op' && t.text === ')') {
    p.pos++;
    result = p.finish({ _type: 'Tuple', elts: [], ctx: LOAD }, s);
  } else if (t.kind === 'Name' && t.text === 'yield') {
    result = parseYieldExpr(p);
    p.expectOp(')');
  } else {
    const first = parseStarNamedExpression(p);
    if (isCompFor(p)) {
      checkNotStarredElt(p, first);
      const generators = parseForIfClauses(p, LEVELS.compIterParen);
      p.expectOp(')');
      result = p.finish({ _type: 'GeneratorExp', elt: first, generators }, s);
    } else if (p.isOp(',')) {
      const elts: E[] = [first];
      while (p.eatOp(',')) {
        if (p.isOp(')')) break;
        const es = p.peek();
        const later = elts.length === 1 ? LEVELS.tupleSecond : LEVELS.tupleLater;
        p.shiftLevel(later);
        elts.push(parseStarNamedExpression(p));
        p.shiftLevel(-later);
        if (!p.isOp(',') && !p.isOp(')')) checkMissingComma(p, es);
      }
      p.expectOp(')');
      result = p.finish({ _type: 'Tuple', elts, ctx: LOAD }, s);
    } else {
      if (first._type === 'Starred') p.failAtNode('cannot use starred expression here', first);
      if (!p.isOp(')')) checkMissingComma(p, t);
      p.expectOp(')');
      result = first;
    }
  }
  p.leaveNest(charged);
  return result;
}

function parseListAtom(p: Parser): E {
  const s = p.advance(); // '['
  const charged = p.enterNest(28); // with the element expression, ~29 rules per bracket (measured)
  let result: E;
  const firstStart = p.peek();
  if (p.eatOp(']')) {
    result = p.finish({ _type: 'List', elts: [], ctx: LOAD }, s);
  } else {
    const first = parseStarNamedExpression(p);
    if (isCompFor(p)) {
      checkNotStarredElt(p, first);
      const generators = parseForIfClauses(p, LEVELS.compIterDisplay);
      p.expectOp(']');
      result = p.finish({ _type: 'ListComp', elt: first, generators }, s);
    } else {
      const elts: E[] = [first];
      let es = firstStart;
      while (p.eatOp(',')) {
        if (p.isOp(']')) break;
        es = p.peek();
        p.shiftLevel(LEVELS.displayLater);
        elts.push(parseStarNamedExpression(p));
        p.shiftLevel(-LEVELS.displayLater);
      }
      if (isCompFor(p)) p.failAtNode('did you forget parentheses around the comprehension target?', first);
      if (!p.isOp(']')) checkMissingComma(p, es);
      p.expectOp(']');
      result = p.finish({ _type: 'List', elts, ctx: LOAD }, s);
    }
  }
  p.leaveNest(charged);
  return result;
}

/** Fails when `e` is an unparenthesised walrus used where only an `expression` is allowed. */
function checkNoBareWalrus(p: Parser, e: E, start: Token): void {
  if (e._type === 'NamedExpr' && !(start.kind === 'Op' && start.text === '('))
    p.failAtNode('invalid syntax', e);
}

function parseBraceAtom(p: Parser): E {
  const s = p.advance(); // '{'
  const charged = p.enterNest(28);
  let result: E;
  if (p.eatOp('}')) {
    result = p.finish({ _type: 'Dict', keys: [], values: [] }, s);
  } else if (p.isOp('**')) {
    result = parseDictRest(p, s, [], []);
  } else {
    const firstTok = p.peek();
    const first = parseStarNamedExpression(p);
    if (p.eatOp(':')) {
      if (first._type === 'Starred')
        p.failAtNode('cannot use a starred expression in a dictionary key', first);
      checkNoBareWalrus(p, first, firstTok);
      const v = p.peek();
      if (v.kind === 'Op' && (v.text === '}' || v.text === ','))
        p.fail("expression expected after dictionary key and ':'", v);
      const value = parseExpression(p);
      if (isCompFor(p)) {
        const generators = parseForIfClauses(p, LEVELS.compIterDisplay);
        p.expectOp('}');
        result = p.finish({ _type: 'DictComp', key: first, value, generators }, s);
      } else {
        result = parseDictRest(p, s, [first], [value]);
      }
    } else if (isCompFor(p)) {
      checkNotStarredElt(p, first);
      const generators = parseForIfClauses(p, LEVELS.compIterDisplay);
      p.expectOp('}');
      result = p.finish({ _type: 'SetComp', elt: first, generators }, s);
    } else {
      const elts: E[] = [first];
      while (p.eatOp(',')) {
        if (p.isOp('}')) break;
        p.shiftLevel(LEVELS.displayLater);
        elts.push(parseStarNamedExpression(p));
        p.shiftLevel(-LEVELS.displayLater);
      }
      if (isCompFor(p)) p.failAtNode('did you forget parentheses around the comprehension target?', first);
      p.expectOp('}');
      result = p.finish({ _type: 'Set', elts }, s);
    }
  }
  p.leaveNest(charged);
  return result;
}

/** The remaining items of a dict display; `keys`/`values` hold what was parsed so far. */
function parseDictRest(p: Parser, s: Token, keys: (E | null)[], values: E[]): E {
  // Before the first item (when keys is empty) there is no comma to eat.
  let needComma = keys.length > 0;
  for (;;) {
    if (needComma) {
      if (!p.eatOp(',')) break;
    }
    needComma = true;
    if (p.isOp('}')) break;
    const later = keys.length > 0 ? LEVELS.displayLater : 0;
    p.shiftLevel(later);
    if (p.eatOp('**')) {
      keys.push(null);
      values.push(parseStarredOperand(p));
    } else {
      const kt = p.peek();
      const key = parseExpression(p);
      if (!p.isOp(':')) {
        if (kt.kind === 'Op' && kt.text === '*')
          p.fail('cannot use a starred expression in a dictionary value', kt);
        p.fail("':' expected after dictionary key", p.peek());
      }
      p.pos++;
      keys.push(key);
      const v = p.peek();
      if (v.kind === 'Op' && (v.text === '}' || v.text === ','))
        p.fail("expression expected after dictionary key and ':'", v);
      values.push(parseExpression(p));
    }
    p.shiftLevel(-later);
  }
  if (keys.length === 1 && keys[0] === null && isCompFor(p))
    p.fail('dict unpacking cannot be used in dict comprehension', p.peek());
  p.expectOp('}');
  return p.finish({ _type: 'Dict', keys: keys as E[], values }, s);
}
