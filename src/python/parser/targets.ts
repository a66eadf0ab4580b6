// Assignment and deletion targets: star_targets for `for`/comprehensions/`as`,
// and conversion of already-parsed expressions to Store/Del context with
// CPython's rejections ("cannot assign to literal", "cannot delete function call", ...).

import type * as A from '../ast.js';
import type { Token } from '../token.js';
import { Parser, KEYWORDS } from './parser.js';
import { STORE, DEL } from './nodes.js';
import { isBitwiseLevel, parseCommaTuple, parsePrimary, exprName } from './expressions.js';

type E = A.ExprNode;

function startsTarget(t: Token): boolean {
  if (t.kind === 'Name') return !KEYWORDS.has(t.text);
  if (t.kind === 'Op') return t.text === '(' || t.text === '[' || t.text === '*';
  return false;
}

/** star_target: '*' (!'*' star_target) | target_with_star_atom */
export function parseStarTarget(p: Parser): E {
  const s = p.peek();
  if (s.kind === 'Op' && s.text === '*') {
    p.pos++;
    if (p.isOp('*')) p.fail('invalid syntax', p.peek());
    p.enter();
    const value = parseStarTarget(p);
    p.level--;
    if (value._type === 'Starred') p.failAtNode('cannot use starred expression here', value);
    return p.finish({ _type: 'Starred', value, ctx: STORE }, s);
  }
  const e = parsePrimary(p);
  return toStore(p, e, { assignment: false });
}

/** star_targets: star_target !',' | star_target (',' star_target)* [','] */
export function parseStarTargets(p: Parser): E {
  return parseCommaTuple(p, { parseItem: parseStarTarget, startsItem: startsTarget, ctx: STORE });
}

export interface StoreOptions {
  /** True for `=` targets (CPython's invalid_assignment / invalid_named_expression messages). */
  readonly assignment: boolean;
  /** The expression after this target's '=' and whether it is the assigned value. */
  readonly next?: E;
  readonly nextIsLast?: boolean;
}

function invalidTarget(p: Parser, e: E, top: E, options: StoreOptions): never {
  const name = exprName(e);
  if (options.assignment && e === top) {
    if (e._type === 'Yield' || e._type === 'YieldFrom')
      p.failAtNode('assignment to yield expression not possible', e);
    const isKeywordConstant =
      e._type === 'Constant' && (e.value === null || e.value === true || e.value === false);
    let next = options.next;
    if (
      next !== undefined &&
      next._type === 'Tuple' &&
      next.elts.length > 0 &&
      next.col_offset === next.elts[0].col_offset &&
      next.lineno === next.elts[0].lineno
    )
      next = next.elts[0];
    if (
      isBitwiseLevel(e) &&
      !isKeywordConstant &&
      e._type !== 'GeneratorExp' &&
      options.nextIsLast === true &&
      next !== undefined &&
      isBitwiseLevel(next)
    ) {
      p.failAtNode(`cannot assign to ${name} here. Maybe you meant '==' instead of '='?`, e);
    }
  }
  p.failAtNode(`cannot assign to ${name}`, e);
}

/** Converts a parsed expression into an assignment target (ctx Store), or raises CPython's error. */
export function toStore(p: Parser, e: E, options: StoreOptions): E {
  return storeTarget(p, e, e, options);
}

function storeTarget(p: Parser, e: E, top: E, options: StoreOptions): E {
  switch (e._type) {
    case 'Name':
    case 'Attribute':
    case 'Subscript':
      e.ctx = STORE;
      return e;
    case 'Starred':
      if (e.value._type === 'Starred') p.failAtNode('cannot use starred expression here', e.value);
      storeTarget(p, e.value, top, options);
      e.ctx = STORE;
      return e;
    case 'Tuple':
    case 'List':
      for (const elt of e.elts) storeTarget(p, elt, top, options);
      e.ctx = STORE;
      return e;
    default:
      return invalidTarget(p, e, top, options);
  }
}

/** del_target conversion (no starred targets). */
export function toDel(p: Parser, e: E): E {
  switch (e._type) {
    case 'Name':
    case 'Attribute':
    case 'Subscript':
      e.ctx = DEL;
      return e;
    case 'Tuple':
    case 'List':
      for (const elt of e.elts) toDel(p, elt);
      e.ctx = DEL;
      return e;
    default:
      return p.failAtNode(`cannot delete ${exprName(e)}`, e);
  }
}

/** single_target / single_subscript_attribute_target, for augmented and annotated assignment. */
export function toSingleTarget(p: Parser, e: E, options: { annotated: boolean }): E {
  if (e._type === 'Name' || e._type === 'Attribute' || e._type === 'Subscript') {
    e.ctx = STORE;
    return e;
  }
  if (options.annotated) {
    if (e._type === 'Tuple') p.failAtNode('only single target (not tuple) can be annotated', e);
    if (e._type === 'List') p.failAtNode('only single target (not list) can be annotated', e);
    return p.failAtNode('illegal target for annotation', e);
  }
  return p.failAtNode(`'${exprName(e)}' is an illegal expression for augmented assignment`, e);
}
