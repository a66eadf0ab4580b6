// parse_cuda_priority_lists: the CUDA platform's backend priority lists, from
// `_get_backend_priorities` in vllm/platforms/cuda.py.

import type { ExprNode, StmtNode } from '../python/ast.js';
import { pyEquals } from '../python/values.js';
import type { TreePath } from '../tree/tree.js';
import type { ExtractContext } from './context.js';
import type { RuleName } from '../versions/versions.js';
import { loadSectionFile } from './section-file.js';

export const CUDA_PLATFORM_FILE: TreePath = 'vllm/platforms/cuda.py';

/** The lists of `_get_backend_priorities`: standard or MLA, Blackwell (SM 10.x) or the rest. */
export type PriorityKey = 'standardSm100' | 'standardDefault' | 'mlaSm100' | 'mlaDefault';

/** Backend names in priority order, per list; null for a list not found. */
export type PriorityLists = Readonly<Record<PriorityKey, readonly string[] | null>>;

const NO_LISTS: PriorityLists = {
  standardSm100: null,
  standardDefault: null,
  mlaSm100: null,
  mlaDefault: null,
};

export function parseCudaPriorityLists(context: ExtractContext): PriorityLists {
  const tree = loadSectionFile(context, CUDA_PLATFORM_FILE);
  if (tree === null) return NO_LISTS;
  const priorities: Record<PriorityKey, readonly string[] | null> = { ...NO_LISTS };
  // Every function of that name, in walk order; a later one overwrites lists of an earlier one.
  for (const node of tree.functionsNamed('_get_backend_priorities')) {
    for (const stmt of node.body) {
      if (stmt._type !== 'If') continue;
      const isMlaBranch = stmt.test._type === 'Name' && stmt.test.id === 'use_mla';
      if (isMlaBranch) {
        extractPriorities(stmt.body, priorities, 'mla', context.rules);
        if (stmt.orelse.length > 0) extractPriorities(stmt.orelse, priorities, 'standard', context.rules);
      } else {
        extractPriorities([stmt], priorities, 'standard', context.rules);
      }
    }
  }
  return priorities;
}

/** The `e.attr` of every Attribute element. */
function attributeNames(elts: readonly ExprNode[]): string[] {
  const names: string[] = [];
  for (const e of elts) if (e._type === 'Attribute') names.push(e.attr);
  return names;
}

/**
 * _get_backends_from_return: the first `return [...]` among the statements,
 * with `*name` resolved from list assignments in the same statements or one
 * if/else level down (the last assignment written wins, so the else branch).
 */
export function getBackendsFromReturn(stmts: readonly StmtNode[], rules: ReadonlySet<RuleName>): string[] {
  const varAssigns = new Map<string, string[]>();
  const recordAssign = (stmt: StmtNode): void => {
    if (stmt._type !== 'Assign' || stmt.value._type !== 'List') return;
    for (const target of stmt.targets) {
      if (target._type === 'Name') varAssigns.set(target.id, attributeNames(stmt.value.elts));
    }
  };
  for (const stmt of stmts) {
    if (stmt._type === 'Assign') recordAssign(stmt);
    else if (stmt._type === 'If') {
      for (const branchStmt of stmt.body) recordAssign(branchStmt);
      for (const branchStmt of stmt.orelse) recordAssign(branchStmt);
    }
  }

  for (const stmt of stmts) {
    if (stmt._type !== 'Return' || stmt.value === null || stmt.value._type !== 'List') continue;
    const backends: string[] = [];
    for (const e of stmt.value.elts) {
      if (e._type === 'Attribute') backends.push(e.attr);
      else if (e._type === 'Starred' && e.value._type === 'Name' && rules.has('starred-priorities')) {
        const assigned = varAssigns.get(e.value.id);
        if (assigned !== undefined) backends.push(...assigned);
      }
    }
    return backends;
  }
  return [];
}

/** _is_sm100_check: `something.major == 10`. */
function isSm100Check(test: ExprNode): boolean {
  return (
    test._type === 'Compare' &&
    test.left._type === 'Attribute' &&
    test.left.attr === 'major' &&
    test.ops.length === 1 &&
    test.ops[0]._type === 'Eq' &&
    test.comparators.length === 1 &&
    test.comparators[0]._type === 'Constant' &&
    pyEquals(test.comparators[0].value, 10n)
  );
}

/** _extract_priorities */
function extractPriorities(
  body: readonly StmtNode[],
  priorities: Record<PriorityKey, readonly string[] | null>,
  prefix: 'mla' | 'standard',
  rules: ReadonlySet<RuleName>,
): void {
  for (const stmt of body) {
    if (stmt._type === 'If') {
      const isSm100 = isSm100Check(stmt.test);
      const ifKey: PriorityKey = isSm100 ? `${prefix}Sm100` : `${prefix}Default`;
      const elseKey: PriorityKey = isSm100 ? `${prefix}Default` : `${prefix}Sm100`;
      const ifBackends = getBackendsFromReturn(stmt.body, rules);
      if (ifBackends.length > 0) priorities[ifKey] = ifBackends;
      const elseBackends = getBackendsFromReturn(stmt.orelse, rules);
      if (elseBackends.length > 0) priorities[elseKey] = elseBackends;
    } else if (stmt._type === 'Return' && stmt.value !== null && stmt.value._type === 'List') {
      priorities[`${prefix}Default`] = attributeNames(stmt.value.elts);
    }
  }
}
