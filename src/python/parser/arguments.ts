// Call arguments (`arguments` rule, including the lone generator-expression
// argument) and parameter lists of `def` and `lambda`.

import type * as A from '../ast.js';
import type { Token } from '../token.js';
import { PySyntaxErrorSignal } from '../errors.js';
import { LexicalErrorSignal } from '../tokenizer.js';
import { Parser, KEYWORDS, LEVELS, identifier } from './parser.js';
import { LOAD } from './nodes.js';
import {
  parseExpression,
  parseNamedExpression,
  parseStarExpression,
  parseForIfClauses,
  isCompFor,
  checkMissingComma,
} from './expressions.js';

type E = A.ExprNode;

export interface ArgumentList {
  args: E[];
  keywords: A.Keyword[];
}

/**
 * The inside of a call's parentheses; the cursor is on '('. `allowGenexp` is
 * false for class bases. Returns when ')' has been consumed.
 */
export function parseArgumentList(p: Parser, options: { allowGenexp: boolean }): ArgumentList {
  const open = p.advance(); // '('
  const charged = p.enterNest(23); // with the argument expression, ~24 rules per call (measured)
  try {
    return parseArgumentItems(p, open, options);
  } finally {
    p.leaveNest(charged);
  }
}

function parseArgumentItems(p: Parser, open: Token, options: { allowGenexp: boolean }): ArgumentList {
  const args: E[] = [];
  const keywords: A.Keyword[] = [];
  if (p.eatOp(')')) return { args, keywords };
  let seenKeyword = false;
  let seenDoubleStar = false;
  let argStart = open;
  for (;;) {
    const t = p.peek();
    argStart = t;
    // CPython's rule chain to an argument: deeper after the first, and for a first keyword or star.
    const first = args.length === 0 && keywords.length === 0;
    const later = first ? LEVELS.callFirstKeywordOrStar : LEVELS.callLater;
    if (t.kind === 'Op' && t.text === '*') {
      // invalid_arguments: `args ',' '*'` after keyword unpacking, whatever follows.
      if (seenDoubleStar) p.fail('iterable argument unpacking follows keyword argument unpacking', t);
      p.pos++;
      p.shiftLevel(later);
      const value = parseExpression(p);
      p.shiftLevel(-later);
      if (isCompFor(p)) p.fail('iterable unpacking cannot be used in comprehension', t);
      if (seenDoubleStar) p.fail('iterable argument unpacking follows keyword argument unpacking', t);
      args.push(p.finish({ _type: 'Starred', value, ctx: LOAD }, t));
    } else if (t.kind === 'Op' && t.text === '**') {
      p.pos++;
      p.shiftLevel(later);
      const value = parseExpression(p);
      p.shiftLevel(-later);
      keywords.push(p.finish({ _type: 'keyword', arg: null, value }, t));
      seenDoubleStar = true;
    } else if (
      t.kind === 'Name' &&
      (t.text === 'True' || t.text === 'False' || t.text === 'None') &&
      p.isOpAt(1, '=')
    ) {
      p.fail(`cannot assign to ${t.text}`, t);
    } else if (t.kind === 'Name' && p.isOpAt(1, '=') && !KEYWORDS.has(t.text)) {
      p.pos += 2;
      p.shiftLevel(later);
      const valueStart = p.peek();
      const value = parseExpression(p);
      p.shiftLevel(-later);
      // CPython reports no missing comma after a keyword value that starts with a name.
      if (valueStart.kind === 'Name') p.forgetDisjunction();
      if (isCompFor(p)) p.fail("invalid syntax. Maybe you meant '==' or ':=' instead of '='?", t);
      keywords.push(p.finish({ _type: 'keyword', arg: identifier(t.text), value }, t));
      seenKeyword = true;
    } else {
      const positional = first ? 0 : LEVELS.callLater;
      p.shiftLevel(positional);
      const e = parseNamedExpression(p);
      p.shiftLevel(-positional);
      if (isCompFor(p)) {
        const generators = parseForIfClauses(p, LEVELS.compIterCall);
        if (!options.allowGenexp || args.length !== 0 || keywords.length !== 0 || !p.isOp(')')) {
          // class C(x for x in y): CPython has no genexp rule for bases, so plain invalid syntax.
          const lone = args.length === 0 && keywords.length === 0 && p.isOp(')');
          if (lone) p.fail('invalid syntax', p.peek());
          p.failAtNode('Generator expression must be parenthesized', e);
        }
        p.pos++; // ')'
        args.push(p.finish({ _type: 'GeneratorExp', elt: e, generators }, open));
        return { args, keywords };
      }
      if (p.isOp('=')) p.failAtNode('expression cannot contain assignment, perhaps you meant "=="?', e);
      if ((seenDoubleStar || seenKeyword) && !p.isOp(',') && !p.isOp(')')) checkMissingComma(p, t);
      if (seenDoubleStar) p.fail('positional argument follows keyword argument unpacking', p.peek());
      if (seenKeyword) p.fail('positional argument follows keyword argument', p.peek());
      args.push(e);
    }
    if (!p.eatOp(',')) break;
    if (p.isOp(')')) break;
  }
  if (!p.isOp(')')) {
    const keyword = argStart.kind === 'Name' && p.tokenAfter(argStart)?.text === '=';
    const valueStart = keyword ? (p.tokenAfter(p.tokenAfter(argStart)!) ?? argStart) : argStart;
    // CPython reports no missing comma after a keyword value that starts with a name.
    if (!(keyword && valueStart.kind === 'Name')) checkMissingComma(p, valueStart);
  }
  p.expectOp(')');
  return { args, keywords };
}

/** primary '(' [arguments] ')' and primary genexp; `s` is the primary's first token. */
export function parseCallArguments(p: Parser, func: E, s: Token): E {
  const { args, keywords } = parseArgumentList(p, { allowGenexp: true });
  return p.finish({ _type: 'Call', func, args, keywords }, s);
}

function parseParam(p: Parser, options: { annotated: boolean; starAnnotation: boolean }): A.Arg {
  const t = p.peek();
  if (!(t.kind === 'Name' && !KEYWORDS.has(t.text))) {
    if (t.kind === 'Op' && t.text === '(' && parenthesizedParams(p, options.annotated)) {
      p.fail(
        options.annotated
          ? 'Function parameters cannot be parenthesized'
          : 'Lambda expression parameters cannot be parenthesized',
        t,
      );
    }
    p.fail('invalid syntax', t);
  }
  p.pos++;
  let annotation: E | null = null;
  if (options.annotated && p.eatOp(':')) {
    annotation = options.starAnnotation ? parseStarExpression(p) : parseExpression(p);
  }
  return p.finish({ _type: 'arg', arg: identifier(t.text), annotation, type_comment: null }, t);
}

/**
 * invalid_parameters' `'(' param_no_default+ ','? ')'` at the cursor: names (annotated in a
 * def), each followed by ',' or the closing ')'. Otherwise the error is plain invalid syntax.
 */
function parenthesizedParams(p: Parser, annotated: boolean): boolean {
  const mark = p.mark();
  const level = p.level;
  const nesting = p.nesting;
  try {
    p.pos++; // '('
    let count = 0;
    for (;;) {
      const n = p.peek();
      if (!(n.kind === 'Name' && !KEYWORDS.has(n.text))) break;
      p.pos++;
      if (annotated && p.eatOp(':')) parseExpression(p);
      if (p.isOp(')')) {
        count++;
        break;
      }
      if (!p.eatOp(',')) return false;
      count++;
    }
    return count > 0 && p.isOp(')');
  } catch (err) {
    if (err instanceof PySyntaxErrorSignal && !(err instanceof LexicalErrorSignal)) return false;
    throw err;
  } finally {
    p.reset(mark);
    p.level = level;
    p.nesting = nesting;
  }
}

/** parameters (def, closing ')') or lambda_params (closing ':'); the closer is not consumed. */
function parseParameterList(p: Parser, options: { closer: string; annotated: boolean }): A.Arguments {
  const posonlyargs: A.Arg[] = [];
  let args: A.Arg[] = [];
  const defaults: E[] = [];
  let vararg: A.Arg | null = null;
  const kwonlyargs: A.Arg[] = [];
  const kwDefaults: (E | null)[] = [];
  let kwarg: A.Arg | null = null;
  let seenSlash = false;
  let seenStar = false;
  let seenDefault = false;
  let bareStar = false;
  const closer = options.closer;
  while (!p.isOp(closer)) {
    const t = p.peek();
    if (kwarg !== null) p.fail('arguments cannot follow var-keyword argument', t);
    if (t.kind === 'Op' && t.text === '/') {
      if (seenSlash) p.fail('/ may appear only once', t);
      if (seenStar) p.fail('/ must be ahead of *', t);
      if (args.length === 0) p.fail('at least one argument must precede /', t);
      p.pos++;
      seenSlash = true;
      for (const a of args) posonlyargs.push(a);
      args = [];
    } else if (t.kind === 'Op' && t.text === '*') {
      if (seenStar) p.fail('* argument may appear only once', t);
      p.pos++;
      seenStar = true;
      if (p.isOp(closer) || (p.isOp(',') && (p.isOpAt(1, closer) || p.isOpAt(1, '**')))) {
        p.fail('named arguments must follow bare *', p.peek());
      }
      if (p.isOp(',')) {
        bareStar = true;
      } else {
        vararg = parseParam(p, { annotated: options.annotated, starAnnotation: true });
        if (p.isOp('=')) p.fail('var-positional argument cannot have default value', p.peek());
      }
    } else if (t.kind === 'Op' && t.text === '**') {
      p.pos++;
      kwarg = parseParam(p, { annotated: options.annotated, starAnnotation: false });
      if (p.isOp('=')) p.fail('var-keyword argument cannot have default value', p.peek());
    } else {
      const a = parseParam(p, { annotated: options.annotated, starAnnotation: false });
      let dflt: E | null = null;
      const eq = p.peek();
      if (p.eatOp('=')) {
        // invalid_default (def parameters only): '=' then ')' or ','.
        if (options.annotated && (p.isOp(')') || p.isOp(',')))
          p.fail('expected default value expression', eq);
        dflt = parseExpression(p);
      }
      if (seenStar) {
        kwonlyargs.push(a);
        kwDefaults.push(dflt);
      } else {
        if (dflt !== null) {
          defaults.push(dflt);
          seenDefault = true;
        } else if (seenDefault) {
          p.fail('non-default argument follows default argument', t);
        }
        args.push(a);
      }
    }
    if (!p.eatOp(',')) break;
  }
  if (!p.isOp(closer)) p.fail('invalid syntax', p.peek());
  if (bareStar && kwonlyargs.length === 0) p.fail('named arguments must follow bare *', p.peek());
  return {
    _type: 'arguments',
    posonlyargs,
    args,
    vararg,
    kwonlyargs,
    kw_defaults: kwDefaults as E[],
    kwarg,
    defaults,
  };
}

/** def parameters; the cursor is just after '(' and is left on ')'. */
export function parseParameters(p: Parser): A.Arguments {
  return parseParameterList(p, { closer: ')', annotated: true });
}

/** lambda_params; the cursor is just after 'lambda' and is left on ':'. */
export function parseLambdaParams(p: Parser): A.Arguments {
  return parseParameterList(p, { closer: ':', annotated: false });
}
