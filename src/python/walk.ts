// ast.iter_child_nodes / ast.walk with CPython 3.11's exact visiting order.
// Iterative (an array queue with a read index), so deep trees cannot overflow the stack.

import { FIELDS, type Node } from './ast.js';

/** True for AST node objects (everything with a `_type` tag); constants and strings are not nodes. */
function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' && value !== null && typeof (value as { _type?: unknown })._type === 'string'
  );
}

/** Fields that only ever hold identifiers, ints, constants or None: never a node. */
const SCALAR_FIELDS = new Set([
  'Constant.value',
  'Constant.kind',
  'MatchSingleton.value',
  'Name.id',
  'Attribute.attr',
  'FunctionDef.name',
  'FunctionDef.type_comment',
  'AsyncFunctionDef.name',
  'AsyncFunctionDef.type_comment',
  'ClassDef.name',
  'alias.name',
  'alias.asname',
  'arg.arg',
  'arg.type_comment',
  'keyword.arg',
  'ImportFrom.module',
  'ImportFrom.level',
  'Global.names',
  'Nonlocal.names',
  'AnnAssign.simple',
  'FormattedValue.conversion',
  'comprehension.is_async',
  'ExceptHandler.name',
  'MatchAs.name',
  'MatchStar.name',
  'MatchMapping.rest',
  'MatchClass.kwd_attrs',
  'TypeIgnore.lineno',
  'TypeIgnore.tag',
  'Assign.type_comment',
  'For.type_comment',
  'AsyncFor.type_comment',
  'With.type_comment',
  'AsyncWith.type_comment',
]);

/** Per class, the `_fields` that can hold nodes or lists of nodes, in `_fields` order. */
const CHILD_FIELDS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(FIELDS).map(([type, fields]) => [
    type,
    fields.filter((f) => !SCALAR_FIELDS.has(`${type}.${f}`)),
  ]),
);

/** Appends the direct children of `node` to `out`, in ast.iter_child_nodes order. */
function pushChildren(node: Node, out: Node[]): void {
  const fields = CHILD_FIELDS.get(node._type) as readonly string[];
  const record = node as unknown as Record<string, unknown>;
  for (let f = 0; f < fields.length; f++) {
    const value = record[fields[f]];
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (isNode(item)) out.push(item); // Dict.keys holds null for `**d`; skipped like None
      }
    } else if (isNode(value)) {
      out.push(value);
    }
  }
}

/**
 * `list(ast.iter_child_nodes(node))`: for each field in `_fields` order, a node value, or
 * the node items of a list. Context and operator singletons (Load, Add, ...) are nodes too.
 */
export function iterChildNodes(node: Node): Node[] {
  const out: Node[] = [];
  pushChildren(node, out);
  return out;
}

/** `list(ast.walk(node))`: breadth-first from `node` (included first), children in field order. */
export function walk(node: Node): Node[] {
  const queue: Node[] = [node];
  for (let read = 0; read < queue.length; read++) pushChildren(queue[read], queue);
  return queue;
}

/** The first node in ast.walk order for which `predicate` holds; stops as soon as it is found. */
export function findFirst<T extends Node = Node>(
  node: Node,
  predicate: ((candidate: Node) => candidate is T) | ((candidate: Node) => boolean),
): T | undefined {
  const queue: Node[] = [node];
  for (let read = 0; read < queue.length; read++) {
    const current = queue[read];
    if (predicate(current)) return current as T;
    pushChildren(current, queue);
  }
  return undefined;
}
