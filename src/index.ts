// The library: analyse a tree into the typed matrix, render it.

export { analyze } from './analyze.js';
export { AnalysisError } from './diagnostics.js';
export type {
  Diagnostic,
  ErrorCode,
  WarningCode,
  ErrorDiagnostic,
  WarningDiagnostic,
} from './diagnostics.js';
export type { BackendRow, FeatureMatrix } from './matrix.js';
export type { BackendFeatures } from './extract/backend-features.js';
export type { MlaPrefillBackend } from './extract/mla-prefill.js';
export type { PriorityKey, PriorityLists } from './extract/priorities.js';
export { renderMarkdown } from './render/markdown.js';
export { renderJson, matrixToJsonValue, JSON_SCHEMA_VERSION } from './render/json.js';
export type { MatrixJson, BackendJson, WarningJson, FlashAttentionVersionJson } from './render/json.js';
export { diagnosticText } from './render/diagnostics-text.js';
export { findUnencodable } from './render/encodable.js';
export { isRelevantFile, RELEVANT_PATTERNS } from './relevance.js';
export { DiskTree } from './tree/disk-tree.js';
export { MemoryTree } from './tree/memory-tree.js';
export type { SourceTree, TreePath, EntryKind, ReadResult } from './tree/tree.js';
export { parseModule, parseModuleBytes } from './python/parse.js';
export { dump } from './python/dump.js';
export { walk } from './python/walk.js';

// explain: which attention backend a tree's vLLM picks for a setup, and why.
export { explain, ExplainError, EXPLAIN_SCHEMA_VERSION } from './explain/explain.js';
export type {
  ExplainSetup,
  ExplainJson,
  BackendJson as ExplainBackendJson,
  UnknownJson,
  AttnType,
} from './explain/explain.js';
export type { Fix } from './explain/fixes.js';
export { parseGpu, GPU_TABLE } from './explain/gpus.js';
export type { Gpu } from './explain/gpus.js';
export { renderExplainText } from './explain/text.js';
export { KERNELS, DEFAULT_KERNELS } from './explain/world.js';
export type { Kernel } from './explain/world.js';
