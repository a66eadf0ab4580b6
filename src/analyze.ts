// generate_docs' data half: read the tree, extract every fact family, expand
// variants. Pure apart from the injected SourceTree.

import { fail, failOnPythonException, type WarningDiagnostic } from './diagnostics.js';
import { analyzeBackend, type BackendFeatures } from './extract/backend-features.js';
import type { ExtractContext } from './extract/context.js';
import { FA_UTILS_FILE, parseFlashAttnFeatures } from './extract/flash-attn.js';
import { FLASHINFER_UTILS_FILE, parseFlashInferFeatures } from './extract/flashinfer.js';
import { MLA_ATTENTION_FILE, parseMlaPrefillBackends } from './extract/mla-prefill.js';
import { describeModuleFailure } from './extract/module-failure.js';
import { fullParseIndexer, ModuleCache, type ModuleIndexer, type ModuleParser } from './extract/modules.js';
import { parseCudaPriorityLists } from './extract/priorities.js';
import { parseRegistry, REGISTRY_FILE, SKIPPED_BACKENDS } from './extract/registry.js';
import { buildRows, type FeatureMatrix } from './matrix.js';
import { DiskTree } from './tree/disk-tree.js';
import type { SourceTree } from './tree/tree.js';

/**
 * Analyse a vLLM tree: a directory path or any SourceTree. Throws
 * AnalysisError (with a typed diagnostic) exactly where the reference script
 * would crash; everything else comes back in the matrix, warnings included.
 */
export function analyze(root: string | SourceTree): FeatureMatrix {
  return analyzeWith(typeof root === 'string' ? new DiskTree(root) : root, {});
}

/**
 * analyze with a chosen parser (tests compare against CPython's own through a
 * bridge) or indexer (the CLI's, which parses only what it needs of files an
 * earlier run proved valid).
 */
export function analyzeWith(
  tree: SourceTree,
  options: { parse?: ModuleParser; indexer?: ModuleIndexer },
): FeatureMatrix {
  const warnings: WarningDiagnostic[] = [];
  const indexer = options.indexer ?? fullParseIndexer(options.parse);
  const context: ExtractContext = { modules: new ModuleCache(tree, indexer), warnings };

  // parse_registry: unlike the other files, failures here are not caught by the reference.
  const registryKind = tree.stat(REGISTRY_FILE);
  if (registryKind === 'outside')
    fail('registry-unreadable', { reason: 'leads outside the tree' }, REGISTRY_FILE);
  const registry = context.modules.load(REGISTRY_FILE);
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
    fail('registry-unreadable', { reason: describeModuleFailure(failure) }, REGISTRY_FILE);
  }
  const entries = parseRegistry(registry.module);

  const priorities = parseCudaPriorityLists(context);
  const flashAttn = failOnPythonException(() => parseFlashAttnFeatures(context), { file: FA_UTILS_FILE });
  const flashInfer = failOnPythonException(() => parseFlashInferFeatures(context), {
    file: FLASHINFER_UTILS_FILE,
  });
  const mlaPrefillBackends = failOnPythonException(() => parseMlaPrefillBackends(context), {
    file: MLA_ATTENTION_FILE,
  });

  const backends: BackendFeatures[] = [];
  for (const entry of entries) {
    if (SKIPPED_BACKENDS.has(entry.name)) continue;
    const features = analyzeBackend(context, entry);
    if (features !== null) backends.push(features);
  }

  return {
    backends: buildRows(backends, flashAttn, flashInfer),
    priorities,
    mlaPrefillBackends,
    flashAttn,
    flashInfer,
    warnings,
  };
}
