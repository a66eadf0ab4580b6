// generate_docs' data half: read the tree, extract every fact family, expand
// variants. Pure apart from the injected SourceTree.

import {
  BACKEND_FEATURES,
  FLASH_ATTN_FEATURES,
  FLASHINFER_FEATURES,
  MLA_PREFILL_BACKENDS,
  PRIORITY_LISTS,
  REGISTRY_ENTRIES,
} from './analysis-shapes.js';
import { fail, failOnPythonException, type WarningDiagnostic } from './diagnostics.js';
import { analyzeBackend, type BackendFeatures } from './extract/backend-features.js';
import type { ExtractContext } from './extract/context.js';
import { FA_UTILS_FILE, parseFlashAttnFeatures } from './extract/flash-attn.js';
import { FLASHINFER_UTILS_FILE, parseFlashInferFeatures } from './extract/flashinfer.js';
import { MLA_ATTENTION_FILE, parseMlaPrefillBackends } from './extract/mla-prefill.js';
import { describeModuleFailure, moduleFailureArgs } from './extract/module-failure.js';
import {
  fullParseIndexer,
  ModuleCache,
  type ModuleIndexer,
  type ModuleLoadObserver,
  type ModuleParser,
} from './extract/modules.js';
import { parseCudaPriorityLists } from './extract/priorities.js';
import { SECTION_FRAMES } from './extract/reference-stack.js';
import { parseRegistry, REGISTRY_FILE, SKIPPED_BACKENDS, type RegistryEntry } from './extract/registry.js';
import { buildRows, type FeatureMatrix } from './matrix.js';
import { DiskTree } from './tree/disk-tree.js';
import type { PyConstant } from './python/values.js';
import { COLD_AST_PARSE_CALLS } from './python/parse.js';
import { nullable, number, object, type Shape } from './shape.js';
import type { SourceTree } from './tree/tree.js';
import { identifyVersion, type ChosenVersion } from './versions/identify.js';
import type { GeneratorVersion } from './versions/versions.js';

/**
 * Analyse a vLLM tree: a directory path or any SourceTree. Follows the
 * generator version the tree's own script is (the newest when it has none or
 * one we do not know), unless `generatorVersion` names one. Throws
 * AnalysisError (with a typed diagnostic) exactly where that version of the
 * reference script would crash; everything else comes back in the matrix,
 * warnings included.
 */
export function analyze(
  root: string | SourceTree,
  options: { readonly generatorVersion?: GeneratorVersion } = {},
): FeatureMatrix {
  return analyzeWith(typeof root === 'string' ? new DiskTree(root) : root, options);
}

/**
 * One stage of the analysis (a document section, or one backend): a pure
 * function of the files it reads through the tree. The CLI's runner answers
 * a stage from an earlier run when those files are unchanged.
 */
export interface StageRunner {
  /** `shape` checks a value the runner did not compute now (one read back from a cache). */
  run<T>(key: string, warnings: WarningDiagnostic[], compute: () => T, shape: Shape<T>): T;
}

const RUN_EVERY_STAGE: StageRunner = { run: (_key, _warnings, compute) => compute() };

/** What analyzeWith may be given instead of the defaults. */
export interface AnalysisOptions {
  /** The parser (tests compare against CPython's own through a bridge). */
  readonly parse?: ModuleParser;
  /** How modules are indexed (the CLI's parses only what it needs of files an earlier run proved valid). */
  readonly indexer?: ModuleIndexer;
  /** How stages run (the CLI's replays unchanged ones). */
  readonly stages?: StageRunner;
  /** Told of every module loaded and what is asked of it (the CLI's stage cache records it). */
  readonly observeModules?: ModuleLoadObserver;
  /** The generator version to follow; by default the one the tree's script is. */
  readonly generatorVersion?: GeneratorVersion;
}

/** analyze, with chosen parts. */
export function analyzeWith(tree: SourceTree, options: AnalysisOptions): FeatureMatrix {
  const stages = options.stages ?? RUN_EVERY_STAGE;
  const warnings: WarningDiagnostic[] = [];
  const indexer = options.indexer ?? fullParseIndexer(options.parse);
  const chosen: ChosenVersion =
    options.generatorVersion === undefined
      ? identifyVersion(tree)
      : { version: options.generatorVersion, source: { kind: 'requested' } };
  const version = chosen.version;
  const context: ExtractContext = {
    modules: new ModuleCache(tree, indexer, warnings, options.observeModules ?? null),
    warnings,
    rules: version.rules,
  };

  /**
   * A stage, run or replayed. Its result depends on the rules it followed and on whether the
   * reference's ast.parse is still cold when it starts (astDepthLimit), as well as on what it
   * read, so both are part of its key; a replayed stage counts the calls it made.
   */
  const stage = <T>(name: string, compute: () => T, shape: Shape<T>): T => {
    const before = context.modules.astParseCalls;
    const warmth = before >= COLD_AST_PARSE_CALLS ? 'warm' : before;
    const run = stages.run(
      JSON.stringify([version.number, name, warmth]),
      warnings,
      () => ({ value: compute(), astParseCalls: context.modules.astParseCalls - before }),
      object({ value: shape, astParseCalls: number }),
    );
    context.modules.astParseCalls = before + run.astParseCalls;
    return run.value;
  };

  // parse_registry: unlike the other files, failures here are not caught by the reference.
  const entries = stage('registry', () => registryEntries(tree, context), REGISTRY_ENTRIES);

  const priorities = stage('priorities', () => parseCudaPriorityLists(context), PRIORITY_LISTS);
  const flashAttn = stage(
    'flash-attn',
    () => failOnPythonException(() => parseFlashAttnFeatures(context), { file: FA_UTILS_FILE }),
    nullable(FLASH_ATTN_FEATURES),
  );
  const flashInfer = stage(
    'flashinfer',
    () => failOnPythonException(() => parseFlashInferFeatures(context), { file: FLASHINFER_UTILS_FILE }),
    nullable(FLASHINFER_FEATURES),
  );
  const mlaPrefillBackends = stage(
    'mla-prefill',
    () => failOnPythonException(() => parseMlaPrefillBackends(context), { file: MLA_ATTENTION_FILE }),
    MLA_PREFILL_BACKENDS,
  );

  const backends: BackendFeatures[] = [];
  for (const entry of entries) {
    if (SKIPPED_BACKENDS.has(entry.name)) continue;
    // The entry is part of the key: its name, class path and place are inputs too.
    const name = JSON.stringify(['backend', entry.name, pyStrOrNull(entry.value), entry.file, entry.line]);
    const features = stage(name, () => analyzeBackend(context, entry), nullable(BACKEND_FEATURES));
    if (features !== null) backends.push(features);
  }

  return {
    generator: { version: version.number, source: chosen.source },
    backends: buildRows(backends, flashAttn, flashInfer, version.rules),
    priorities,
    mlaPrefillBackends,
    flashAttention: flashAttn,
    flashInfer,
    warnings,
  };
}

/** A registry value as part of a stage key: only str values lead anywhere (others crash the stage). */
function pyStrOrNull(value: PyConstant): string | null {
  return typeof value === 'string' ? value : null;
}

/** parse_registry's entries; failures here stop the analysis (the reference does not catch them). */
function registryEntries(tree: SourceTree, context: ExtractContext): RegistryEntry[] {
  const registryKind = tree.stat(REGISTRY_FILE);
  if (registryKind === 'outside')
    fail('registry-unreadable', { reason: 'leads outside the tree', readFailure: 'outside' }, REGISTRY_FILE);
  const registry = context.modules.load(REGISTRY_FILE, SECTION_FRAMES);
  if (!registry.ok) {
    const failure = registry.failure;
    if (failure.kind === 'parse' && failure.error.kind !== 'UnicodeDecodeError') {
      fail(
        'registry-unparsable',
        { reason: describeModuleFailure(failure) },
        REGISTRY_FILE,
        failure.error.lineno,
      );
    }
    fail('registry-unreadable', moduleFailureArgs(failure), REGISTRY_FILE);
  }
  return parseRegistry(registry.module);
}
