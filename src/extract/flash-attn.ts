// parse_flash_attn_features and _parse_fa4_supported_caps: how FA2, FA3 and
// FA4 differ, read from fa_utils.py (and flash_attn_interface.py for FA4).

import type { Node } from '../python/ast.js';
import { pySorted, pyStr, type PyConstant } from '../python/values.js';
import { walk } from '../python/walk.js';
import type { TreePath } from '../tree/tree.js';
import { isPyInt } from './ast-queries.js';
import type { ExtractContext } from './context.js';
import { FA_INTERFACE_FRAMES } from './reference-stack.js';
import { loadSectionFile } from './section-file.js';

export const FA_UTILS_FILE: TreePath = 'vllm/v1/attention/backends/fa_utils.py';
export const FA_INTERFACE_FILE: TreePath = 'vllm/vllm_flash_attn/flash_attn_interface.py';

export interface FlashAttnFeatures {
  readonly fa2: { readonly supportsFp8: false; readonly supportsSink: false };
  readonly fa3: {
    readonly computeCapability: string | null;
    readonly supportsFp8: boolean;
    readonly supportsSink: boolean;
  };
  readonly fa4: {
    readonly computeCapability: string | null;
    readonly supportsFp8: false;
    readonly supportsSink: false;
  };
}

/** True when the function compares a `get_flash_attn_version()` call with something. */
function comparesFlashAttnVersion(fn: Node): boolean {
  for (const n of walk(fn)) {
    if (
      n._type === 'Compare' &&
      n.left._type === 'Call' &&
      n.left.func._type === 'Name' &&
      n.left.func.id === 'get_flash_attn_version'
    ) {
      return true;
    }
  }
  return false;
}

/** null when fa_utils.py is missing or unparsable: then FLASH_ATTN is not split into versions. */
export function parseFlashAttnFeatures(context: ExtractContext): FlashAttnFeatures | null {
  const tree = loadSectionFile(context, FA_UTILS_FILE);
  if (tree === null) return null;

  let fa3SupportsFp8 = false;
  let fa3SupportsSinks = false;
  let fa3ComputeCap: string | null = null;
  let fa4ComputeCap: string | null = null;

  for (const node of tree.allFunctions()) {
    if (node.name === 'flash_attn_supports_fp8' && comparesFlashAttnVersion(node)) fa3SupportsFp8 = true;
    if (node.name === 'flash_attn_supports_sinks' && comparesFlashAttnVersion(node)) fa3SupportsSinks = true;

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
            fa3ComputeCap = `${pyStr(val.comparators[0].value)}.x`;
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
          if (op._type === 'Eq' && fa3ComputeCap === null) fa3ComputeCap = `${pyStr(val)}.x`;
          else if (op._type === 'GtE' && fa4ComputeCap === null) fa4ComputeCap = `≥${pyStr(val)}.0`;
        }
      }
    }
  }

  if (fa4ComputeCap === null) fa4ComputeCap = parseFa4SupportedCaps(context);

  return {
    fa2: { supportsFp8: false, supportsSink: false },
    fa3: { computeCapability: fa3ComputeCap, supportsFp8: fa3SupportsFp8, supportsSink: fa3SupportsSinks },
    fa4: { computeCapability: fa4ComputeCap, supportsFp8: false, supportsSink: false },
  };
}

/** _parse_fa4_supported_caps: `cc not in [9, 10, 11]` in _is_fa4_supported -> "9.x-11.x". */
export function parseFa4SupportedCaps(context: ExtractContext): string | null {
  const tree = loadSectionFile(context, FA_INTERFACE_FILE, FA_INTERFACE_FRAMES);
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
        return `${pyStr(sorted[0])}.x-${pyStr(sorted[sorted.length - 1])}.x`;
      }
    }
  }
  return null;
}
