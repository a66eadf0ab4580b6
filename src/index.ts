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
export type { BackendRow, FeatureMatrix, Variant } from './matrix.js';
export { VARIANT_ORDER } from './matrix.js';
export type {
  AttentionTypeName,
  CapabilityPair,
  ComputeCapability,
  Scalar,
  SizeEntry,
  SizeSet,
  SourceRef,
} from './facts.js';
export { ATTENTION_TYPE_NAMES } from './facts.js';
export type { BackendFactName, BackendFeatures } from './extract/backend-features.js';
export type { FlashAttnFeatures, FlashAttnVersionFeatures } from './extract/flash-attn.js';
export type { FlashInferFeatures } from './extract/flashinfer.js';
export type { MlaPrefillBackend } from './extract/mla-prefill.js';
export type { PriorityKey, PriorityLists } from './extract/priorities.js';
export { renderMarkdown, prefillCells } from './render/markdown.js';
export type { PrefillCells, PrefillColumn } from './render/markdown.js';
export { renderJson, matrixToJsonValue, backendCells, JSON_SCHEMA_VERSION } from './render/json.js';
export type {
  MatrixJson,
  BackendJson,
  BackendCellsJson,
  MlaPrefillBackendJson,
  WarningJson,
} from './render/json.js';
export { diagnosticText } from './render/diagnostics-text.js';
export { renderHtml } from './render/html.js';
export type { HtmlPageOptions, SourceLinks } from './render/html.js';
export { findUnencodable } from './render/encodable.js';
export { isRelevantFile, RELEVANT_PATTERNS } from './relevance.js';
export { DiskTree } from './tree/disk-tree.js';
export { MemoryTree } from './tree/memory-tree.js';
export type { SourceTree, TreePath, EntryKind, ReadResult } from './tree/tree.js';
export { openRevisionTree, GitRepository } from './tree/git-repository.js';
export type { GitRepositoryOptions } from './tree/git-repository.js';
export { GitTree } from './tree/git-tree.js';
export { RevisionError } from './tree/git-errors.js';
export { walkHistory, listCommits } from './history.js';
export type {
  History,
  HistoryEntry,
  HistoryBound,
  HistoryStats,
  CommitInfo,
  CommitRange,
  AnalysisOutcome,
  WalkOptions,
} from './history.js';
export { diffMatrices, DIFF_SECTIONS, ROW_FIELDS } from './diff/matrix-diff.js';
export type {
  MatrixDiff,
  MatrixChange,
  DiffSection,
  RowChange,
  RowFacts,
  RowField,
  PriorityChange,
  PrefillChange,
  PrefillField,
  FlashAttentionChange,
  FlashAttentionField,
  FlashInferChange,
  GeneratorChange,
  ItemsChanged,
} from './diff/matrix-diff.js';
export { historyChanges, filterHistory } from './diff/history-changes.js';
export type { HistoryChange, HistoryChangeKind } from './diff/history-changes.js';
export { fieldsNamed, normalizedBackend, FILTER_FIELDS } from './diff/filter.js';
export type { ChangeFilter } from './diff/filter.js';
export { renderDiffText, renderDiffMarkdown, renderHistoryText } from './render/diff-text.js';
export { renderDiffJson, renderHistoryJson, DIFF_JSON_SCHEMA_VERSION } from './render/diff-json.js';
export type { DiffSideJson, HistoryJsonContext } from './render/diff-json.js';
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
