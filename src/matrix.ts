// The typed feature matrix everything downstream consumes (markdown, JSON,
// explanations), and the variant expansion (FA2/FA3/FA4, FlashInfer
// Native/TRTLLM) that turns analysed backends into table rows.

import type { WarningDiagnostic } from './diagnostics.js';
import type { BackendFeatures } from './extract/backend-features.js';
import type { FlashAttnFeatures } from './extract/flash-attn.js';
import type { FlashInferFeatures } from './extract/flashinfer.js';
import type { MlaPrefillBackend } from './extract/mla-prefill.js';
import type { PriorityLists } from './extract/priorities.js';

/** One table row: a backend, or one version of it. Cell texts are exactly the reference's. */
export interface BackendRow extends BackendFeatures {
  /** "FA2*", "FA3*", "FA4*", "Native†", "TRTLLM†", or "" for a backend with no variants. */
  readonly version: string;
  /** Rows sort by (sortKey, sortOrder), keeping a backend's variants together. */
  readonly sortKey: string;
  readonly sortOrder: number;
}

export interface FeatureMatrix {
  /** Every row, in registry order with variants in place (the reference's all_backends). */
  readonly backends: readonly BackendRow[];
  readonly priorities: PriorityLists;
  readonly mlaPrefillBackends: readonly MlaPrefillBackend[];
  /** null when fa_utils.py is missing or unparsable (FLASH_ATTN then has one row). */
  readonly flashAttn: FlashAttnFeatures | null;
  /** null when FlashInfer's TRTLLM capability could not be found (FLASHINFER then has one row). */
  readonly flashInfer: FlashInferFeatures | null;
  readonly warnings: readonly WarningDiagnostic[];
}

function baseRow(backend: BackendFeatures): BackendRow {
  return { ...backend, version: '', sortKey: backend.name, sortOrder: 0 };
}

const FA3_FP8_KV_DTYPES = ['fp8', 'fp8_e4m3', 'fp8_e5m2'];

/** _expand_flash_attn_variants: FLASH_ATTN becomes FA2, FA3 and FA4 rows. */
export function expandFlashAttnVariants(rows: readonly BackendRow[], fa: FlashAttnFeatures): BackendRow[] {
  const expanded: BackendRow[] = [];
  for (const row of rows) {
    if (row.name !== 'FLASH_ATTN') {
      expanded.push(row);
      continue;
    }
    expanded.push({
      ...row,
      version: 'FA2*',
      sortKey: 'FLASH_ATTN',
      sortOrder: 0,
      supportsSink: fa.fa2.supportsSink,
    });

    let fa3KvDtypes = row.kvCacheDtypes;
    if (fa.fa3.supportsFp8) {
      const base = row.kvCacheDtypes.split(', ');
      fa3KvDtypes = [...base, ...FA3_FP8_KV_DTYPES.filter((d) => !base.includes(d))].join(', ');
    }
    expanded.push({
      ...row,
      version: 'FA3*',
      sortKey: 'FLASH_ATTN',
      sortOrder: 1,
      computeCapability: fa.fa3.computeCapability || row.computeCapability,
      supportsSink: fa.fa3.supportsSink,
      kvCacheDtypes: fa3KvDtypes,
    });
    expanded.push({
      ...row,
      version: 'FA4*',
      sortKey: 'FLASH_ATTN',
      sortOrder: 2,
      computeCapability: fa.fa4.computeCapability || row.computeCapability,
      supportsSink: fa.fa4.supportsSink,
    });
  }
  return expanded;
}

/** _expand_flashinfer_variants: FLASHINFER becomes Native (pre-Blackwell) and TRTLLM rows. */
export function expandFlashInferVariants(rows: readonly BackendRow[], fi: FlashInferFeatures): BackendRow[] {
  const expanded: BackendRow[] = [];
  for (const row of rows) {
    if (row.name !== 'FLASHINFER') {
      expanded.push(row);
      continue;
    }
    // "Parse original compute capability to get min CC": string surgery, kept as is.
    const minCc = row.computeCapability.replaceAll('.x', '').split('-')[0];
    expanded.push({
      ...row,
      version: 'Native†',
      sortKey: 'FLASHINFER',
      sortOrder: 0,
      supportsSink: fi.native.supportsSink,
      computeCapability: `${minCc}.x-9.x`,
    });
    expanded.push({
      ...row,
      version: 'TRTLLM†',
      sortKey: 'FLASHINFER',
      sortOrder: 1,
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
): BackendRow[] {
  let rows = backends.map(baseRow);
  if (fa !== null) rows = expandFlashAttnVariants(rows, fa);
  if (fi !== null) rows = expandFlashInferVariants(rows, fi);
  return rows;
}
