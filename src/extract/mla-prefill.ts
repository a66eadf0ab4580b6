// parse_mla_prefill_backends: the backends MLA uses for prefill. Up to
// version 11 the reference reads the `use_*_prefill` functions of
// mla_attention.py and knows four backends by heart; from version 12 it reads
// the prefill registry (MLAPrefillBackendEnum), each backend's class, and the
// Blackwell order of `_get_mla_prefill_backend_priorities` in selector.py.

import type { ComputeCapability, Scalar, SourceRef } from '../facts.js';
import type { ExprNode } from '../python/ast.js';
import { pyEquals, pyTruthy } from '../python/values.js';
import { walk } from '../python/walk.js';
import type { TreePath } from '../tree/tree.js';
import { findClassInAst, findMethod } from './ast-queries.js';
import { findCapabilityInFunction } from './capability.js';
import { classNameOfClassPath, fileOfClassPath } from './class-path.js';
import type { ExtractContext } from './context.js';
import { parseRegistry, type RegistryEntry } from './registry.js';
import { shownScalar } from './scalars.js';
import { PREFILL_FILE_FRAMES } from './reference-stack.js';
import { loadSectionFile } from './section-file.js';
import { describeModuleFailure, moduleFailureLine } from './module-failure.js';
import { warning } from '../diagnostics.js';

export const MLA_ATTENTION_FILE: TreePath = 'vllm/model_executor/layers/attention/mla_attention.py';
export const MLA_PREFILL_REGISTRY_FILE: TreePath = 'vllm/v1/attention/backends/mla/prefill/registry.py';
export const MLA_PREFILL_SELECTOR_FILE: TreePath = 'vllm/v1/attention/backends/mla/prefill/selector.py';

export interface MlaPrefillBackend {
  /**
   * MLAPrefillBackendEnum's member (version 12 on); before, the names vLLM's
   * code uses for the four backends the reference knew: TRTLLM_RAGGED,
   * FLASHINFER, CUDNN, FLASH_ATTN.
   */
  readonly id: string;
  /** What the class's get_name() returns (version 12 on); null when absent. */
  readonly name: Scalar | null;
  /** First in the Blackwell priority list (version 12 on; the ‡ mark). Before, TRTLLM_RAGGED. */
  readonly blackwellDefault: boolean;
  /** torch dtype names (version 12 on); null before, when the reference did not read them. */
  readonly dtypes: readonly string[] | null;
  readonly computeCapability: ComputeCapability;
  /** `requires_r1_mla_dimensions` (version 12 on); null before. */
  readonly requiresR1Dims: boolean | null;
  /** The class path from the prefill registry (version 12 on); null before. */
  readonly classPath: string | null;
  /** The check the capability came from; null for a default. */
  readonly source: SourceRef | null;
}

export function parseMlaPrefillBackends(context: ExtractContext): MlaPrefillBackend[] {
  return context.rules.has('prefill-registry') ? parseFromRegistry(context) : parseFromUseFunctions(context);
}

/** The use_* function whose capability check makes each prefill backend available (up to version 11). */
const USE_FUNCTIONS: readonly (readonly [string, string])[] = [
  ['TRTLLM_RAGGED', 'use_trtllm_ragged_deepseek_prefill'],
  ['FLASHINFER', 'use_flashinfer_prefill'],
  ['CUDNN', 'use_cudnn_prefill'],
];

/** In priority order, as in MLACommonImpl.__init__; FlashAttention is always the last fallback. */
function parseFromUseFunctions(context: ExtractContext): MlaPrefillBackend[] {
  const tree = loadSectionFile(context, MLA_ATTENTION_FILE);
  if (tree === null) return [];
  const legacy = (
    id: string,
    computeCapability: ComputeCapability,
    source: SourceRef | null,
  ): MlaPrefillBackend => ({
    id,
    name: null,
    blackwellDefault: id === 'TRTLLM_RAGGED',
    dtypes: null,
    computeCapability,
    requiresR1Dims: null,
    classPath: null,
    source,
  });
  const backends: MlaPrefillBackend[] = [];
  for (const [id, functionName] of USE_FUNCTIONS) {
    // Version 1 kept the last match of the last function that had one.
    const found = findCapabilityInFunction(tree, functionName, context.rules, { within: 'last' });
    if (found !== null) {
      backends.push(legacy(id, found.capability, { file: MLA_ATTENTION_FILE, line: found.line }));
    }
  }
  backends.push(legacy('FLASH_ATTN', { kind: 'any' }, null));
  return backends;
}

/** parse_mla_prefill_backends from version 12: the registry, in the Blackwell order. */
function parseFromRegistry(context: ExtractContext): MlaPrefillBackend[] {
  const registryModule = loadSectionFile(context, MLA_PREFILL_REGISTRY_FILE, PREFILL_FILE_FRAMES);
  const registry =
    registryModule === null
      ? []
      : parseRegistry(registryModule, MLA_PREFILL_REGISTRY_FILE, 'MLAPrefillBackendEnum');
  const priorities = parsePrefillPriorities(context);
  if (registry.length === 0) return [];

  const byName = new Map(registry.map((e) => [e.name, e]));
  const blackwell = priorities.blackwell;
  const order = blackwell ?? registry.map((e) => e.name);
  const backends: MlaPrefillBackend[] = [];
  for (const name of order) {
    const entry = byName.get(name);
    if (entry === undefined) continue;
    const parsed = parsePrefillBackendFile(context, entry);
    if (parsed === null) continue;
    backends.push({
      ...parsed,
      blackwellDefault: name === order[0] && blackwell !== null && blackwell.length > 0,
    });
  }
  return backends;
}

/** parse_mla_prefill_priorities: the lists returned under `major == 10` (blackwell) and otherwise (default). */
function parsePrefillPriorities(context: ExtractContext): {
  blackwell: string[] | null;
  fallback: string[] | null;
} {
  const result: { blackwell: string[] | null; fallback: string[] | null } = {
    blackwell: null,
    fallback: null,
  };
  const tree = loadSectionFile(context, MLA_PREFILL_SELECTOR_FILE, PREFILL_FILE_FRAMES);
  if (tree === null) return result;
  const names = (elts: readonly ExprNode[]): string[] =>
    elts.flatMap((e) => (e._type === 'Attribute' ? [e.attr] : []));
  for (const fn of tree.functionsNamed('_get_mla_prefill_backend_priorities')) {
    for (const stmt of walk(fn)) {
      if (stmt._type !== 'If') continue;
      const test = stmt.test;
      const isBlackwell =
        test._type === 'Compare' &&
        test.left._type === 'Attribute' &&
        test.left.attr === 'major' &&
        test.comparators.length > 0 &&
        test.comparators[0]._type === 'Constant' &&
        pyEquals(test.comparators[0].value, 10n);
      for (const bodyStmt of stmt.body) {
        if (bodyStmt._type === 'Return' && bodyStmt.value !== null && bodyStmt.value._type === 'List') {
          if (isBlackwell) result.blackwell = names(bodyStmt.value.elts);
          else result.fallback = names(bodyStmt.value.elts);
        }
      }
      for (const elseStmt of stmt.orelse) {
        if (elseStmt._type === 'Return' && elseStmt.value !== null && elseStmt.value._type === 'List') {
          result.fallback = names(elseStmt.value.elts);
        }
      }
    }
  }
  return result;
}

const DEFAULT_PREFILL_DTYPES: readonly string[] = ['float16', 'bfloat16'];

/** parse_mla_prefill_backend_file: null where the reference skips the backend. */
function parsePrefillBackendFile(
  context: ExtractContext,
  entry: RegistryEntry,
): Omit<MlaPrefillBackend, 'blackwellDefault'> | null {
  const file = fileOfClassPath(context, entry);
  if (file === null) return null;
  const classPath = entry.value as string;
  const loaded = context.modules.load(file, PREFILL_FILE_FRAMES);
  if (!loaded.ok) {
    // The reference skips it silently; our user hears why.
    context.warnings.push(
      warning(
        'section-file-unparsable',
        { reason: describeModuleFailure(loaded.failure) },
        file,
        moduleFailureLine(loaded.failure),
      ),
    );
    return null;
  }
  const classNode = findClassInAst(loaded.module, classNameOfClassPath({ ...entry, value: classPath }));
  if (classNode === null) return null;

  let requiresR1Dims = false;
  let dtypes: readonly string[] = DEFAULT_PREFILL_DTYPES;
  for (const item of classNode.body) {
    if (item._type === 'Assign') {
      for (const target of item.targets) {
        if (
          target._type === 'Name' &&
          target.id === 'requires_r1_mla_dimensions' &&
          item.value._type === 'Constant'
        ) {
          requiresR1Dims = pyTruthy(item.value.value);
        }
      }
    }
    if (
      item._type === 'AnnAssign' &&
      item.target._type === 'Name' &&
      item.target.id === 'supported_dtypes' &&
      item.value !== null &&
      item.value._type === 'List'
    ) {
      const listed = item.value.elts.flatMap((e) => (e._type === 'Attribute' ? [e.attr] : []));
      if (listed.length > 0) dtypes = listed;
    }
  }

  // get_name: the last constant returned, in walk order.
  let name: Scalar | null = null;
  const getName = findMethod(classNode, 'get_name');
  if (getName !== null) {
    for (const n of walk(getName)) {
      if (n._type === 'Return' && n.value !== null && n.value._type === 'Constant')
        name = shownScalar(n.value.value);
    }
  }

  // supports_compute_capability: the last `<x>.major <op> N` compare, read as "N.x".
  let computeCapability: ComputeCapability = { kind: 'any' };
  let source: SourceRef | null = null;
  const ccMethod = findMethod(classNode, 'supports_compute_capability');
  if (ccMethod !== null) {
    for (const n of walk(ccMethod)) {
      if (
        n._type === 'Compare' &&
        n.left._type === 'Attribute' &&
        n.left.attr === 'major' &&
        n.comparators.length > 0 &&
        n.comparators[0]._type === 'Constant'
      ) {
        computeCapability = { kind: 'majors', majors: [shownScalar(n.comparators[0].value)] };
        source = { file, line: n.lineno };
      }
    }
  }
  return { id: entry.name, name, dtypes, computeCapability, requiresR1Dims, classPath, source };
}
