// One breadth-first pass per parsed module, remembering what the reference's
// lookups search for (classes, functions, `from ... import`), in ast.walk
// order. The reference walks the whole tree for each lookup; a module is
// walked here once, and the answers are the same first matches.

import type { ClassDef, FunctionDef, ImportFrom, Module } from '../python/ast.js';
import { walk } from '../python/walk.js';

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
    for (const node of walk(module)) {
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
