// ast.iter_child_nodes / ast.walk with CPython 3.11's exact visiting order.
// Iterative (an array queue with a read index), so deep trees cannot overflow the stack.

import { FIELDS, type Node, type NodeType } from './ast.js';

/** True for AST node objects (everything with a `_type` tag); constants and strings are not nodes. */
function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' && value !== null && typeof (value as { _type?: unknown })._type === 'string'
  );
}

/** Appends the direct children of `node` to `out`, in ast.iter_child_nodes order. */
function pushChildren(node: Node, out: Node[]): void {
  const fields = FIELDS[node._type as NodeType];
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
