// One breadth-first pass per parsed module, remembering what the reference's
// lookups search for (classes, functions, `from ... import`), in ast.walk
// order. The reference walks the whole tree for each lookup; a module is
// walked here once, and the answers are the same first matches.
//
// All three are statements, and a statement's parent is always a statement,
// an ExceptHandler, a match_case or the Module: no expression lies between.
// So a breadth-first pass over just those containers, children in `_fields`
// order, meets statements in exactly the relative order ast.walk does, while
// skipping every expression node.

import type { ClassDef, FunctionDef, ImportFrom, Module, Node } from '../python/ast.js';

export interface ModuleIndex {
  /** The first ClassDef of each name in walk order. */
  readonly firstClassByName: ReadonlyMap<string, ClassDef>;
  /** Every FunctionDef (not async) in walk order. */
  readonly functions: readonly FunctionDef[];
  /** Every ImportFrom in walk order. */
  readonly importFroms: readonly ImportFrom[];
}

const indexes = new WeakMap<Module, ModuleIndex>();

export function moduleIndex(module: Module): ModuleIndex {
  let index = indexes.get(module);
  if (index === undefined) {
    const firstClassByName = new Map<string, ClassDef>();
    const functions: FunctionDef[] = [];
    const importFroms: ImportFrom[] = [];
    for (const node of statementsInWalkOrder(module)) {
      if (node._type === 'ClassDef') {
        if (!firstClassByName.has(node.name)) firstClassByName.set(node.name, node);
      } else if (node._type === 'FunctionDef') {
        functions.push(node);
      } else if (node._type === 'ImportFrom') {
        importFroms.push(node);
      }
    }
    index = { firstClassByName, functions, importFroms };
    indexes.set(module, index);
  }
  return index;
}

/** FunctionDefs of one name, in walk order. */
export function functionsNamed(module: Module, name: string): FunctionDef[] {
  return moduleIndex(module).functions.filter((f) => f.name === name);
}

/** The fields that hold statements, handlers or match cases, in `_fields` order for every class. */
const STATEMENT_LIST_FIELDS = ['body', 'handlers', 'orelse', 'finalbody', 'cases'] as const;

/** Statements, ExceptHandlers and match_cases of a module, in ast.walk's relative order. */
function statementsInWalkOrder(module: Module): Node[] {
  const queue: Node[] = [module];
  for (let read = 0; read < queue.length; read++) {
    const record = queue[read] as unknown as Record<string, unknown>;
    for (const field of STATEMENT_LIST_FIELDS) {
      const list = record[field];
      if (Array.isArray(list)) for (const child of list as Node[]) queue.push(child);
    }
  }
  return queue;
}
