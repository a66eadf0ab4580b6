// Shared singleton nodes (contexts and operators carry no data) and small node helpers.

import type * as A from '../ast.js';

export const LOAD: A.Load = Object.freeze({ _type: 'Load' });
export const STORE: A.Store = Object.freeze({ _type: 'Store' });
export const DEL: A.Del = Object.freeze({ _type: 'Del' });

export const AND: A.And = Object.freeze({ _type: 'And' });
export const OR: A.Or = Object.freeze({ _type: 'Or' });

export const NOT: A.Not = Object.freeze({ _type: 'Not' });
export const UADD: A.UAdd = Object.freeze({ _type: 'UAdd' });
export const USUB: A.USub = Object.freeze({ _type: 'USub' });
export const INVERT: A.Invert = Object.freeze({ _type: 'Invert' });

const op = <T extends A.OperatorNode['_type']>(t: T) => Object.freeze({ _type: t }) as A.OperatorNode;

/** Binary operators by token text, with their binding power (higher binds tighter). */
export const BINARY_OPS: ReadonlyMap<string, { op: A.OperatorNode; prec: number }> = new Map([
  ['|', { op: op('BitOr'), prec: 1 }],
  ['^', { op: op('BitXor'), prec: 2 }],
  ['&', { op: op('BitAnd'), prec: 3 }],
  ['<<', { op: op('LShift'), prec: 4 }],
  ['>>', { op: op('RShift'), prec: 4 }],
  ['+', { op: op('Add'), prec: 5 }],
  ['-', { op: op('Sub'), prec: 5 }],
  ['*', { op: op('Mult'), prec: 6 }],
  ['/', { op: op('Div'), prec: 6 }],
  ['//', { op: op('FloorDiv'), prec: 6 }],
  ['%', { op: op('Mod'), prec: 6 }],
  ['@', { op: op('MatMult'), prec: 6 }],
]);

export const POW: A.OperatorNode = op('Pow');

/** Augmented-assignment operators by token text. */
export const AUG_OPS: ReadonlyMap<string, A.OperatorNode> = new Map([
  ['+=', BINARY_OPS.get('+')!.op],
  ['-=', BINARY_OPS.get('-')!.op],
  ['*=', BINARY_OPS.get('*')!.op],
  ['@=', BINARY_OPS.get('@')!.op],
  ['/=', BINARY_OPS.get('/')!.op],
  ['%=', BINARY_OPS.get('%')!.op],
  ['&=', BINARY_OPS.get('&')!.op],
  ['|=', BINARY_OPS.get('|')!.op],
  ['^=', BINARY_OPS.get('^')!.op],
  ['<<=', BINARY_OPS.get('<<')!.op],
  ['>>=', BINARY_OPS.get('>>')!.op],
  ['**=', POW],
  ['//=', BINARY_OPS.get('//')!.op],
]);

const cmp = <T extends A.CmpOperatorNode['_type']>(t: T) => Object.freeze({ _type: t }) as A.CmpOperatorNode;

export const CMP_OPS: ReadonlyMap<string, A.CmpOperatorNode> = new Map([
  ['==', cmp('Eq')],
  ['!=', cmp('NotEq')],
  ['<', cmp('Lt')],
  ['<=', cmp('LtE')],
  ['>', cmp('Gt')],
  ['>=', cmp('GtE')],
]);
export const CMP_IN: A.CmpOperatorNode = cmp('In');
export const CMP_NOT_IN: A.CmpOperatorNode = cmp('NotIn');
export const CMP_IS: A.CmpOperatorNode = cmp('Is');
export const CMP_IS_NOT: A.CmpOperatorNode = cmp('IsNot');
