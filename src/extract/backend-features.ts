// analyze_backend and the per-column parsers it calls (dtypes, KV-cache
// dtypes, block sizes, head sizes, attention types, MLA, sink, sparse,
// MM prefix, DCP). Compute capability lives in capability.ts.

import {
  commaPieces,
  isAttentionTypeName,
  type AttentionTypeName,
  type ComputeCapability,
  type SizeSet,
  type SourceRef,
} from '../facts.js';
import type { ClassDef } from '../python/ast.js';
import { walk } from '../python/walk.js';
import { failOnPythonException, warning } from '../diagnostics.js';
import type { TreePath } from '../tree/tree.js';
import {
  checkMethodOverrides,
  findClassInAst,
  findMethod,
  getParentClassName,
  parseListClassVar,
  parseReturnList,
} from './ast-queries.js';
import { parseComputeCapability } from './capability.js';
import { classNameOfClassPath, fileOfClassPath } from './class-path.js';
import type { ExtractContext } from './context.js';
import { SECTION_FRAMES } from './reference-stack.js';
import { parseImplBoolAttr } from './inheritance.js';
import { describeModuleFailure, moduleFailureLine } from './module-failure.js';
import type { ModuleIndex } from './module-index.js';
import type { RegistryEntry } from './registry.js';
import type { RuleName } from '../versions/versions.js';

/** The facts of a backend, in the order the document's columns show them. */
/** The facts found for a backend, in the document's column order; isMla (which table) last. */
export const BACKEND_FACT_NAMES = [
  'dtypes',
  'kvCacheDtypes',
  'blockSizes',
  'headSizes',
  'supportsSink',
  'supportsNonCausal',
  'isSparse',
  'supportsMmPrefix',
  'supportsDcp',
  'attentionTypes',
  'computeCapability',
  'isMla',
] as const;

export type BackendFactName = (typeof BACKEND_FACT_NAMES)[number];

/** One registered backend's features, as found in its class (values, not cell text). */
export interface BackendFeatures {
  readonly name: string;
  readonly classPath: string;
  /** Tree path of the file that defines the backend class. */
  readonly file: TreePath;
  readonly className: string;
  /** Line of the class statement. */
  readonly line: number;
  /** torch dtype names (`float16`), or a constant's str(), as listed; default float16, bfloat16. */
  readonly dtypes: readonly string[];
  /** As listed (a constant's str()); default `auto`. */
  readonly kvCacheDtypes: readonly string[];
  readonly blockSizes: SizeSet;
  readonly headSizes: SizeSet;
  /** The AttentionType members found, in the order first seen; default DECODER. */
  readonly attentionTypes: readonly AttentionTypeName[];
  readonly computeCapability: ComputeCapability;
  readonly isMla: boolean;
  readonly supportsSink: boolean;
  readonly isSparse: boolean;
  readonly supportsMmPrefix: boolean;
  /** null before version 2, which did not read it. */
  readonly supportsDcp: boolean | null;
  /** null before version 13, which did not read it. */
  readonly supportsNonCausal: boolean | null;
  /** Where each fact that is not a default was found. */
  readonly sources: Readonly<Partial<Record<BackendFactName, SourceRef>>>;
}

const MLA_PARENTS = new Set(['MLACommonBackend', 'FlashMLABackend', 'FlashMLASparseBackend']);

/** BACKEND_KV_DTYPE_EXCLUDES: fp8 is an alias for fp8_ds_mla for FlashMLA Sparse. */
const KV_DTYPE_EXCLUDES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['FLASHMLA_SPARSE', new Set(['fp8'])],
]);

const DEFAULT_DTYPES: readonly string[] = ['float16', 'bfloat16'];
const DEFAULT_KV_CACHE_DTYPES: readonly string[] = ['auto'];
const DEFAULT_ATTENTION_TYPES: readonly AttentionTypeName[] = ['DECODER'];
const ANY_SIZE: SizeSet = { kind: 'any' };

/** A fact and the line it was found on (null for a default). */
interface Found<T> {
  readonly value: T;
  readonly line: number | null;
}

/** parse_supported_dtypes */
export function parseSupportedDtypes(node: ClassDef): Found<readonly string[]> {
  const listed = parseListClassVar(node, 'supported_dtypes');
  if (listed === null) return { value: DEFAULT_DTYPES, line: null };
  return { value: listed.items, line: listed.line };
}

/** parse_kv_cache_dtypes: the class variable, else `kv_cache_dtype in [...]`, else "auto". */
export function parseKvCacheDtypes(node: ClassDef): Found<readonly string[]> {
  const listed = parseListClassVar(node, 'supported_kv_cache_dtypes');
  if (listed !== null && listed.items.length > 0) return { value: listed.items, line: listed.line };

  const method = findMethod(node, 'supports_kv_cache_dtype');
  if (method !== null) {
    for (const n of walk(method)) {
      if (
        n._type === 'Compare' &&
        n.ops.length === 1 &&
        n.ops[0]._type === 'In' &&
        n.comparators.length === 1 &&
        n.comparators[0]._type === 'List'
      ) {
        const dtypes: string[] = [];
        for (const e of n.comparators[0].elts) {
          if (e._type === 'Constant' && typeof e.value === 'string') dtypes.push(e.value);
        }
        if (dtypes.length > 0) return { value: dtypes, line: n.lineno };
      }
    }
  }
  return { value: DEFAULT_KV_CACHE_DTYPES, line: null };
}

/** parse_block_sizes */
export function parseBlockSizes(node: ClassDef): Found<SizeSet> {
  const listed = parseReturnList(findMethod(node, 'get_supported_kernel_block_sizes'), { multipleOf: true });
  return listed === null
    ? { value: ANY_SIZE, line: null }
    : { value: { kind: 'listed', entries: listed.entries }, line: listed.line };
}

/** parse_head_sizes */
export function parseHeadSizes(node: ClassDef): Found<SizeSet> {
  const listed = parseReturnList(findMethod(node, 'get_supported_head_sizes'), { multipleOf: false });
  return listed === null
    ? { value: ANY_SIZE, line: null }
    : { value: { kind: 'listed', entries: listed.entries }, line: listed.line };
}

/** parse_attention_types: `attn_type in (AttentionType.X, ...)` (tuple or set). */
export function parseAttentionTypes(node: ClassDef): Found<readonly AttentionTypeName[]> {
  const method = findMethod(node, 'supports_attn_type');
  if (method === null) return { value: DEFAULT_ATTENTION_TYPES, line: null };
  const types = new Set<AttentionTypeName>();
  for (const n of walk(method)) {
    if (!(
      n._type === 'Compare' &&
      n.ops.length === 1 &&
      n.ops[0]._type === 'In' &&
      n.comparators.length === 1 &&
      (n.comparators[0]._type === 'Tuple' || n.comparators[0]._type === 'Set')
    )) {
      continue;
    }
    for (const elt of n.comparators[0].elts) {
      if (elt._type === 'Attribute' && isAttentionTypeName(elt.attr)) types.add(elt.attr);
    }
  }
  if (types.size === 0) return { value: DEFAULT_ATTENTION_TYPES, line: null };
  return { value: [...types], line: method.lineno };
}

/**
 * kv dtypes minus BACKEND_KV_DTYPE_EXCLUDES. The reference filters its cell
 * text split at commas, so the remaining items are those pieces, stripped.
 */
function applyKvExcludes(
  backendName: string,
  kvCacheDtypes: readonly string[],
  rules: ReadonlySet<RuleName>,
): readonly string[] {
  const excluded = rules.has('kv-dtype-excludes') ? KV_DTYPE_EXCLUDES.get(backendName) : undefined;
  if (excluded === undefined) return kvCacheDtypes;
  return commaPieces(kvCacheDtypes).filter((d) => !excluded.has(d));
}

/** The impl class named by the first `return Name` in walk order of get_impl_cls. */
function implClassName(classNode: ClassDef): string | null {
  const method = findMethod(classNode, 'get_impl_cls');
  if (method === null) return null;
  for (const stmt of walk(method)) {
    if (stmt._type === 'Return' && stmt.value !== null && stmt.value._type === 'Name') return stmt.value.id;
  }
  return null;
}

/**
 * Python's `s.lower()` for the substring tests. They look for ASCII only, and
 * no character lowers to ASCII '.', '_', 'm', 'l' or 'a' differently in
 * Python and JavaScript, so toLowerCase answers the same.
 */
function lowerForAsciiSearch(s: string): string {
  return s.toLowerCase();
}

/**
 * analyze_backend. Returns null where the reference skips the backend
 * (file or class not found, file unparsable: the last with a warning), and
 * throws AnalysisError where the reference crashes.
 */
export function analyzeBackend(context: ExtractContext, entry: RegistryEntry): BackendFeatures | null {
  const backendName = entry.name;
  const file = fileOfClassPath(context, entry);
  if (file === null) return null;
  const classPath = entry.value as string;

  const loaded = context.modules.load(file, SECTION_FRAMES);
  if (!loaded.ok) {
    context.warnings.push(
      warning(
        'backend-file-unparsable',
        { backend: backendName, reason: describeModuleFailure(loaded.failure) },
        file,
        moduleFailureLine(loaded.failure),
      ),
    );
    return null;
  }
  const tree: ModuleIndex = loaded.module;

  const className = classNameOfClassPath({ ...entry, value: classPath });
  const classNode = findClassInAst(tree, className);
  if (classNode === null) return null;

  const parent = getParentClassName(classNode, context.rules);
  const isMlaByShape =
    (parent !== null && MLA_PARENTS.has(parent)) ||
    lowerForAsciiSearch(classPath).includes('.mla.') ||
    lowerForAsciiSearch(backendName).includes('_mla');

  return failOnPythonException(
    () => describeBackend(context, { entry, file, tree, className, classNode, isMlaByShape }),
    {
      file,
      line: classNode.lineno,
      backend: backendName,
    },
  );
}

/** The features of a found backend class; may raise Python exceptions, as the reference's parsers do. */
function describeBackend(
  context: ExtractContext,
  found: {
    entry: RegistryEntry;
    file: TreePath;
    tree: ModuleIndex;
    className: string;
    classNode: ClassDef;
    isMlaByShape: boolean;
  },
): BackendFeatures {
  const { entry, file, tree, className, classNode, isMlaByShape } = found;
  const backendName = entry.name;
  const classPath = entry.value as string;
  const sources: Partial<Record<BackendFactName, SourceRef>> = {};
  const at = <T>(fact: BackendFactName, found: Found<T>): T => {
    if (found.line !== null) sources[fact] = { file, line: found.line };
    return found.value;
  };
  const isNonCuda = backendName.startsWith('CPU_') || backendName.startsWith('ROCM_');
  const computeCapability: ComputeCapability = isNonCuda
    ? { kind: 'not-applicable' }
    : at('computeCapability', toFound(parseComputeCapability(classNode)));

  const readsDcp = context.rules.has('dcp-column');
  const impl = readsDcp ? implClassName(classNode) : null;
  const dcp =
    impl === null
      ? null
      : parseImplBoolAttr(context, { tree, className: impl, sourceFile: file }, 'can_return_lse_for_decode');
  if (dcp !== null) sources.supportsDcp = { file: dcp.file, line: dcp.line };
  // A flag is true when the method has a `return True`; that return is where it was found.
  const flag = (fact: BackendFactName, method: string): boolean => {
    const line = checkMethodOverrides(classNode, method);
    if (line === null) return false;
    sources[fact] = { file, line };
    return true;
  };

  const dtypes = at('dtypes', parseSupportedDtypes(classNode));
  const kvCacheDtypes = applyKvExcludes(
    backendName,
    at('kvCacheDtypes', parseKvCacheDtypes(classNode)),
    context.rules,
  );
  const blockSizes = at('blockSizes', parseBlockSizes(classNode));
  const headSizes = at('headSizes', parseHeadSizes(classNode));
  const attentionTypes = at('attentionTypes', parseAttentionTypes(classNode));
  const isMlaMethod = flag('isMla', 'is_mla');
  return {
    name: backendName,
    classPath,
    file,
    className,
    line: classNode.lineno,
    dtypes,
    kvCacheDtypes,
    blockSizes,
    headSizes,
    attentionTypes,
    computeCapability,
    isMla: isMlaByShape || isMlaMethod,
    supportsSink: flag('supportsSink', 'supports_sink'),
    supportsNonCausal: context.rules.has('non-causal-column')
      ? flag('supportsNonCausal', 'supports_non_causal')
      : null,
    isSparse: flag('isSparse', 'is_sparse'),
    supportsMmPrefix: flag('supportsMmPrefix', 'supports_mm_prefix'),
    supportsDcp: readsDcp ? (dcp?.value ?? false) : null,
    sources,
  };
}

function toFound(parsed: {
  readonly capability: ComputeCapability;
  readonly line: number | null;
}): Found<ComputeCapability> {
  return { value: parsed.capability, line: parsed.line };
}
