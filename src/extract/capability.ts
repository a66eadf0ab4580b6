// Compute-capability facts: parse_compute_capability (a backend's
// supports_compute_capability method) and _find_cc_in_function
// (`is_device_capability_family(N)` calls, used by FlashInfer and MLA prefill).

import type { ComputeCapability } from '../facts.js';
import type { ClassDef } from '../python/ast.js';
import { pyFloorDiv, pyMod, pySorted, type PyConstant } from '../python/values.js';
import type { RuleName } from '../versions/versions.js';
import { walk } from '../python/walk.js';
import { findMethod, isPyInt } from './ast-queries.js';
import type { ModuleIndex } from './module-index.js';
import { keptScalar, shownScalar } from './scalars.js';

const ANY: ComputeCapability = { kind: 'any' };

/**
 * parse_compute_capability, with the line of the method when it found a check.
 * May throw PyTypeError where the reference's `major_list.sort()` raises (mixed
 * or unorderable constants), and PyValueError where its f-string does.
 */
export function parseComputeCapability(classNode: ClassDef): {
  readonly capability: ComputeCapability;
  readonly line: number | null;
} {
  const method = findMethod(classNode, 'supports_compute_capability');
  if (method === null) return { capability: ANY, line: null };

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

  const line = method.lineno;
  if (majorList.length > 0) {
    const sorted = pySorted(majorList);
    // The reference formats the first and the last: only those can raise.
    const first = shownScalar(sorted[0]);
    const last = shownScalar(sorted[sorted.length - 1]);
    const majors = sorted.map((m, i) => (i === 0 ? first : i === sorted.length - 1 ? last : keptScalar(m)));
    return { capability: { kind: 'majors', majors }, line };
  }
  if (minCap !== null) {
    if (maxCap !== null) {
      return {
        capability: {
          kind: 'between',
          min: { major: shownScalar(minCap[0]), minor: keptScalar(minCap[1]) },
          max: { major: shownScalar(maxCap[0]), minor: keptScalar(maxCap[1]) },
        },
        line,
      };
    }
    return {
      capability: { kind: 'at-least', min: { major: shownScalar(minCap[0]), minor: shownScalar(minCap[1]) } },
      line,
    };
  }
  return { capability: ANY, line: null };
}

/** Which match _find_cc_in_function's version-1 forerunners kept within one function. */
export type MatchWithinFunction = 'first' | 'last';

/**
 * _find_cc_in_function: a compute capability from `<x>.is_device_capability_family(N)`
 * calls (N an int: family N // 10) in the functions of that name, in walk order.
 * From version 2 the first match of the first function that has one counts;
 * version 1 inlined the search and kept the last function's (its first or its
 * last match, per caller), formatting every match it kept on the way. Version
 * 9 also read `is_device_capability(N)` as exactly N // 10 . N % 10.
 */
export function findCapabilityInFunction(
  tree: ModuleIndex,
  functionName: string,
  rules: ReadonlySet<RuleName>,
  version1: { readonly within: MatchWithinFunction } = { within: 'first' },
): { readonly capability: ComputeCapability; readonly line: number } | null {
  const firstMatchWins = rules.has('first-capability-match');
  let found: { capability: ComputeCapability; line: number } | null = null;
  for (const node of tree.functionsNamed(functionName)) {
    for (const n of walk(node)) {
      if (!(
        n._type === 'Call' &&
        n.func._type === 'Attribute' &&
        n.args.length > 0 &&
        n.args[0]._type === 'Constant' &&
        isPyInt(n.args[0].value)
      )) {
        continue;
      }
      const value = n.args[0].value;
      let capability: ComputeCapability;
      if (n.func.attr === 'is_device_capability_family') {
        capability = { kind: 'majors', majors: [shownScalar(pyFloorDiv(value, 10n))] };
      } else if (n.func.attr === 'is_device_capability' && rules.has('exact-device-capability')) {
        // f"{val // 10}.{val % 10}": the major is formatted first.
        const major = shownScalar(pyFloorDiv(value, 10n));
        const minor = shownScalar(pyMod(value, 10n));
        capability = { kind: 'exactly', capability: { major, minor } };
      } else {
        continue;
      }
      found = { capability, line: n.lineno };
      if (firstMatchWins) return found;
      if (version1.within === 'first') break;
    }
  }
  return found;
}
