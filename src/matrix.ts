// The typed feature matrix everything downstream consumes (markdown, JSON,
// explanations), and the variant expansion (FA2/FA3/FA4, FlashInfer
// Native/TRTLLM) that turns analysed backends into table rows. Facts stay
// values here; the document's text is made in src/render/.

import type { WarningDiagnostic } from './diagnostics.js';
import { commaPieces } from './facts.js';
import type { BackendFeatures } from './extract/backend-features.js';
import type { FlashAttnFeatures } from './extract/flash-attn.js';
import type { FlashInferFeatures } from './extract/flashinfer.js';
import type { MlaPrefillBackend } from './extract/mla-prefill.js';
import type { PriorityLists } from './extract/priorities.js';
import type { VersionSource } from './versions/identify.js';
import type { RuleName } from './versions/versions.js';

/** The variants the reference splits FLASH_ATTN and FLASHINFER into. */
export type Variant = 'FA2' | 'FA3' | 'FA4' | 'Native' | 'TRTLLM';

/** Variants in the order their rows follow each other. */
export const VARIANT_ORDER: readonly Variant[] = ['FA2', 'FA3', 'FA4', 'Native', 'TRTLLM'];

/** One table row: a backend, or one variant of it. */
export interface BackendRow extends BackendFeatures {
  /** null for a backend that is not split into variants. */
  readonly variant: Variant | null;
}

/** Which generator version the matrix follows, and how it was chosen. */
export interface GeneratorChoice {
  /** The version's number (GENERATOR_VERSIONS). */
  readonly version: number;
  readonly source: VersionSource;
}

export interface FeatureMatrix {
  readonly generator: GeneratorChoice;
  /** Every row, in registry order with variants in place (the reference's all_backends). */
  readonly backends: readonly BackendRow[];
  readonly priorities: PriorityLists;
  readonly mlaPrefillBackends: readonly MlaPrefillBackend[];
  /** null when fa_utils.py is missing or unparsable (FLASH_ATTN then has one row). */
  readonly flashAttention: FlashAttnFeatures | null;
  /** null when FlashInfer's TRTLLM capability could not be found (FLASHINFER then has one row). */
  readonly flashInfer: FlashInferFeatures | null;
  readonly warnings: readonly WarningDiagnostic[];
}

function baseRow(backend: BackendFeatures): BackendRow {
  return { ...backend, variant: null };
}

const FA3_FP8_KV_DTYPES = ['fp8', 'fp8_e4m3', 'fp8_e5m2'];

/**
 * FA3's KV dtypes when it supports fp8: the class's, with the fp8 ones it
 * lacks appended. The reference splits its cell text at ", " to compare, so
 * the items are those pieces.
 */
function withFp8KvDtypes(kvCacheDtypes: readonly string[]): readonly string[] {
  const base = kvCacheDtypes.join(', ').split(', ');
  return [...base, ...FA3_FP8_KV_DTYPES.filter((d) => !base.includes(d))];
}

/** _expand_flash_attn_variants: FLASH_ATTN becomes FA2, FA3 and (from version 4) FA4 rows. */
export function expandFlashAttnVariants(
  rows: readonly BackendRow[],
  fa: FlashAttnFeatures,
  rules: ReadonlySet<RuleName>,
): BackendRow[] {
  const expanded: BackendRow[] = [];
  for (const row of rows) {
    if (row.name !== 'FLASH_ATTN') {
      expanded.push(row);
      continue;
    }
    expanded.push({ ...row, variant: 'FA2', supportsSink: fa.fa2.supportsSink });
    expanded.push({
      ...row,
      variant: 'FA3',
      computeCapability: fa.fa3.computeCapability ?? row.computeCapability,
      supportsSink: fa.fa3.supportsSink,
      kvCacheDtypes: fa.fa3.supportsFp8 ? withFp8KvDtypes(row.kvCacheDtypes) : row.kvCacheDtypes,
    });
    if (fa.fa4 !== null && rules.has('fa4-row')) {
      expanded.push({
        ...row,
        variant: 'FA4',
        computeCapability: fa.fa4.computeCapability ?? row.computeCapability,
        supportsSink: fa.fa4.supportsSink,
      });
    }
  }
  return expanded;
}

/** KV-cache dtypes only a dedicated SM100 kernel handles: not on FlashInfer's native row (version 11). */
const KERNEL_ONLY_KV_DTYPES: ReadonlySet<string> = new Set(['nvfp4']);

/** _expand_flashinfer_variants: FLASHINFER becomes Native (pre-Blackwell) and TRTLLM rows. */
export function expandFlashInferVariants(
  rows: readonly BackendRow[],
  fi: FlashInferFeatures,
  rules: ReadonlySet<RuleName>,
): BackendRow[] {
  const expanded: BackendRow[] = [];
  for (const row of rows) {
    if (row.name !== 'FLASHINFER') {
      expanded.push(row);
      continue;
    }
    // The reference filters the native row's cell text, split at commas.
    const nativeKvDtypes = rules.has('native-drops-nvfp4')
      ? commaPieces(row.kvCacheDtypes).filter((d) => !KERNEL_ONLY_KV_DTYPES.has(d))
      : row.kvCacheDtypes;
    expanded.push({
      ...row,
      variant: 'Native',
      supportsSink: fi.native.supportsSink,
      computeCapability: { kind: 'up-to-hopper', from: row.computeCapability },
      kvCacheDtypes: nativeKvDtypes,
    });
    expanded.push({
      ...row,
      variant: 'TRTLLM',
      computeCapability: fi.trtllm.computeCapability,
      supportsSink: fi.trtllm.supportsSink,
    });
  }
  return expanded;
}

export function buildRows(
  backends: readonly BackendFeatures[],
  fa: FlashAttnFeatures | null,
  fi: FlashInferFeatures | null,
  rules: ReadonlySet<RuleName>,
): BackendRow[] {
  let rows = backends.map(baseRow);
  if (fa !== null) rows = expandFlashAttnVariants(rows, fa, rules);
  if (fi !== null) rows = expandFlashInferVariants(rows, fi, rules);
  return rows;
}
