// Statement rules: file, statements, simple and compound statements.

import type * as A from '../ast.js';
import type { Token } from '../token.js';
import { PySyntaxErrorSignal, RaisedSyntaxErrorSignal } from '../errors.js';
import { LexicalErrorSignal } from '../tokenizer.js';
import { Parser, KEYWORDS, LEVELS, identifier, type DepthTerms } from './parser.js';
import { AUG_OPS, LOAD } from './nodes.js';
import {
  parseStarExpressions,
  invalidNamedAssignment,
  parseExpression,
  parseNamedExpression,
  parseYieldExpr,
  parseStarNamedExpression,
  startsExpression,
  parsePrimary,
  checkMissingComma,
  parseBitwiseOr,
  parseExpressionPrefix,
} from './expressions.js';
import { parseArgumentList, parseParameters } from './arguments.js';
import { parseStarTarget, parseStarTargets, toStore, toDel, toSingleTarget } from './targets.js';
import { parseCaseBlock } from './patterns.js';

type S = A.StmtNode;
type E = A.ExprNode;

/** Where each top-level statement of a parse began (recorded for outline.ts). */
export interface StatementStarts {
  /** The statement's first token (a decorator's '@' included). */
  readonly firstTokens: Token[];
  /** The index in Module.body of the statement's first node (`a; b` adds two nodes). */
  readonly bodyIndexes: number[];
  /** What bounded the parse's AST depth (set when the parse succeeds). */
  depthTerms?: DepthTerms;
}

/** file: [statements] ENDMARKER */
export function parseFile(p: Parser, starts?: StatementStarts): A.Module {
  const body: S[] = [];
  for (;;) {
    const t = p.peek();
    if (t.kind === 'EndMarker') break;
    p.trim();
    const before = p.pos;
    if (starts !== undefined) {
      starts.firstTokens.push(t);
      starts.bodyIndexes.push(body.length);
    }
    parseStatement(p, body);
    if (p.pos === before) p.fail('invalid syntax', t);
  }
  return { _type: 'Module', body, type_ignores: [] };
}

/** statement: compound_stmt | simple_stmts (appends to `out`). */
export function parseStatement(p: Parser, out: S[]): void {
  const t = p.peek();
  if (t.kind === 'Name') {
    switch (t.text) {
      case 'def':
        out.push(parseFunctionDef(p, [], null));
        return;
      case 'if':
        out.push(parseIf(p));
        return;
      case 'class':
        out.push(parseClassDef(p, []));
        return;
      case 'with':
        out.push(parseWith(p, null));
        return;
      case 'for':
        out.push(parseFor(p, null));
        return;
      case 'try':
        out.push(parseTry(p));
        return;
      case 'while':
        out.push(parseWhile(p));
        return;
      case 'async': {
        const n = p.peekAt(1);
        if (n.kind === 'Name') {
          p.pos++;
          if (n.text === 'def') {
            out.push(parseFunctionDef(p, [], t));
            return;
          }
          if (n.text === 'with') {
            out.push(parseWith(p, t));
            return;
          }
          if (n.text === 'for') {
            out.push(parseFor(p, t));
            return;
          }
          p.pos--;
        }
        p.fail('invalid syntax', n);
        break;
      }
      case 'match': {
        matchColonHint = null;
        matchSubjectWithoutColon = false;
        const m = tryParseMatch(p);
        if (m !== null) {
          out.push(m);
          return;
        }
        // A statement CPython's second pass reads as `match <subject>` without ':' (`match[x]`,
        // `match(x)`): if the parse fails anywhere later, that pass stops here first.
        if (matchSubjectWithoutColon && p.matchWithoutColon === null) p.matchWithoutColon = t;
        const hint = matchColonHint as Token | null;
        if (hint !== null) {
          try {
            parseSimpleStatements(p, out);
          } catch (err) {
            if (err instanceof PySyntaxErrorSignal && !isFatal(err)) p.fail("expected ':'", hint);
            throw err;
          }
          return;
        }
        break;
      }
    }
  } else if (t.kind === 'Op' && t.text === '@') {
    out.push(parseDecorated(p));
    return;
  } else if (t.kind === 'Indent' || t.kind === 'Dedent') {
    p.fail('invalid syntax', t); // reported as unexpected (un)indent, like CPython
  }
  parseSimpleStatements(p, out);
}

/** simple_stmts: simple_stmt (';' simple_stmt)* [';'] NEWLINE */
function parseSimpleStatements(p: Parser, out: S[]): void {
  for (;;) {
    out.push(parseSimpleStatement(p));
    if (!p.eatOp(';')) break;
    if (p.peek().kind === 'Newline') break;
  }
  p.expectNewline();
}

function parseSimpleStatement(p: Parser): S {
  const s = p.peek();
  p.discountToken = null;
  if (s.kind === 'Name') {
    switch (s.text) {
      case 'pass':
        p.pos++;
        return {
          _type: 'Pass',
          lineno: s.line,
          col_offset: s.col,
          end_lineno: s.endLine,
          end_col_offset: s.endCol,
        };
      case 'break':
        p.pos++;
        return {
          _type: 'Break',
          lineno: s.line,
          col_offset: s.col,
          end_lineno: s.endLine,
          end_col_offset: s.endCol,
        };
      case 'continue':
        p.pos++;
        return {
          _type: 'Continue',
          lineno: s.line,
          col_offset: s.col,
          end_lineno: s.endLine,
          end_col_offset: s.endCol,
        };
      case 'return': {
        p.pos++;
        p.shiftLevel(LEVELS.returnValue);
        const value = startsExpression(p.peek()) ? parseStarExpressions(p) : null;
        p.shiftLevel(-LEVELS.returnValue);
        return p.finish({ _type: 'Return', value }, s);
      }
      case 'import':
        return parseImport(p);
      case 'from':
        return parseImportFrom(p);
      case 'raise': {
        p.pos++;
        let exc: E | null = null;
        let cause: E | null = null;
        if (startsExpression(p.peek()) && !p.isOp('*')) {
          exc = parseExpression(p);
          if (p.eatKeyword('from')) cause = parseExpression(p);
        }
        return p.finish({ _type: 'Raise', exc, cause }, s);
      }
      case 'global':
      case 'nonlocal': {
        p.pos++;
        const names: string[] = [p.expectName()];
        while (p.eatOp(',')) names.push(p.expectName());
        if (s.text === 'global') return p.finish({ _type: 'Global', names }, s);
        return p.finish({ _type: 'Nonlocal', names }, s);
      }
      case 'del':
        return parseDel(p);
      case 'assert': {
        p.pos++;
        p.shiftLevel(LEVELS.conditionTest);
        const test = parseExpression(p);
        p.shiftLevel(-LEVELS.conditionTest);
        const msg = p.eatOp(',') ? parseExpression(p) : null;
        return p.finish({ _type: 'Assert', test, msg }, s);
      }
    }
  }
  return parseExpressionStatement(p);
}

/** What `star_targets` accepts: names, attributes, subscripts, starred and nested tuples/lists of them. */
function isStarTarget(e: E): boolean {
  switch (e._type) {
    case 'Name':
    case 'Attribute':
    case 'Subscript':
      return true;
    case 'Starred':
      return isStarTarget(e.value);
    case 'Tuple':
    case 'List':
      return e.elts.every(isStarTarget);
    default:
      return false;
  }
}

/**
 * The value after the '=' at `eqPos` did not parse. CPython's second pass reports a bad
 * target first: after the first target `X`, as `X = <the longest bitwise_or there>`
 * (invalid_named_expression: "cannot assign to literal here. Maybe you meant '=='...");
 * after later ones, as plain "cannot assign to ...".
 */
function invalidAssignmentTargets(p: Parser, parts: readonly E[], eqPos: number): void {
  if (parts.length > 1) {
    for (const part of parts) if (!isStarTarget(part)) toStore(p, part, { assignment: true });
    return;
  }
  const first = parts[0];
  if (isStarTarget(first)) return;
  p.pos = eqPos + 1;
  let next: E;
  try {
    next = parseBitwiseOr(p);
  } catch (err) {
    if (!(err instanceof PySyntaxErrorSignal) || isFatal(err)) throw err;
    p.pos = eqPos + 1;
    try {
      next = parseExpressionPrefix(p);
    } catch (err2) {
      if (!(err2 instanceof PySyntaxErrorSignal) || isFatal(err2)) throw err2;
      // Nothing after the '=': invalid_assignment's `star_expressions '='` names the target.
      toStore(p, first, { assignment: true });
      return;
    }
  }
  if (p.isOp('=') || p.isOp(':=')) return;
  toStore(p, first, { assignment: true, next, nextIsLast: true });
}

/** assignment | star_expressions | yield_stmt */
function parseExpressionStatement(p: Parser): S {
  const s = p.peek();
  p.discountToken = s;
  p.discountLevels = 19;
  const first = s.kind === 'Name' && s.text === 'yield' ? parseYieldExpr(p) : parseStarExpressions(p);
  p.discountToken = null;
  const t = p.peek();
  if (t.kind === 'Op') {
    if (t.text === '=') {
      const parts: E[] = [first];
      for (;;) {
        const eqPos = p.pos;
        p.pos++; // '='
        const n = p.peek();
        p.discountToken = n;
        p.discountLevels = 18;
        p.shiftLevel(LEVELS.assignValue);
        try {
          parts.push(n.kind === 'Name' && n.text === 'yield' ? parseYieldExpr(p) : parseStarExpressions(p));
        } catch (err) {
          if (err instanceof PySyntaxErrorSignal && !isFatal(err)) invalidAssignmentTargets(p, parts, eqPos);
          throw err;
        }
        p.shiftLevel(-LEVELS.assignValue);
        p.discountToken = null;
        if (!p.isOp('=')) break;
        // CPython's first pass stops at `<not a target> =`; its second pass reports the target.
        if (parts.length > 1 && !isStarTarget(parts[parts.length - 1]))
          for (const part of parts) if (!isStarTarget(part)) toStore(p, part, { assignment: true });
      }
      const value = parts[parts.length - 1];
      const targets: E[] = [];
      for (let i = 0; i < parts.length - 1; i++) {
        targets.push(
          toStore(p, parts[i], {
            assignment: true,
            next: parts[i + 1],
            nextIsLast: i === 0 && parts.length === 2,
          }),
        );
      }
      return p.finish({ _type: 'Assign', targets, value, type_comment: null }, s);
    }
    if (t.text === ':') {
      p.pos++;
      let annotation: E;
      if (first._type === 'Name' || first._type === 'Attribute' || first._type === 'Subscript') {
        annotation = parseExpression(p);
      } else {
        // CPython names a bad target only if `expression ':' expression` parses; otherwise
        // its error sits at the ':' where the first pass stopped.
        try {
          annotation = parseExpression(p);
        } catch (err) {
          if (err instanceof PySyntaxErrorSignal && !isFatal(err) && !(err instanceof LexicalErrorSignal)) {
            p.fail('invalid syntax', t);
          }
          throw err;
        }
      }
      const target = toSingleTarget(p, first, { annotated: true });
      let value: E | null = null;
      if (p.eatOp('=')) {
        const n = p.peek();
        p.shiftLevel(LEVELS.annAssignValue);
        value = n.kind === 'Name' && n.text === 'yield' ? parseYieldExpr(p) : parseStarExpressions(p);
        p.shiftLevel(-LEVELS.annAssignValue);
      }
      const simple = target._type === 'Name' && !(s.kind === 'Op' && s.text === '(') ? 1 : 0;
      return p.finish({ _type: 'AnnAssign', target, annotation, value, simple }, s);
    }
    const op = AUG_OPS.get(t.text);
    if (op !== undefined) {
      const target = toSingleTarget(p, first, { annotated: false });
      p.pos++;
      const n = p.peek();
      p.shiftLevel(LEVELS.augAssignValue);
      const value = n.kind === 'Name' && n.text === 'yield' ? parseYieldExpr(p) : parseStarExpressions(p);
      p.shiftLevel(-LEVELS.augAssignValue);
      return p.finish({ _type: 'AugAssign', target, op, value }, s);
    }
  }
  if (
    first._type === 'Name' &&
    s.kind === 'Name' &&
    (first.id === 'print' || first.id === 'exec') &&
    startsExpression(t) &&
    !(t.kind === 'Op' && t.text === '(')
  ) {
    p.failAtNode(`Missing parentheses in call to '${first.id}'. Did you mean ${first.id}(...)?`, first);
  }
  return p.finish({ _type: 'Expr', value: first }, s);
}

/** del_stmt: 'del' del_targets &(';' | NEWLINE) */
function parseDel(p: Parser): S {
  const s = p.advance();
  const targets: E[] = [];
  const first = p.mark();
  try {
    for (;;) {
      // del_target runs through CPython's target rules: its brackets cost less.
      p.discountToken = p.peek();
      p.discountLevels = 17;
      targets.push(toDel(p, parsePrimary(p)));
      p.discountToken = null;
      if (!p.eatOp(',')) break;
      const n = p.peek();
      if (n.kind === 'Newline' || (n.kind === 'Op' && n.text === ';')) break;
    }
    const n = p.peek();
    if (!(n.kind === 'Newline' || (n.kind === 'Op' && n.text === ';'))) p.fail('invalid syntax', n);
  } catch (err) {
    if (!(err instanceof PySyntaxErrorSignal) || isFatal(err)) throw err;
    // invalid_del_stmt: 'del' star_expressions names the offending target.
    p.reset(first);
    let all: E;
    try {
      all = parseStarExpressions(p);
    } catch {
      throw err;
    }
    toDel(p, all);
    throw err;
  }
  return p.finish({ _type: 'Delete', targets }, s);
}

/** dotted_name as a string (each part NFKC-normalised). */
function parseDottedName(p: Parser): string {
  let name = p.expectName();
  while (p.isOp('.')) {
    p.pos++;
    name += '.' + p.expectName();
  }
  return name;
}

function parseImport(p: Parser): S {
  const s = p.advance(); // 'import'
  const names: A.Alias[] = [];
  do {
    names.push(parseAlias(p, parseDottedName));
  } while (p.eatOp(','));
  return p.finish({ _type: 'Import', names }, s);
}

function parseImportFrom(p: Parser): S {
  const s = p.advance(); // 'from'
  let level = 0;
  for (;;) {
    if (p.eatOp('.')) level += 1;
    else if (p.eatOp('...')) level += 3;
    else break;
  }
  let module: string | null = null;
  if (!p.isKeyword('import')) module = parseDottedName(p);
  else if (level === 0) p.fail('invalid syntax', p.peek());
  p.expectKeyword('import');
  const names: A.Alias[] = [];
  const star = p.peek();
  if (star.kind === 'Op' && star.text === '*') {
    p.pos++;
    names.push({
      _type: 'alias',
      name: '*',
      asname: null,
      lineno: star.line,
      col_offset: star.col,
      end_lineno: star.endLine,
      end_col_offset: star.endCol,
    });
  } else {
    const paren = p.eatOp('(');
    for (;;) {
      names.push(parseAlias(p, (q) => q.expectName()));
      if (!p.eatOp(',')) break;
      if (paren && p.isOp(')')) break;
      if (!paren && p.peek().kind === 'Newline')
        p.fail('trailing comma not allowed without surrounding parentheses', p.peek());
    }
    if (paren) p.expectOp(')');
  }
  return p.finish({ _type: 'ImportFrom', module, names, level }, s);
}

/** block: NEWLINE INDENT statements DEDENT | simple_stmts */
/**
 * CPython's rule levels per block (compound_stmt, block, statements, ...), by statement
 * (measured on 3.11.7 like LEVELS): a case block, and the default, 8.
 */
const BLOCK_LEVELS = { simple: 6, definition: 7, handler: 8 } as const;

export function parseBlock(
  p: Parser,
  what: string,
  opener: Token,
  levels: number = BLOCK_LEVELS.handler,
): S[] {
  const colon = p.peek();
  if (!(colon.kind === 'Op' && colon.text === ':')) {
    // CPython forces ':' (`&&':'`) after def/else/try/finally/case; elsewhere its
    // invalid_* rules say "expected ':'" only when the line ends there.
    const forced =
      what === 'function definition' ||
      what === "'else' statement" ||
      what === "'try' statement" ||
      what === "'finally' statement";
    p.fail(forced || colon.kind === 'Newline' ? "expected ':'" : 'invalid syntax', colon);
  }
  p.pos++;
  const body: S[] = [];
  const t = p.peek();
  if (t.kind !== 'Newline') {
    parseSimpleStatements(p, body);
    return body;
  }
  p.pos++;
  if (p.peek().kind !== 'Indent') {
    p.fail(`expected an indented block after ${what} on line ${opener.line}`, p.peek(), 'IndentationError');
  }
  p.pos++;
  p.level += levels - 1;
  p.enter();
  if (++p.blockDepth > p.maxBlockDepth) p.maxBlockDepth = p.blockDepth;
  for (;;) {
    const n = p.peek();
    if (n.kind === 'Dedent') {
      p.pos++;
      break;
    }
    if (n.kind === 'EndMarker') break;
    p.trim();
    const before = p.pos;
    parseStatement(p, body);
    if (p.pos === before) p.fail('invalid syntax', n);
  }
  p.level -= levels;
  p.blockDepth--;
  return body;
}

function parseElseBlock(p: Parser): S[] {
  const t = p.peek();
  if (t.kind === 'Name' && t.text === 'else') {
    p.pos++;
    return parseBlock(p, "'else' statement", t, BLOCK_LEVELS.definition);
  }
  return [];
}

function parseIf(p: Parser): S {
  const s = p.advance(); // 'if' or 'elif'
  p.shiftLevel(LEVELS.conditionTest);
  const test = parseNamedExpression(p);
  p.shiftLevel(-LEVELS.conditionTest);
  if (p.isOp('=')) invalidNamedAssignment(p, test);
  const body = parseBlock(p, s.text === 'if' ? "'if' statement" : "'elif' statement", s, BLOCK_LEVELS.simple);
  let orelse: S[] = [];
  const n = p.peek();
  if (n.kind === 'Name' && n.text === 'elif') {
    // CPython nests each elif one rule deeper (elif_stmt -> elif_stmt).
    p.enter();
    if (++p.elifDepth > p.maxElifDepth) p.maxElifDepth = p.elifDepth;
    orelse = [parseIf(p)];
    p.elifDepth--;
    p.level--;
  } else {
    orelse = parseElseBlock(p);
  }
  return p.finish({ _type: 'If', test, body, orelse }, s);
}

function parseWhile(p: Parser): S {
  const s = p.advance();
  p.shiftLevel(LEVELS.conditionTest);
  const test = parseNamedExpression(p);
  p.shiftLevel(-LEVELS.conditionTest);
  if (p.isOp('=')) invalidNamedAssignment(p, test);
  const body = parseBlock(p, "'while' statement", s, BLOCK_LEVELS.simple);
  const orelse = parseElseBlock(p);
  return p.finish({ _type: 'While', test, body, orelse }, s);
}

function parseFor(p: Parser, asyncTok: Token | null): S {
  const forTok = p.advance(); // 'for'
  const s = asyncTok ?? forTok;
  const target = parseStarTargets(p);
  p.expectKeyword('in');
  const iter = parseStarExpressions(p);
  const body = parseBlock(p, "'for' statement", forTok, BLOCK_LEVELS.simple);
  const orelse = parseElseBlock(p);
  const loc = { lineno: s.line, col_offset: s.col, end_lineno: p.endLine(), end_col_offset: p.endCol() };
  if (asyncTok !== null) return { _type: 'AsyncFor', target, iter, body, orelse, type_comment: null, ...loc };
  return { _type: 'For', target, iter, body, orelse, type_comment: null, ...loc };
}

/** with_item: expression 'as' star_target &(',' | ')' | ':') | expression */
function parseWithItem(p: Parser): A.Withitem {
  const contextExpr = parseExpression(p);
  let optionalVars: E | null = null;
  if (p.eatKeyword('as')) {
    optionalVars = parseStarTarget(p);
    const n = p.peek();
    if (!(n.kind === 'Op' && (n.text === ',' || n.text === ')' || n.text === ':')))
      p.fail('invalid syntax', n);
  }
  return { _type: 'withitem', context_expr: contextExpr, optional_vars: optionalVars };
}

/** The parenthesised form `with (a as b, c):`, or null (cursor restored) when it does not apply. */
function tryParenthesizedWithItems(p: Parser): A.Withitem[] | null {
  const mark = p.mark();
  const level = p.level;
  const nesting = p.nesting;
  try {
    p.pos++; // '('
    let itemStart = p.peek();
    const items: A.Withitem[] = [parseWithItem(p)];
    if (!p.isOp(')') && !p.isOp(',')) checkMissingComma(p, itemStart);
    while (p.eatOp(',')) {
      if (p.isOp(')')) break;
      itemStart = p.peek();
      items.push(parseWithItem(p));
      if (!p.isOp(')') && !p.isOp(',')) checkMissingComma(p, itemStart);
    }
    p.expectOp(')');
    if (!p.isOp(':')) throw new BacktrackSignal();
    return items;
  } catch (e) {
    if (!(e instanceof BacktrackSignal) && !(e instanceof PySyntaxErrorSignal && !isFatal(e))) throw e;
    p.reset(mark);
    p.level = level;
    p.nesting = nesting;
    return null;
  }
}

class BacktrackSignal extends Error {}

/** Set by tryParseMatch when `match <subject>` ended the line (see parseStatement). */
let matchColonHint: Token | null = null;
/** Set by tryParseMatch when `match <subject>` parsed and no ':' followed. */
let matchSubjectWithoutColon = false;

/** Errors that end parsing even inside a speculative parse (lexer failures, resource limits). */
function isFatal(e: PySyntaxErrorSignal): boolean {
  const k = e.error.kind;
  return (
    k === 'MemoryError' ||
    k === 'RecursionError' ||
    e instanceof LexicalErrorSignal ||
    e instanceof RaisedSyntaxErrorSignal
  );
}

function parseWith(p: Parser, asyncTok: Token | null): S {
  const withTok = p.advance(); // 'with'
  const s = asyncTok ?? withTok;
  let items: A.Withitem[] | null = null;
  if (p.isOp('(')) items = tryParenthesizedWithItems(p);
  if (items === null) {
    items = [parseWithItem(p)];
    while (p.eatOp(',')) items.push(parseWithItem(p));
  }
  const body = parseBlock(p, "'with' statement", withTok, BLOCK_LEVELS.simple);
  const loc = { lineno: s.line, col_offset: s.col, end_lineno: p.endLine(), end_col_offset: p.endCol() };
  if (asyncTok !== null) return { _type: 'AsyncWith', items, body, type_comment: null, ...loc };
  return { _type: 'With', items, body, type_comment: null, ...loc };
}

function parseTry(p: Parser): S {
  const s = p.advance(); // 'try'
  const body = parseBlock(p, "'try' statement", s, BLOCK_LEVELS.definition);
  const handlers: A.ExceptHandlerNode[] = [];
  let star: boolean | null = null;
  for (;;) {
    const e = p.peek();
    if (!(e.kind === 'Name' && e.text === 'except')) break;
    p.pos++;
    const isStar = p.eatOp('*');
    if (star !== null && star !== isStar)
      p.fail("cannot have both 'except' and 'except*' on the same 'try'", e);
    star = isStar;
    let type: E | null = null;
    let name: string | null = null;
    if (isStar || !p.isOp(':')) {
      if (isStar && p.isOp(':')) p.fail('expected one or more exception types', p.peek());
      type = parseExpression(p);
      if (p.eatKeyword('as')) name = p.expectName();
      else if (p.isOp(',')) p.failAtNode('multiple exception types must be parenthesized', type);
    }
    const hbody = parseBlock(p, isStar ? "'except*' statement" : "'except' statement", e);
    handlers.push(p.finish({ _type: 'ExceptHandler', type, name, body: hbody }, e));
  }
  const orelse = handlers.length > 0 ? parseElseBlock(p) : [];
  let finalbody: S[] = [];
  const f = p.peek();
  if (f.kind === 'Name' && f.text === 'finally') {
    p.pos++;
    finalbody = parseBlock(p, "'finally' statement", f, BLOCK_LEVELS.definition);
  }
  if (handlers.length === 0 && finalbody.length === 0)
    p.fail("expected 'except' or 'finally' block", p.peek());
  const loc = { lineno: s.line, col_offset: s.col, end_lineno: p.endLine(), end_col_offset: p.endCol() };
  if (star === true) return { _type: 'TryStar', body, handlers, orelse, finalbody, ...loc };
  return { _type: 'Try', body, handlers, orelse, finalbody, ...loc };
}

function parseDecorated(p: Parser): S {
  const decorators: E[] = [];
  while (p.eatOp('@')) {
    const d = parseNamedExpression(p);
    if (p.isOp('=')) invalidNamedAssignment(p, d);
    decorators.push(d);
    p.expectNewline();
  }
  const t = p.peek();
  if (t.kind === 'Name') {
    if (t.text === 'def') return parseFunctionDef(p, decorators, null);
    if (t.text === 'class') return parseClassDef(p, decorators);
    if (t.text === 'async' && p.peekAt(1).kind === 'Name' && p.peekAt(1).text === 'def') {
      p.pos++;
      return parseFunctionDef(p, decorators, t);
    }
  }
  return p.fail('invalid syntax', t);
}

function parseFunctionDef(p: Parser, decorators: E[], asyncTok: Token | null): S {
  const defTok = p.advance(); // 'def'
  const s = asyncTok ?? defTok;
  const name = p.expectName();
  p.expectForcedOp('(');
  const args = parseParameters(p);
  p.expectOp(')');
  const returns = parseReturnAnnotation(p);
  const body = parseBlock(p, 'function definition', defTok, BLOCK_LEVELS.definition);
  const loc = { lineno: s.line, col_offset: s.col, end_lineno: p.endLine(), end_col_offset: p.endCol() };
  if (asyncTok !== null)
    return {
      _type: 'AsyncFunctionDef',
      name,
      args,
      body,
      decorator_list: decorators,
      returns,
      type_comment: null,
      ...loc,
    };
  return {
    _type: 'FunctionDef',
    name,
    args,
    body,
    decorator_list: decorators,
    returns,
    type_comment: null,
    ...loc,
  };
}

/**
 * `['->' expression] &&':'`: when no expression follows the arrow, CPython backs off to
 * the arrow and its forced ':' fails there ("expected ':'").
 */
function parseReturnAnnotation(p: Parser): E | null {
  const arrow = p.peek();
  if (!p.eatOp('->')) return null;
  try {
    return parseExpression(p);
  } catch (err) {
    if (err instanceof PySyntaxErrorSignal && !isFatal(err) && !/ was never closed$/.test(err.error.msg))
      p.fail("expected ':'", arrow);
    throw err;
  }
}

function parseClassDef(p: Parser, decorators: E[]): S {
  const s = p.advance(); // 'class'
  const name = p.expectName();
  let bases: E[] = [];
  let keywords: A.Keyword[] = [];
  if (p.isOp('(')) {
    const list = parseArgumentList(p, { allowGenexp: false });
    bases = list.args;
    keywords = list.keywords;
  }
  const body = parseBlock(p, 'class definition', s, BLOCK_LEVELS.definition);
  return p.finish({ _type: 'ClassDef', name, bases, keywords, body, decorator_list: decorators }, s);
}

/** Tokens after `match` that cannot begin a subject expression in a match statement. */
function canStartSubject(t: Token): boolean {
  if (t.kind === 'Op')
    return (
      t.text === '(' ||
      t.text === '[' ||
      t.text === '{' ||
      t.text === '-' ||
      t.text === '+' ||
      t.text === '~' ||
      t.text === '*' ||
      t.text === '...'
    );
  if (t.kind === 'Name')
    return (
      !KEYWORDS.has(t.text) ||
      t.text === 'not' ||
      t.text === 'lambda' ||
      t.text === 'await' ||
      t.text === 'None' ||
      t.text === 'True' ||
      t.text === 'False'
    );
  return t.kind === 'Number' || t.kind === 'String';
}

/** match_stmt, or null (cursor untouched) when `match` is an ordinary name here. */
function tryParseMatch(p: Parser): S | null {
  if (!canStartSubject(p.peekAt(1))) return null;
  const mark = p.mark();
  const level = p.level;
  const nesting = p.nesting;
  const s = p.advance(); // 'match'
  let subject: E;
  try {
    // subject_expr: star_named_expression ',' star_named_expressions? | named_expression
    const first = p.peek();
    const e = parseStarNamedExpression(p);
    if (p.isOp(',')) {
      const elts: E[] = [e];
      while (p.eatOp(',')) {
        if (p.isOp(':')) break;
        elts.push(parseStarNamedExpression(p));
      }
      subject = p.finish({ _type: 'Tuple', elts, ctx: LOAD }, first);
    } else {
      if (e._type === 'Starred') throw new BacktrackSignal();
      subject = e;
    }
    // Only when the line ends there (measured: not before ';', '=', another expression...).
    if (p.peek().kind === 'Newline') matchSubjectWithoutColon = true;
    if (p.peek().kind === 'Newline') {
      // `match x` then end of line: CPython's second pass says "expected ':'", but only
      // if the line is not a valid simple statement after all (e.g. `match(x)`).
      matchColonHint = p.peek();
      throw new BacktrackSignal();
    }
    if (!p.isOp(':') || p.peekAt(1).kind !== 'Newline') throw new BacktrackSignal();
  } catch (err) {
    if (!(err instanceof BacktrackSignal) && !(err instanceof PySyntaxErrorSignal && !isFatal(err)))
      throw err;
    p.reset(mark);
    p.level = level;
    p.nesting = nesting;
    return null;
  }
  p.pos += 2; // ':' NEWLINE
  if (p.peek().kind !== 'Indent')
    p.fail(
      `expected an indented block after 'match' statement on line ${s.line}`,
      p.peek(),
      'IndentationError',
    );
  p.pos++;
  const cases: A.MatchCase[] = [];
  for (;;) {
    const n = p.peek();
    if (n.kind === 'Dedent') {
      p.pos++;
      break;
    }
    if (!(n.kind === 'Name' && n.text === 'case')) p.fail('invalid syntax', n);
    cases.push(parseCaseBlock(p));
  }
  return p.finish({ _type: 'Match' as const, subject, cases }, s);
}

export { identifier };

/** dotted_as_name / import_from_as_name: NAME ['as' NAME], the name read by `parseName`. */
function parseAlias(p: Parser, parseName: (p: Parser) => string): A.Alias {
  const a = p.peek();
  const name = parseName(p);
  const asname = p.eatKeyword('as') ? p.expectName() : null;
  return p.finish({ _type: 'alias', name, asname }, a);
}
