// The reference's small AST utilities ("AST utility helpers"), one function
// each, with the same first-match rules: `ast.walk` order (breadth-first) for
// find_class_in_ast and friends, direct body order for find_method.

import type { ClassDef, ExprNode, FunctionDef } from '../python/ast.js';
import type { SizeEntry } from '../facts.js';
import { pyStr, type PyConstant } from '../python/values.js';
import { shownScalar } from './scalars.js';
import type { RuleName } from '../versions/versions.js';
import { walk } from '../python/walk.js';
import type { ModuleIndex } from './module-index.js';

/** find_class_in_ast: the first ClassDef of that name in walk order. */
export function findClassInAst(tree: ModuleIndex, className: string): ClassDef | null {
  return tree.firstClassNamed(className);
}

/** find_method: a plain `def` directly in the class body (async defs do not count). */
export function findMethod(classNode: ClassDef, methodName: string): FunctionDef | null {
  for (const item of classNode.body) {
    if (item._type === 'FunctionDef' && item.name === methodName) return item;
  }
  return null;
}

/**
 * method_returns_true: any `return True` anywhere inside the method, nested
 * functions included. The line of the first one in walk order, or null.
 */
export function methodReturnsTrue(method: FunctionDef | null): number | null {
  if (method === null) return null;
  for (const node of walk(method)) {
    if (
      node._type === 'Return' &&
      node.value !== null &&
      node.value._type === 'Constant' &&
      node.value.value === true
    ) {
      return node.lineno;
    }
  }
  return null;
}

/** check_method_overrides: the line of the method's `return True`, or null when it has none. */
export function checkMethodOverrides(classNode: ClassDef, methodName: string): number | null {
  return methodReturnsTrue(findMethod(classNode, methodName));
}

/** _find_bool_class_var: `name: T = True/False` or `name = True/False`, with its line; null when absent. */
export function findBoolClassVar(
  classNode: ClassDef,
  varName: string,
): { readonly value: boolean; readonly line: number } | null {
  for (const item of classNode.body) {
    if (
      item._type === 'AnnAssign' &&
      item.target._type === 'Name' &&
      item.target.id === varName &&
      item.value !== null &&
      item.value._type === 'Constant' &&
      typeof item.value.value === 'boolean'
    ) {
      return { value: item.value.value, line: item.lineno };
    }
    if (item._type === 'Assign') {
      for (const target of item.targets) {
        if (
          target._type === 'Name' &&
          target.id === varName &&
          item.value._type === 'Constant' &&
          typeof item.value.value === 'boolean'
        ) {
          return { value: item.value.value, line: item.lineno };
        }
      }
    }
  }
  return null;
}

/**
 * _parse_list_class_var: the first annotated `name: T = [...]` in the class
 * body; attribute elements give their attribute name, constants their str().
 * null when there is no such assignment (an empty list is not null).
 */
export function parseListClassVar(
  classNode: ClassDef,
  varName: string,
): { readonly items: string[]; readonly line: number } | null {
  for (const item of classNode.body) {
    if (item._type !== 'AnnAssign') continue;
    if (item.target._type !== 'Name' || item.target.id !== varName) continue;
    if (item.value === null || item.value._type !== 'List') continue;
    const items: string[] = [];
    for (const elt of item.value.elts) {
      if (elt._type === 'Attribute') items.push(elt.attr);
      else if (elt._type === 'Constant') items.push(pyStr(elt.value));
    }
    return { items, line: item.lineno };
  }
  return null;
}

/**
 * _parse_return_list: the first `return [...]` in walk order that yields at
 * least one entry: constants as sizes and, with `multipleOf`, `MultipleOf(N)`
 * as a multiple-of entry (else such calls are skipped). null when none does.
 */
export function parseReturnList(
  method: FunctionDef | null,
  options: { multipleOf: boolean },
): { readonly entries: SizeEntry[]; readonly line: number } | null {
  if (method === null) return null;
  for (const node of walk(method)) {
    if (node._type !== 'Return' || node.value === null || node.value._type !== 'List') continue;
    const entries: SizeEntry[] = [];
    for (const elt of node.value.elts) {
      if (elt._type === 'Constant') {
        entries.push({ kind: 'size', value: shownScalar(elt.value) });
      } else if (
        options.multipleOf &&
        elt._type === 'Call' &&
        elt.func._type === 'Name' &&
        elt.func.id === 'MultipleOf' &&
        elt.args.length > 0 &&
        elt.args[0]._type === 'Constant'
      ) {
        entries.push({ kind: 'multiple-of', value: shownScalar(elt.args[0].value) });
      }
    }
    if (entries.length > 0) return { entries, line: node.lineno };
  }
  return null;
}

/** _get_parent_class_name: the first base, `Name` or (from version 2) `Name[...]`. */
export function getParentClassName(classNode: ClassDef, rules: ReadonlySet<RuleName>): string | null {
  if (classNode.bases.length === 0) return null;
  const base = classNode.bases[0];
  if (base._type === 'Name') return base.id;
  if (base._type === 'Subscript' && base.value._type === 'Name' && rules.has('generic-parent-classes')) {
    return base.value.id;
  }
  return null;
}

/** The value of a Constant expression, or undefined for any other node. */
export function constantValue(node: ExprNode | undefined): PyConstant | undefined {
  return node !== undefined && node._type === 'Constant' ? node.value : undefined;
}

/** Python's isinstance(value, int): bool counts, as it does in the reference. */
export function isPyInt(value: PyConstant | undefined): value is bigint | boolean {
  return typeof value === 'bigint' || typeof value === 'boolean';
}
