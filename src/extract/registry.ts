// parse_registry and _extract_enum_values: AttentionBackendEnum's members.

import type { ClassDef } from '../python/ast.js';
import type { PyConstant } from '../python/values.js';
import { pyTruthy } from '../python/values.js';
import { findClassInAst } from './ast-queries.js';
import type { ModuleIndex } from './module-index.js';
import type { TreePath } from '../tree/tree.js';

export const REGISTRY_FILE: TreePath = 'vllm/v1/attention/backends/registry.py';

/** SKIP_BACKENDS */
export const SKIPPED_BACKENDS: ReadonlySet<string> = new Set(['CUSTOM', 'TORCH_SDPA']);

export interface RegistryEntry {
  /** The enum class: AttentionBackendEnum, or MLAPrefillBackendEnum (version 12 on). */
  readonly enumName: string;
  readonly name: string;
  /** The member's value: a class path when it is a str (anything truthy is kept, as in the reference). */
  readonly value: PyConstant;
  readonly file: TreePath;
  /** Line of the assignment that set the value last. */
  readonly line: number;
}

/**
 * The first class named AttentionBackendEnum in walk order; its `NAME = <truthy constant>`
 * assignments in body order. A later assignment to the same name replaces the value
 * but keeps the first one's position (Python dict semantics).
 */
export function parseRegistry(
  module: ModuleIndex,
  file: TreePath = REGISTRY_FILE,
  enumName = 'AttentionBackendEnum',
): RegistryEntry[] {
  const node = findClassInAst(module, enumName);
  return node === null ? [] : extractEnumValues(node, file);
}

/** _extract_enum_values */
function extractEnumValues(node: ClassDef, file: TreePath): RegistryEntry[] {
  const result = new Map<string, RegistryEntry>();
  for (const item of node.body) {
    if (item._type !== 'Assign') continue;
    for (const target of item.targets) {
      if (target._type !== 'Name') continue;
      if (item.value._type === 'Constant' && pyTruthy(item.value.value)) {
        result.set(target.id, {
          enumName: node.name,
          name: target.id,
          value: item.value.value,
          file,
          line: item.lineno,
        });
      }
    }
  }
  return [...result.values()];
}
