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

/** One table row in the JSON (see docs/design/json-output.md). */
export interface BackendJson {
  readonly name: string;
  readonly variant: 'FA2' | 'FA3' | 'FA4' | 'Native' | 'TRTLLM' | null;
  readonly version: string;
  readonly classPath: string;
  readonly className: string;
  readonly file: string;
  readonly dtypes: string;
  readonly dtypeList: string[];
  readonly kvCacheDtypes: string;
  readonly kvCacheDtypeList: string[];
  readonly blockSizes: string;
  /** null for "Any". */
  readonly blockSizeList: string[] | null;
  readonly headSizes: string;
  /** null for "Any". */
  readonly headSizeList: string[] | null;
  readonly attentionTypes: string;
  readonly attentionTypeList: string[];
  readonly computeCapability: string;
  readonly isMla: boolean;
  readonly supportsSink: boolean;
  readonly isSparse: boolean;
  readonly supportsMmPrefix: boolean;
  readonly supportsDcp: boolean;
}

export interface FlashAttentionVersionJson {
  readonly computeCapability: string | null;
  readonly supportsFp8: boolean;
  readonly supportsSink: boolean;
}

export interface WarningJson {
  readonly severity: 'warning';
  readonly code: WarningDiagnostic['code'];
  readonly args: Record<string, string | number>;
  readonly file: string | null;
  /** 1-based, or null. */
  readonly line: number | null;
  readonly message: string;
}

/** What renderJson writes; schema/matrix.schema.json describes the same shape. */
export interface MatrixJson {
  readonly schemaVersion: typeof JSON_SCHEMA_VERSION;
  readonly backends: BackendJson[];
  readonly priorities: {
    readonly standardSm100: string[] | null;
    readonly standardDefault: string[] | null;
    readonly mlaSm100: string[] | null;
    readonly mlaDefault: string[] | null;
  };
  readonly mlaPrefillBackends: MlaPrefillBackend[];
  readonly flashAttention: {
    readonly fa2: FlashAttentionVersionJson;
    readonly fa3: FlashAttentionVersionJson;
    readonly fa4: FlashAttentionVersionJson;
  } | null;
  readonly flashInfer: {
    readonly native: { readonly supportsSink: boolean };
    readonly trtllm: { readonly computeCapability: string; readonly supportsSink: boolean };
  } | null;
  readonly warnings: WarningJson[];
}

/** The reference's attention type names, in the order Python's sorted() puts them. */
const ALL_ATTENTION_TYPES: readonly string[] = ['Decoder', 'Enc-Dec', 'Encoder', 'Encoder Only'];

/** The variant a row stands for: its version cell without the footnote mark. */
const VARIANTS: ReadonlyMap<string, BackendJson['variant']> = new Map([
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

function backendJson(row: BackendRow): BackendJson {
  return {
    name: row.name,
    variant: VARIANTS.get(row.version) ?? null,
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

function prioritiesJson(p: PriorityLists): MatrixJson['priorities'] {
  const list = (l: readonly string[] | undefined): string[] | null => (l === undefined ? null : [...l]);
  return {
    standardSm100: list(p.standard_sm100),
    standardDefault: list(p.standard_default),
    mlaSm100: list(p.mla_sm100),
    mlaDefault: list(p.mla_default),
  };
}

function mlaPrefillJson(b: MlaPrefillBackend): MlaPrefillBackend {
  return {
    name: b.name,
    description: b.description,
    computeCapability: b.computeCapability,
    enable: b.enable,
    disable: b.disable,
    notes: b.notes,
  };
}

function flashAttnJson(fa: FlashAttnFeatures | null): MatrixJson['flashAttention'] {
  if (fa === null) return null;
  return {
    fa2: { computeCapability: null, supportsFp8: fa.fa2.supportsFp8, supportsSink: fa.fa2.supportsSink },
    fa3: {
      computeCapability: fa.fa3.computeCapability,
      supportsFp8: fa.fa3.supportsFp8,
      supportsSink: fa.fa3.supportsSink,
    },
    fa4: {
      computeCapability: fa.fa4.computeCapability,
      supportsFp8: fa.fa4.supportsFp8,
      supportsSink: fa.fa4.supportsSink,
    },
  };
}

function flashInferJson(fi: FlashInferFeatures | null): MatrixJson['flashInfer'] {
  if (fi === null) return null;
  return {
    native: { supportsSink: fi.native.supportsSink },
    trtllm: { computeCapability: fi.trtllm.computeCapability, supportsSink: fi.trtllm.supportsSink },
  };
}

function warningJson(w: WarningDiagnostic): WarningJson {
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
export function matrixToJsonValue(matrix: FeatureMatrix): MatrixJson {
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
