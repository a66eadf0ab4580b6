// parse_flash_attn_features and _parse_fa4_supported_caps: how FA2, FA3 and
// FA4 differ, read from fa_utils.py (and flash_attn_interface.py for FA4).

import type { Node } from '../python/ast.js';
import type { ComputeCapability, SourceRef } from '../facts.js';
import { pySorted, type PyConstant } from '../python/values.js';
import { walk } from '../python/walk.js';
import type { TreePath } from '../tree/tree.js';
import { isPyInt } from './ast-queries.js';
import type { ExtractContext } from './context.js';
import { shownScalar } from './scalars.js';
import { loadSectionFile } from './section-file.js';

export const FA_UTILS_FILE: TreePath = 'vllm/v1/attention/backends/fa_utils.py';
export const FA_INTERFACE_FILE: TreePath = 'vllm/vllm_flash_attn/flash_attn_interface.py';

/** How one FlashAttention version differs from the FLASH_ATTN class's own facts. */
export interface FlashAttnVersionFeatures {
  /** null: the class's own compute capability applies. */
  readonly computeCapability: ComputeCapability | null;
  readonly supportsFp8: boolean;
  readonly supportsSink: boolean;
  /** Where each fact that is not a default was found. */
  readonly sources: Readonly<
    Partial<Record<'computeCapability' | 'supportsFp8' | 'supportsSink', SourceRef>>
  >;
}

/** What fa_utils.py (and flash_attn_interface.py) say about FA2, FA3 and FA4. */
export interface FlashAttnFeatures {
  readonly fa2: FlashAttnVersionFeatures;
  readonly fa3: FlashAttnVersionFeatures;
  readonly fa4: FlashAttnVersionFeatures;
}

/** The line where the function compares a `get_flash_attn_version()` call with something, or null. */
function comparesFlashAttnVersion(fn: Node): number | null {
  for (const n of walk(fn)) {
    if (
      n._type === 'Compare' &&
      n.left._type === 'Call' &&
      n.left.func._type === 'Name' &&
      n.left.func.id === 'get_flash_attn_version'
    ) {
      return n.lineno;
    }
  }
  return null;
}

/** null when fa_utils.py is missing or unparsable: then FLASH_ATTN is not split into versions. */
export function parseFlashAttnFeatures(context: ExtractContext): FlashAttnFeatures | null {
  const tree = loadSectionFile(context, FA_UTILS_FILE);
  if (tree === null) return null;

  const at = (line: number): SourceRef => ({ file: FA_UTILS_FILE, line });
  const fa3: Partial<Record<'computeCapability' | 'supportsFp8' | 'supportsSink', SourceRef>> = {};
  const fa4: Partial<Record<'computeCapability', SourceRef>> = {};
  let fa3ComputeCap: ComputeCapability | null = null;
  let fa4ComputeCap: ComputeCapability | null = null;

  for (const node of tree.allFunctions()) {
    if (node.name === 'flash_attn_supports_fp8' && fa3.supportsFp8 === undefined) {
      const line = comparesFlashAttnVersion(node);
      if (line !== null) fa3.supportsFp8 = at(line);
    }
    if (node.name === 'flash_attn_supports_sinks' && fa3.supportsSink === undefined) {
      const line = comparesFlashAttnVersion(node);
      if (line !== null) fa3.supportsSink = at(line);
    }

    if (node.name !== 'get_flash_attn_version') continue;
    for (const n of walk(node)) {
      // IfExp (ternary) with `device_capability.major == 9` inside a BoolOp: the last one seen wins.
      if (n._type === 'IfExp' && n.test._type === 'BoolOp') {
        for (const val of n.test.values) {
          if (
            val._type === 'Compare' &&
            val.left._type === 'Attribute' &&
            val.left.attr === 'major' &&
            val.comparators.length > 0 &&
            val.comparators[0]._type === 'Constant'
          ) {
            fa3ComputeCap = { kind: 'majors', majors: [shownScalar(val.comparators[0].value)] };
            fa3.computeCapability = at(val.lineno);
            break;
          }
        }
      }

      // `if device_capability.major == 9` -> FA3; `elif device_capability.major >= 10` -> FA4; first one wins.
      if (n._type === 'If') {
        const test = n.test;
        const comparisons =
          test._type === 'BoolOp'
            ? test.values.filter((v) => v._type === 'Compare')
            : test._type === 'Compare'
              ? [test]
              : [];
        for (const comp of comparisons) {
          if (comp._type !== 'Compare') continue;
          if (!(
            comp.left._type === 'Attribute' &&
            comp.left.attr === 'major' &&
            comp.comparators.length > 0 &&
            comp.comparators[0]._type === 'Constant' &&
            isPyInt(comp.comparators[0].value)
          )) {
            continue;
          }
          const op = comp.ops[0];
          const val: PyConstant = comp.comparators[0].value;
          if (op._type === 'Eq' && fa3ComputeCap === null) {
            fa3ComputeCap = { kind: 'majors', majors: [shownScalar(val)] };
            fa3.computeCapability = at(comp.lineno);
          } else if (op._type === 'GtE' && fa4ComputeCap === null) {
            fa4ComputeCap = { kind: 'at-least', min: { major: shownScalar(val), minor: 0 } };
            fa4.computeCapability = at(comp.lineno);
          }
        }
      }
    }
  }

  if (fa4ComputeCap === null) {
    const caps = parseFa4SupportedCaps(context);
    if (caps !== null) {
      fa4ComputeCap = caps.capability;
      fa4.computeCapability = { file: FA_INTERFACE_FILE, line: caps.line };
    }
  }

  return {
    fa2: { computeCapability: null, supportsFp8: false, supportsSink: false, sources: {} },
    fa3: {
      computeCapability: fa3ComputeCap,
      supportsFp8: fa3.supportsFp8 !== undefined,
      supportsSink: fa3.supportsSink !== undefined,
      sources: fa3,
    },
    fa4: { computeCapability: fa4ComputeCap, supportsFp8: false, supportsSink: false, sources: fa4 },
  };
}

/** _parse_fa4_supported_caps: `cc not in [9, 10, 11]` in _is_fa4_supported, read as majors 9 to 11. */
export function parseFa4SupportedCaps(
  context: ExtractContext,
): { readonly capability: ComputeCapability; readonly line: number } | null {
  const tree = loadSectionFile(context, FA_INTERFACE_FILE);
  if (tree === null) return null;
  for (const node of tree.functionsNamed('_is_fa4_supported')) {
    for (const n of walk(node)) {
      if (!(
        n._type === 'Compare' &&
        n.ops.length === 1 &&
        n.ops[0]._type === 'NotIn' &&
        n.comparators[0]._type === 'List'
      )) {
        continue;
      }
      const caps: PyConstant[] = [];
      for (const e of n.comparators[0].elts) {
        if (e._type === 'Constant' && isPyInt(e.value)) caps.push(e.value);
      }
      if (caps.length > 0) {
        const sorted = pySorted(caps);
        const lowest = shownScalar(sorted[0]);
        const highest = shownScalar(sorted[sorted.length - 1]);
        return { capability: { kind: 'major-range', lowest, highest }, line: n.lineno };
      }
    }
  }
  return null;
}
