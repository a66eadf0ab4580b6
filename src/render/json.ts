// The feature matrix as JSON (`--format json`, renderJson): the library's
// FeatureMatrix with the same names and values, plus each row's cell texts as
// the document shows them. The shape is described by schema/matrix.schema.json
// and docs/design/json-output.md; change either together with this file and
// bump JSON_SCHEMA_VERSION when a consumer could notice (renamed or removed
// field, changed meaning). Every key is always present (null when unknown), so
// the output is stable for diffing.

import type { WarningDiagnostic } from '../diagnostics.js';
import { BACKEND_FACT_NAMES, type BackendFactName } from '../extract/backend-features.js';
import type { FlashAttnFeatures, FlashAttnVersionFeatures } from '../extract/flash-attn.js';
import type { FlashInferFeatures } from '../extract/flashinfer.js';
import type { MlaPrefillBackend } from '../extract/mla-prefill.js';
import type { PriorityLists } from '../extract/priorities.js';
import type { AttentionTypeName, ComputeCapability, SizeSet, SourceRef } from '../facts.js';
import type { BackendRow, FeatureMatrix, Variant } from '../matrix.js';
import {
  attentionTypesCell,
  boolCell,
  capabilityCell,
  dtypesCell,
  kvCacheDtypesCell,
  sizesCell,
  variantCell,
} from './cells.js';
import { diagnosticText } from './diagnostics-text.js';
import type { VersionSource } from '../versions/identify.js';
import { RULE_NAMES, versionByNumber, type RuleName } from '../versions/versions.js';
import { prefillCells, type PrefillCells } from './markdown.js';

export const JSON_SCHEMA_VERSION = 2;

/** A row's cells exactly as the document prints them (backquotes included); null for a column the version lacks. */
export interface BackendCellsJson {
  readonly backend: string;
  readonly version: string;
  readonly dtypes: string;
  readonly kvCacheDtypes: string;
  readonly blockSizes: string;
  readonly headSizes: string;
  readonly supportsSink: string;
  readonly supportsNonCausal: string | null;
  readonly isSparse: string;
  readonly supportsMmPrefix: string;
  readonly supportsDcp: string | null;
  readonly attentionTypes: string;
  readonly computeCapability: string;
}

/** One table row in the JSON: BackendRow's fields under the same names, then its cells. */
export interface BackendJson {
  readonly name: string;
  readonly variant: Variant | null;
  readonly classPath: string;
  readonly className: string;
  readonly file: string;
  readonly line: number;
  readonly dtypes: readonly string[];
  readonly kvCacheDtypes: readonly string[];
  readonly blockSizes: SizeSet;
  readonly headSizes: SizeSet;
  readonly attentionTypes: readonly AttentionTypeName[];
  readonly computeCapability: ComputeCapability;
  readonly isMla: boolean;
  readonly supportsSink: boolean;
  readonly isSparse: boolean;
  readonly supportsMmPrefix: boolean;
  readonly supportsDcp: boolean | null;
  readonly supportsNonCausal: boolean | null;
  /** Every fact's source, null for a default. */
  readonly sources: Readonly<Record<BackendFactName, SourceRef | null>>;
  readonly cells: BackendCellsJson;
}

export interface MlaPrefillBackendJson extends MlaPrefillBackend {
  readonly cells: PrefillCells;
}

/** Which generator version wrote the document, and how it was chosen. */
export interface GeneratorJson {
  readonly version: number;
  /** The upstream commit that introduced the version, and its date. */
  readonly commit: string;
  readonly date: string;
  /** requested (--generator-version), script (the tree's own), no-script or unknown-script (the newest then). */
  readonly chosenBy: VersionSource['kind'];
  /** The git blob id of the tree's script, when it has one. */
  readonly scriptBlob: string | null;
  readonly rules: readonly RuleName[];
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
  readonly generator: GeneratorJson;
  readonly backends: BackendJson[];
  readonly priorities: PriorityLists;
  readonly mlaPrefillBackends: MlaPrefillBackendJson[];
  readonly flashAttention: FlashAttnFeatures | null;
  readonly flashInfer: FlashInferFeatures | null;
  readonly warnings: WarningJson[];
}

/** The cells of one row of the matrix, as its document shows them. */
export function backendCells(row: BackendRow, matrix: FeatureMatrix): BackendCellsJson {
  return cellsOf(row, versionByNumber(matrix.generator.version).rules);
}

/** A row's cells as the document prints them under these rules (null for a column they lack). */
export function cellsOf(row: BackendRow, rules: ReadonlySet<RuleName>): BackendCellsJson {
  return {
    backend: `\`${row.name}\``,
    version: variantCell(row.variant),
    dtypes: dtypesCell(row.dtypes),
    kvCacheDtypes: kvCacheDtypesCell(row.kvCacheDtypes),
    blockSizes: sizesCell(row.blockSizes),
    headSizes: sizesCell(row.headSizes),
    supportsSink: boolCell(row.supportsSink),
    supportsNonCausal: rules.has('non-causal-column') ? boolCell(row.supportsNonCausal === true) : null,
    isSparse: boolCell(row.isSparse),
    supportsMmPrefix: boolCell(row.supportsMmPrefix),
    supportsDcp: rules.has('dcp-column') ? boolCell(row.supportsDcp === true) : null,
    attentionTypes: attentionTypesCell(row.attentionTypes, rules),
    computeCapability: capabilityCell(row.computeCapability),
  };
}

function backendJson(row: BackendRow, rules: ReadonlySet<RuleName>): BackendJson {
  const sources = {} as Record<BackendFactName, SourceRef | null>;
  for (const fact of BACKEND_FACT_NAMES) sources[fact] = row.sources[fact] ?? null;
  return {
    name: row.name,
    variant: row.variant,
    classPath: row.classPath,
    className: row.className,
    file: row.file,
    line: row.line,
    dtypes: row.dtypes,
    kvCacheDtypes: row.kvCacheDtypes,
    blockSizes: row.blockSizes,
    headSizes: row.headSizes,
    attentionTypes: row.attentionTypes,
    computeCapability: row.computeCapability,
    isMla: row.isMla,
    supportsSink: row.supportsSink,
    isSparse: row.isSparse,
    supportsMmPrefix: row.supportsMmPrefix,
    supportsDcp: row.supportsDcp,
    supportsNonCausal: row.supportsNonCausal,
    sources,
    cells: cellsOf(row, rules),
  };
}

function flashAttnVersionJson(v: FlashAttnVersionFeatures): FlashAttnVersionFeatures {
  return {
    computeCapability: v.computeCapability,
    supportsFp8: v.supportsFp8,
    supportsSink: v.supportsSink,
    sources: {
      computeCapability: v.sources.computeCapability ?? null,
      supportsFp8: v.sources.supportsFp8 ?? null,
      supportsSink: v.sources.supportsSink ?? null,
    } as FlashAttnVersionFeatures['sources'],
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
  const p = matrix.priorities;
  const fa = matrix.flashAttention;
  const fi = matrix.flashInfer;
  const version = versionByNumber(matrix.generator.version);
  const rules = version.rules;
  const source = matrix.generator.source;
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    generator: {
      version: version.number,
      commit: version.commit,
      date: version.date,
      chosenBy: source.kind,
      scriptBlob: 'blob' in source ? source.blob : null,
      rules: RULE_NAMES.filter((r) => rules.has(r)),
    },
    backends: matrix.backends.map((row) => backendJson(row, rules)),
    priorities: {
      standardSm100: p.standardSm100,
      standardDefault: p.standardDefault,
      mlaSm100: p.mlaSm100,
      mlaDefault: p.mlaDefault,
    },
    mlaPrefillBackends: matrix.mlaPrefillBackends.map((b) => ({
      id: b.id,
      name: b.name,
      blackwellDefault: b.blackwellDefault,
      dtypes: b.dtypes,
      computeCapability: b.computeCapability,
      requiresR1Dims: b.requiresR1Dims,
      classPath: b.classPath,
      source: b.source,
      cells: prefillCells(b, rules),
    })),
    flashAttention:
      fa === null
        ? null
        : {
            fa2: flashAttnVersionJson(fa.fa2),
            fa3: flashAttnVersionJson(fa.fa3),
            fa4: fa.fa4 === null ? null : flashAttnVersionJson(fa.fa4),
          },
    flashInfer:
      fi === null
        ? null
        : {
            native: { supportsSink: fi.native.supportsSink },
            trtllm: {
              computeCapability: fi.trtllm.computeCapability,
              supportsSink: fi.trtllm.supportsSink,
              source: fi.trtllm.source,
            },
          },
    warnings: matrix.warnings.map(warningJson),
  };
}

/** The matrix as JSON text: two-space indent, keys in a fixed order, newline at the end. */
export function renderJson(matrix: FeatureMatrix): string {
  return `${JSON.stringify(matrixToJsonValue(matrix), null, 2)}\n`;
}
