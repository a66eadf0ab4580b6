// parse_flash_attn_features and _parse_fa4_supported_caps: how FA2, FA3 and
// FA4 differ, read from fa_utils.py (and flash_attn_interface.py for FA4).

import type { ExprNode, Node } from '../python/ast.js';
import type { ComputeCapability, SourceRef } from '../facts.js';
import { pyEquals, pySorted, type PyConstant } from '../python/values.js';
import { walk } from '../python/walk.js';
import type { TreePath } from '../tree/tree.js';
import { isPyInt } from './ast-queries.js';
import type { ExtractContext } from './context.js';
import { shownScalar } from './scalars.js';
import { FA_INTERFACE_FRAMES } from './reference-stack.js';
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
  /** null before version 4, which knew no FA4. */
  readonly fa4: FlashAttnVersionFeatures | null;
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

/** The callee or variable compared for the FA version in flash_attn_supports_sinks (version 10). */
function isVersionOperand(node: ExprNode): boolean {
  return (
    (node._type === 'Name' && node.id === 'fa_version') ||
    (node._type === 'Call' && node.func._type === 'Name' && node.func.id === 'get_flash_attn_version')
  );
}

/**
 * Version 10's sink check: `fa_version == 3` / `get_flash_attn_version() == 4`,
 * or `... in (3, 4)` (tuple, list or set): the versions named, in walk order.
 */
function sinkVersions(fn: Node): { version: 3 | 4; line: number }[] {
  const found: { version: 3 | 4; line: number }[] = [];
  const note = (value: PyConstant, line: number): void => {
    if (pyEquals(value, 3n)) found.push({ version: 3, line });
    else if (pyEquals(value, 4n)) found.push({ version: 4, line });
  };
  for (const n of walk(fn)) {
    if (n._type !== 'Compare' || n.ops.length !== 1 || !isVersionOperand(n.left)) continue;
    const comparator = n.comparators[0];
    if (n.ops[0]._type === 'Eq' && comparator._type === 'Constant') {
      note(comparator.value, n.lineno);
    } else if (
      n.ops[0]._type === 'In' &&
      (comparator._type === 'Tuple' || comparator._type === 'List' || comparator._type === 'Set')
    ) {
      for (const elt of comparator.elts) if (elt._type === 'Constant') note(elt.value, n.lineno);
    }
  }
  return found;
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

  const rules = context.rules;
  const fa4Sink: { source?: SourceRef } = {};
  for (const node of tree.allFunctions()) {
    // From version 14 FA3's fp8 support is taken as given, not parsed.
    if (
      node.name === 'flash_attn_supports_fp8' &&
      fa3.supportsFp8 === undefined &&
      !rules.has('fa3-fp8-always')
    ) {
      const line = comparesFlashAttnVersion(node);
      if (line !== null) fa3.supportsFp8 = at(line);
    }
    if (node.name === 'flash_attn_supports_sinks') {
      if (rules.has('fa4-sink')) {
        for (const found of sinkVersions(node)) {
          if (found.version === 3) fa3.supportsSink ??= at(found.line);
          else fa4Sink.source ??= at(found.line);
        }
      } else if (fa3.supportsSink === undefined) {
        const line = comparesFlashAttnVersion(node);
        if (line !== null) fa3.supportsSink = at(line);
      }
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
      if (n._type === 'If' && rules.has('fa4-row')) {
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

  if (fa4ComputeCap === null && rules.has('fa4-row')) {
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
      supportsFp8: fa3.supportsFp8 !== undefined || rules.has('fa3-fp8-always'),
      supportsSink: fa3.supportsSink !== undefined,
      sources: fa3,
    },
    fa4: rules.has('fa4-row')
      ? {
          computeCapability: fa4ComputeCap,
          supportsFp8: false,
          supportsSink: fa4Sink.source !== undefined,
          sources: fa4Sink.source === undefined ? fa4 : { ...fa4, supportsSink: fa4Sink.source },
        }
      : null,
  };
}

/** _parse_fa4_supported_caps: `cc not in [9, 10, 11]` in _is_fa4_supported, read as majors 9 to 11. */
export function parseFa4SupportedCaps(
  context: ExtractContext,
): { readonly capability: ComputeCapability; readonly line: number } | null {
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
        const lowest = shownScalar(sorted[0]);
        const highest = shownScalar(sorted[sorted.length - 1]);
        return { capability: { kind: 'major-range', lowest, highest }, line: n.lineno };
      }
    }
  }
  return null;
}
