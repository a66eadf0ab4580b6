// analyze_backend and the per-column parsers it calls (dtypes, KV-cache
// dtypes, block sizes, head sizes, attention types, MLA, sink, sparse,
// MM prefix, DCP). Compute capability lives in capability.ts.

import type { ClassDef } from '../python/ast.js';
import { pyRsplitOnce, pyStrip } from '../python/str-methods.js';
import { walk } from '../python/walk.js';
import { fail, failOnPythonException, warning } from '../diagnostics.js';
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
import { SECTION_FRAMES } from './reference-stack.js';
import { resolveExisting, type ExtractContext } from './context.js';
import { parseImplBoolAttr } from './inheritance.js';
import { describeModuleFailure, moduleFailureLine } from './module-failure.js';
import type { ModuleIndex } from './module-index.js';
import type { RegistryEntry } from './registry.js';

/** One registered backend's features, as the reference's info dict holds them (display strings). */
export interface BackendFeatures {
  readonly name: string;
  readonly classPath: string;
  /** Tree path of the file that defines the backend class. */
  readonly file: TreePath;
  readonly className: string;
  readonly dtypes: string;
  readonly kvCacheDtypes: string;
  readonly blockSizes: string;
  readonly headSizes: string;
  readonly attnTypes: string;
  readonly computeCapability: string;
  readonly isMla: boolean;
  readonly supportsSink: boolean;
  readonly isSparse: boolean;
  readonly supportsMmPrefix: boolean;
  readonly supportsDcp: boolean;
}

const MLA_PARENTS = new Set(['MLACommonBackend', 'FlashMLABackend', 'FlashMLASparseBackend']);

/** BACKEND_KV_DTYPE_EXCLUDES: fp8 is an alias for fp8_ds_mla for FlashMLA Sparse. */
const KV_DTYPE_EXCLUDES: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['FLASHMLA_SPARSE', new Set(['fp8'])],
]);

const DTYPE_NAMES: ReadonlyMap<string, string> = new Map([
  ['float16', 'fp16'],
  ['bfloat16', 'bf16'],
  ['float32', 'fp32'],
]);

const ATTENTION_TYPE_NAMES: ReadonlyMap<string, string> = new Map([
  ['DECODER', 'Decoder'],
  ['ENCODER', 'Encoder'],
  ['ENCODER_ONLY', 'Encoder Only'],
  ['ENCODER_DECODER', 'Enc-Dec'],
]);

/** parse_supported_dtypes */
export function parseSupportedDtypes(node: ClassDef): string {
  const dtypes = parseListClassVar(node, 'supported_dtypes');
  if (dtypes === null) return 'fp16, bf16';
  return dtypes.map((d) => DTYPE_NAMES.get(d) ?? d).join(', ');
}

/** parse_kv_cache_dtypes: the class variable, else `kv_cache_dtype in [...]`, else "auto". */
export function parseKvCacheDtypes(node: ClassDef): string {
  const listed = parseListClassVar(node, 'supported_kv_cache_dtypes');
  if (listed !== null && listed.length > 0) return listed.join(', ');

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
        if (dtypes.length > 0) return dtypes.join(', ');
      }
    }
  }
  return 'auto';
}

/** parse_block_sizes */
export function parseBlockSizes(node: ClassDef): string {
  const sizes = parseReturnList(findMethod(node, 'get_supported_kernel_block_sizes'), { multipleOf: true });
  return sizes.length > 0 ? sizes.join(', ') : 'Any';
}

/** parse_head_sizes */
export function parseHeadSizes(node: ClassDef): string {
  const sizes = parseReturnList(findMethod(node, 'get_supported_head_sizes'), { multipleOf: false });
  return sizes.length > 0 ? sizes.join(', ') : 'Any';
}

/** parse_attention_types: `attn_type in (AttentionType.X, ...)` (tuple or set). */
export function parseAttentionTypes(node: ClassDef): string {
  const method = findMethod(node, 'supports_attn_type');
  if (method === null) return 'Decoder';
  const types = new Set<string>();
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
      if (elt._type === 'Attribute') {
        const name = ATTENTION_TYPE_NAMES.get(elt.attr);
        if (name !== undefined) types.add(name);
      }
    }
  }
  if (types.size === 0) return 'Decoder';
  if (types.size === ATTENTION_TYPE_NAMES.size) return 'All';
  return [...types].sort().join(', ');
}

/** kv dtypes minus BACKEND_KV_DTYPE_EXCLUDES, re-joined the reference's way. */
function applyKvExcludes(backendName: string, kvCacheDtypes: string): string {
  const excluded = KV_DTYPE_EXCLUDES.get(backendName);
  if (excluded === undefined) return kvCacheDtypes;
  return kvCacheDtypes
    .split(',')
    .map(pyStrip)
    .filter((d) => !excluded.has(d))
    .join(', ');
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
  const { name: backendName, value: classPath } = entry;
  // get_file_from_class_path
  if (!classPath) return null;
  if (typeof classPath !== 'string') {
    fail(
      'class-path-not-string',
      { backend: backendName, valueType: pyTypeName(classPath) },
      entry.file,
      entry.line,
    );
  }
  const [modulePart] = pyRsplitOnce(classPath, '.');
  const file = resolveExisting(context, '', `${modulePart.replaceAll('.', '/')}.py`, {
    whenExistsRaises: 'fail',
    referrer: entry.file,
    line: entry.line,
  });
  if (file === null) return null;

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

  const split = pyRsplitOnce(classPath, '.');
  if (split.length === 1) {
    fail('class-path-without-class', { backend: backendName, classPath }, entry.file, entry.line);
  }
  const className = split[1];
  const classNode = findClassInAst(tree, className);
  if (classNode === null) return null;

  const parent = getParentClassName(classNode);
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
  const isNonCuda = backendName.startsWith('CPU_') || backendName.startsWith('ROCM_');
  const computeCapability = isNonCuda ? 'N/A' : parseComputeCapability(classNode);

  const impl = implClassName(classNode);
  const supportsDcp =
    impl !== null &&
    parseImplBoolAttr(
      context,
      { tree, className: impl, sourceFile: file },
      'can_return_lse_for_decode',
      false,
    );

  return {
    name: backendName,
    classPath,
    file,
    className,
    dtypes: parseSupportedDtypes(classNode),
    kvCacheDtypes: applyKvExcludes(backendName, parseKvCacheDtypes(classNode)),
    blockSizes: parseBlockSizes(classNode),
    headSizes: parseHeadSizes(classNode),
    attnTypes: parseAttentionTypes(classNode),
    computeCapability,
    isMla: isMlaByShape || checkMethodOverrides(classNode, 'is_mla'),
    supportsSink: checkMethodOverrides(classNode, 'supports_sink'),
    isSparse: checkMethodOverrides(classNode, 'is_sparse'),
    supportsMmPrefix: checkMethodOverrides(classNode, 'supports_mm_prefix'),
    supportsDcp,
  };
}

function pyTypeName(value: unknown): string {
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'float';
  if (typeof value === 'boolean') return 'bool';
  if (value !== null && typeof value === 'object' && 'pyType' in value) return String(value.pyType);
  return typeof value;
}
