// Compute-capability facts: parse_compute_capability (a backend's
// supports_compute_capability method) and _find_cc_in_function
// (`is_device_capability_family(N)` calls, used by FlashInfer and MLA prefill).

import type { ClassDef } from '../python/ast.js';
import { pyFloorDiv, pySorted, pyStr, type PyConstant } from '../python/values.js';
import { walk } from '../python/walk.js';
import { findMethod, isPyInt } from './ast-queries.js';
import type { ModuleIndex } from './module-index.js';

/**
 * parse_compute_capability. May throw PyTypeError where the reference's
 * `major_list.sort()` raises (mixed or unorderable constants).
 */
export function parseComputeCapability(classNode: ClassDef): string {
  const method = findMethod(classNode, 'supports_compute_capability');
  if (method === null) return 'Any';

  let minCap: [PyConstant, PyConstant] | null = null;
  let maxCap: [PyConstant, PyConstant] | null = null;
  const majorList: PyConstant[] = [];

  for (const n of walk(method)) {
    if (n._type !== 'Compare') continue;

    // `capability >= DeviceCapability(...)` or `capability <= ...`
    const pairs = Math.min(n.ops.length, n.comparators.length);
    for (let i = 0; i < pairs; i++) {
      const op = n.ops[i];
      const comp = n.comparators[i];
      if (!(
        comp._type === 'Call' &&
        comp.func._type === 'Name' &&
        comp.func.id === 'DeviceCapability' &&
        comp.args.length > 0 &&
        comp.args[0]._type === 'Constant'
      )) {
        continue;
      }
      const major = comp.args[0].value;
      let minor: PyConstant = 0n;
      if (comp.args.length > 1 && comp.args[1]._type === 'Constant') minor = comp.args[1].value;
      if (op._type === 'GtE') minCap = [major, minor];
      else if (op._type === 'LtE') maxCap = [major, minor];
    }

    // `capability.major == N` or `capability.major in [N, M]`
    if (
      n.left._type === 'Attribute' &&
      n.left.attr === 'major' &&
      n.ops.length === 1 &&
      n.comparators.length === 1
    ) {
      const comp = n.comparators[0];
      if (n.ops[0]._type === 'Eq' && comp._type === 'Constant') {
        majorList.push(comp.value);
      } else if (n.ops[0]._type === 'In' && comp._type === 'List') {
        for (const e of comp.elts) {
          if (e._type === 'Constant' && isPyInt(e.value)) majorList.push(e.value);
        }
      }
    }
  }

  if (majorList.length > 0) {
    const sorted = pySorted(majorList);
    if (sorted.length === 1) return `${pyStr(sorted[0])}.x`;
    return `${pyStr(sorted[0])}.x-${pyStr(sorted[sorted.length - 1])}.x`;
  }
  if (minCap !== null) {
    if (maxCap !== null) return `${pyStr(minCap[0])}.x-${pyStr(maxCap[0])}.x`;
    return `≥${pyStr(minCap[0])}.${pyStr(minCap[1])}`;
  }
  return 'Any';
}

/**
 * _find_cc_in_function: in the first function of that name (walk order) that
 * calls `<x>.is_device_capability_family(N)` with an int N, "N // 10 .x".
 * Every function of that name is searched in turn, as the reference does.
 */
export function findCapabilityFamilyInFunction(tree: ModuleIndex, functionName: string): string | null {
  for (const node of tree.functionsNamed(functionName)) {
    for (const n of walk(node)) {
      if (
        n._type === 'Call' &&
        n.func._type === 'Attribute' &&
        n.func.attr === 'is_device_capability_family' &&
        n.args.length > 0 &&
        n.args[0]._type === 'Constant' &&
        isPyInt(n.args[0].value)
      ) {
        return `${pyStr(pyFloorDiv(n.args[0].value, 10n))}.x`;
      }
    }
  }
  return null;
}
