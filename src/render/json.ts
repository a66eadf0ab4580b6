// The feature matrix as JSON (`--format json`, renderJson): every row with
// every field, the variant facts, priority lists, MLA prefill backends and
// warnings as typed data. The shape is described by schema/matrix.schema.json
// and docs/design/json-output.md; change either together with this file and
// bump JSON_SCHEMA_VERSION when a consumer could notice (renamed or removed
// field, changed meaning). Every key is always present (null when unknown), so
// the output is stable for diffing.

import type { WarningDiagnostic } from '../diagnostics.js';
import type { FlashAttnFeatures } from '../extract/flash-attn.js';
import type { FlashInferFeatures } from '../extract/flashinfer.js';
import type { MlaPrefillBackend } from '../extract/mla-prefill.js';
import type { PriorityLists } from '../extract/priorities.js';
import type { BackendRow, FeatureMatrix } from '../matrix.js';
import { diagnosticText } from './diagnostics-text.js';

export const JSON_SCHEMA_VERSION = 1;

/** The reference's attention type names, in the order Python's sorted() puts them. */
const ALL_ATTENTION_TYPES: readonly string[] = ['Decoder', 'Enc-Dec', 'Encoder', 'Encoder Only'];

/** The variant a row stands for: its version cell without the footnote mark. */
const VARIANTS: ReadonlyMap<string, string> = new Map([
  ['FA2*', 'FA2'],
  ['FA3*', 'FA3'],
  ['FA4*', 'FA4'],
  ['Native†', 'Native'],
  ['TRTLLM†', 'TRTLLM'],
]);

/** A display string the reference built with ", ".join(items), back to its items. */
function splitJoined(display: string): string[] {
  return display === '' ? [] : display.split(', ');
}

/** Items of a size column, or null for "Any" (no restriction found). */
function sizeList(display: string): string[] | null {
  return display === 'Any' ? null : splitJoined(display);
}

function attentionTypeList(display: string): string[] {
  return display === 'All' ? [...ALL_ATTENTION_TYPES] : splitJoined(display);
}

function backendJson(row: BackendRow): Record<string, unknown> {
  return {
    name: row.name,
    variant: VARIANTS.get(row.version) ?? (row.version === '' ? null : row.version),
    version: row.version,
    classPath: row.classPath,
    className: row.className,
    file: row.file,
    dtypes: row.dtypes,
    dtypeList: splitJoined(row.dtypes),
    kvCacheDtypes: row.kvCacheDtypes,
    kvCacheDtypeList: splitJoined(row.kvCacheDtypes),
    blockSizes: row.blockSizes,
    blockSizeList: sizeList(row.blockSizes),
    headSizes: row.headSizes,
    headSizeList: sizeList(row.headSizes),
    attentionTypes: row.attnTypes,
    attentionTypeList: attentionTypeList(row.attnTypes),
    computeCapability: row.computeCapability,
    isMla: row.isMla,
    supportsSink: row.supportsSink,
    isSparse: row.isSparse,
    supportsMmPrefix: row.supportsMmPrefix,
    supportsDcp: row.supportsDcp,
  };
}

function prioritiesJson(p: PriorityLists): Record<string, string[] | null> {
  const list = (l: readonly string[] | undefined): string[] | null => (l === undefined ? null : [...l]);
  return {
    standardSm100: list(p.standard_sm100),
    standardDefault: list(p.standard_default),
    mlaSm100: list(p.mla_sm100),
    mlaDefault: list(p.mla_default),
  };
}

function mlaPrefillJson(b: MlaPrefillBackend): Record<string, unknown> {
  return {
    name: b.name,
    description: b.description,
    computeCapability: b.computeCapability,
    enable: b.enable,
    disable: b.disable,
    notes: b.notes,
  };
}

function flashAttnJson(fa: FlashAttnFeatures | null): Record<string, unknown> | null {
  if (fa === null) return null;
  return {
    fa2: { computeCapability: null, supportsFp8: fa.fa2.supportsFp8, supportsSink: fa.fa2.supportsSink },
    fa3: { computeCapability: fa.fa3.computeCapability, supportsFp8: fa.fa3.supportsFp8, supportsSink: fa.fa3.supportsSink },
    fa4: { computeCapability: fa.fa4.computeCapability, supportsFp8: fa.fa4.supportsFp8, supportsSink: fa.fa4.supportsSink },
  };
}

function flashInferJson(fi: FlashInferFeatures | null): Record<string, unknown> | null {
  if (fi === null) return null;
  return {
    native: { supportsSink: fi.native.supportsSink },
    trtllm: { computeCapability: fi.trtllm.computeCapability, supportsSink: fi.trtllm.supportsSink },
  };
}

function warningJson(w: WarningDiagnostic): Record<string, unknown> {
  return {
    severity: w.severity,
    code: w.code,
    args: { ...w.args },
    file: w.file,
    // CPython reports some errors at line 0 (e.g. null bytes): that is "no line", not a line.
    line: w.line !== null && w.line >= 1 ? w.line : null,
    // The same English the CLI prints, with tree paths as they are.
    message: diagnosticText(w, { showPath: (p) => p }).trim(),
  };
}

/** The matrix as a plain JSON value (what renderJson serialises). */
export function matrixToJsonValue(matrix: FeatureMatrix): unknown {
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    backends: matrix.backends.map(backendJson),
    priorities: prioritiesJson(matrix.priorities),
    mlaPrefillBackends: matrix.mlaPrefillBackends.map(mlaPrefillJson),
    flashAttention: flashAttnJson(matrix.flashAttn),
    flashInfer: flashInferJson(matrix.flashInfer),
    warnings: matrix.warnings.map(warningJson),
  };
}

/** The matrix as JSON text: two-space indent, keys in a fixed order, newline at the end. */
export function renderJson(matrix: FeatureMatrix): string {
  return `${JSON.stringify(matrixToJsonValue(matrix), null, 2)}\n`;
}
