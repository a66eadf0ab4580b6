// parse_impl_bool_attr and _resolve_import_to_file: a boolean class attribute
// of an impl class, following the first base class within the file and across
// files through `from ... import` statements, as the reference does.

import { warning } from '../diagnostics.js';
import { parentTreePath } from '../tree/module-path.js';
import type { TreePath } from '../tree/tree.js';
import { findBoolClassVar, findClassInAst, getParentClassName } from './ast-queries.js';
import { resolveExisting, type ExtractContext } from './context.js';
import type { ModuleIndex } from './module-index.js';
import { inheritanceFrames } from './reference-stack.js';
import { moduleFailureArgs, moduleFailureLine } from './module-failure.js';

/**
 * _resolve_import_to_file: the first `from M import X` / `from M import Y as X`
 * (walk order, anywhere in the file) whose module file exists. Relative imports
 * resolve from the importing file's folder.
 */
export function resolveImportToFile(
  context: ExtractContext,
  tree: ModuleIndex,
  className: string,
  sourceFile: TreePath,
  options: { whenExistsRaises: 'fail' | 'missing' },
): TreePath | null {
  for (const node of tree.importFroms()) {
    for (const alias of node.names) {
      const actualName = alias.asname || alias.name;
      if (actualName !== className) continue;
      if (!node.module) continue;
      const modulePath = `${node.module.replaceAll('.', '/')}.py`;
      let baseDir: TreePath | null = '';
      if (node.level !== null && node.level > 0) {
        baseDir = parentTreePath(sourceFile);
        for (let i = 0; i < node.level - 1 && baseDir !== null; i++) baseDir = parentTreePath(baseDir);
        if (baseDir === null) {
          context.warnings.push(
            warning(
              'path-outside-tree',
              { path: `${'.'.repeat(node.level)}${node.module}` },
              sourceFile,
              node.lineno,
            ),
          );
          continue;
        }
      }
      const found = resolveExisting(context, baseDir, modulePath, { ...options, referrer: sourceFile });
      if (found !== null) return found;
    }
  }
  return null;
}

/**
 * parse_impl_bool_attr, iteratively: the value and where it was set, or null
 * for the default (False). `visited` holds class names across files, as the
 * reference's does, so a cycle ends with the default.
 */
export function parseImplBoolAttr(
  context: ExtractContext,
  start: { tree: ModuleIndex; className: string; sourceFile: TreePath },
  attrName: string,
): { readonly value: boolean; readonly file: TreePath; readonly line: number } | null {
  const visited = new Set<string>();
  let tree: ModuleIndex = start.tree;
  let className = start.className;
  let sourceFile = start.sourceFile;
  // Past the first file hop the reference runs inside `try: ... except Exception: pass`.
  let insideTry = false;
  // Which of the reference's recursive parse_impl_bool_attr calls this iteration is.
  let call = 0;

  for (;;) {
    call++;
    if (visited.has(className)) return null;
    visited.add(className);

    const classNode = findClassInAst(tree, className);
    if (classNode === null) return null;

    const found = findBoolClassVar(classNode, attrName);
    if (found !== null) return { value: found.value, file: sourceFile, line: found.line };

    const parentName = getParentClassName(classNode, context.rules);
    if (!parentName) return null;

    if (findClassInAst(tree, parentName) !== null) {
      className = parentName;
      continue;
    }

    const parentFile = resolveImportToFile(context, tree, parentName, sourceFile, {
      whenExistsRaises: insideTry ? 'missing' : 'fail',
    });
    if (parentFile === null) return null;
    const loaded = context.modules.load(parentFile, inheritanceFrames(call));
    if (!loaded.ok) {
      context.warnings.push(
        warning(
          'parent-file-unparsable',
          { ...moduleFailureArgs(loaded.failure), className: parentName },
          parentFile,
          moduleFailureLine(loaded.failure),
        ),
      );
      return null;
    }
    tree = loaded.module;
    className = parentName;
    sourceFile = parentFile;
    insideTry = true;
  }
}
