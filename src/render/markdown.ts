// The reference's document: generate_docs' text half, section by section.

import type { MlaPrefillBackend, MlaPrefillBackendId } from '../extract/mla-prefill.js';
import type { PriorityLists } from '../extract/priorities.js';
import { VARIANT_ORDER, type BackendRow, type FeatureMatrix, type Variant } from '../matrix.js';
import { pyStringLess } from '../python/values.js';
import {
  attentionTypesCell,
  boolCell,
  capabilityCell,
  dtypesCell,
  kvCacheDtypesCell,
  sizesCell,
  variantCell,
} from './cells.js';
import { LEGEND_SECTION, USAGE_SECTION } from './markdown-text.js';

const SCRIPT_PATH = 'tools/pre_commit/generate_attention_backend_docs.py';

interface TableColumn {
  readonly header: string;
  readonly cell: (row: BackendRow) => string;
}

const COL_BACKEND: TableColumn = { header: 'Backend', cell: (b) => `\`${b.name}\`` };
const COL_VERSION: TableColumn = { header: 'Version', cell: (b) => variantCell(b.variant) };
const COL_DTYPES: TableColumn = { header: 'Dtypes', cell: (b) => dtypesCell(b.dtypes) };
const COL_KV_DTYPES: TableColumn = { header: 'KV Dtypes', cell: (b) => kvCacheDtypesCell(b.kvCacheDtypes) };
const COL_BLOCK_SIZES: TableColumn = { header: 'Block Sizes', cell: (b) => sizesCell(b.blockSizes) };
const COL_HEAD_SIZES: TableColumn = { header: 'Head Sizes', cell: (b) => sizesCell(b.headSizes) };
const COL_SINK: TableColumn = { header: 'Sink', cell: (b) => boolCell(b.supportsSink) };
const COL_SPARSE: TableColumn = { header: 'Sparse', cell: (b) => boolCell(b.isSparse) };
const COL_MM_PREFIX: TableColumn = { header: 'MM Prefix', cell: (b) => boolCell(b.supportsMmPrefix) };
const COL_DCP: TableColumn = { header: 'DCP', cell: (b) => boolCell(b.supportsDcp) };
const COL_ATTN_TYPES: TableColumn = {
  header: 'Attention Types',
  cell: (b) => attentionTypesCell(b.attentionTypes),
};
const COL_COMPUTE_CAP: TableColumn = {
  header: 'Compute Cap.',
  cell: (b) => capabilityCell(b.computeCapability),
};

/** _build_columns: Sparse only in MLA tables, Version only when some row has one. */
function buildColumns(options: { mla: boolean; versions: boolean }): TableColumn[] {
  const cols = [COL_BACKEND];
  if (options.versions) cols.push(COL_VERSION);
  cols.push(COL_DTYPES, COL_KV_DTYPES, COL_BLOCK_SIZES, COL_HEAD_SIZES, COL_SINK);
  if (options.mla) cols.push(COL_SPARSE);
  cols.push(COL_MM_PREFIX, COL_DCP, COL_ATTN_TYPES, COL_COMPUTE_CAP);
  return cols;
}

/** _sort_key order: by name (code points), then variant order; stable. */
function compareRows(a: BackendRow, b: BackendRow): number {
  if (a.name !== b.name) return pyStringLess(a.name, b.name) ? -1 : 1;
  return variantRank(a.variant) - variantRank(b.variant);
}

function variantRank(variant: Variant | null): number {
  return variant === null ? 0 : VARIANT_ORDER.indexOf(variant);
}

/** _render_table; every row has its double spaces folded, so an empty cell is "| |". */
function renderTable(columns: readonly TableColumn[], rows: readonly BackendRow[]): string[] {
  const lines = [
    `| ${columns.map((c) => c.header).join(' | ')} |`,
    `| ${columns.map((c) => '-'.repeat(c.header.length)).join(' | ')} |`,
  ];
  for (const row of [...rows].sort(compareRows)) {
    lines.push(`| ${columns.map((c) => c.cell(row)).join(' | ')} |`.replaceAll('  ', ' '));
  }
  return lines;
}

/** generate_markdown_table */
function backendTableSection(rows: readonly BackendRow[], title: string): string {
  if (rows.length === 0) return `## ${title}\n\nNo backends found.\n`;
  const columns = buildColumns({ mla: false, versions: rows.some((r) => r.variant !== null) });
  return [`## ${title}`, '', ...renderTable(columns, rows), ''].join('\n');
}

/** _priority_table */
function priorityTable(
  title: string,
  backends: readonly string[],
  annotations: ReadonlyMap<string, string> = new Map(),
): string[] {
  return [
    `**${title}:**`,
    '',
    '| Priority | Backend |',
    '| -------- | ------- |',
    ...backends.map((b, i) => `| ${i + 1} | \`${b}\`${annotations.get(b) ?? ''} |`),
    '',
  ];
}

/** generate_priority_section */
function prioritySection(priorities: PriorityLists): string {
  const lines = [
    '## Backend Priority (CUDA)',
    '',
    'When no backend is explicitly selected, vLLM chooses the first',
    'compatible backend from these priority-ordered lists.',
    '',
    'Priority is **1 = highest** (tried first).',
    '',
    '### Standard Attention (MHA, MQA, GQA)',
    '',
  ];
  const sm100 = 'Blackwell (SM 10.x)';
  const ampere = 'Ampere/Hopper (SM 8.x-9.x)';
  if (priorities.standardSm100 !== null) lines.push(...priorityTable(sm100, priorities.standardSm100));
  if (priorities.standardDefault !== null) lines.push(...priorityTable(ampere, priorities.standardDefault));

  lines.push('### MLA Attention (DeepSeek-style)', '');
  if (priorities.mlaSm100 !== null) {
    lines.push(...priorityTable(sm100, priorities.mlaSm100, new Map([['FLASHINFER_MLA_SPARSE', '**\\***']])));
  }
  if (priorities.mlaDefault !== null) lines.push(...priorityTable(ampere, priorities.mlaDefault));
  if (priorities.mlaSm100 !== null) {
    lines.push(
      '> **\\*** For sparse MLA, FP8 KV cache always prefers ' +
        '`FLASHINFER_MLA_SPARSE`. With BF16 KV cache, `FLASHINFER_MLA_SPARSE` ' +
        'is preferred for low query-head counts (<= 16), while ' +
        '`FLASHMLA_SPARSE` is preferred otherwise.',
      '>',
    );
  }
  lines.push(
    '> **Note:** ROCm and CPU platforms have their own selection logic. ' +
      'See the platform-specific documentation for details.',
    '',
  );
  return lines.join('\n');
}

/** The MLA prefill table's cells for one backend. */
export interface PrefillCells {
  readonly name: string;
  readonly description: string;
  readonly computeCapability: string;
  readonly enable: string;
  readonly disable: string;
  readonly notes: string;
}

/** What the reference writes for each MLA prefill backend besides its compute capability. */
const PREFILL_TEXTS: Readonly<Record<MlaPrefillBackendId, Omit<PrefillCells, 'computeCapability'>>> = {
  TRTLLM_RAGGED: {
    name: 'TRT-LLM Ragged‡',
    description: 'TensorRT-LLM ragged attention',
    enable: 'Default on SM100',
    disable: '`-ac.use_trtllm_ragged_deepseek_prefill=0`',
    notes: 'DeepSeek R1 dims only',
  },
  FLASHINFER: {
    name: 'FlashInfer',
    description: 'FlashInfer CUTLASS backend',
    enable: '`-ac.disable_flashinfer_prefill=0`',
    disable: '`-ac.disable_flashinfer_prefill=1`',
    notes: 'DeepSeek R1 dims only',
  },
  CUDNN: {
    name: 'cuDNN',
    description: 'cuDNN-based attention',
    enable: '`-ac.use_cudnn_prefill=1`',
    disable: '`-ac.use_cudnn_prefill=0`',
    notes: '',
  },
  FLASH_ATTN: {
    name: 'FlashAttention',
    description: 'FlashAttention varlen (FA2/FA3)',
    enable: 'Default fallback',
    disable: 'Use other backends',
    notes: 'FA3 on SM90, FA2 otherwise',
  },
};

export function prefillCells(backend: MlaPrefillBackend): PrefillCells {
  return { ...PREFILL_TEXTS[backend.id], computeCapability: capabilityCell(backend.computeCapability) };
}

/** generate_mla_section */
function mlaSection(prefill: readonly MlaPrefillBackend[], decode: readonly BackendRow[]): string {
  const lines = [
    '## MLA (Multi-head Latent Attention) Backends',
    '',
    'MLA uses separate backends for prefill and decode phases.',
    '',
    '### Prefill Backends',
    '',
    'The prefill backend is selected at runtime based on hardware and',
    'configuration.',
    '',
    '| Backend | Description | Compute Cap. | Enable | Disable | Notes |',
    '| ------- | ----------- | ------------ | ------ | ------- | ----- |',
  ];
  for (const b of prefill) {
    const c = prefillCells(b);
    const row = `| ${c.name} | ${c.description} | ${c.computeCapability} | ${c.enable} | ${c.disable} | ${c.notes} |`;
    lines.push(row.replaceAll('  ', ' '));
  }
  lines.push(
    '',
    '> **‡** TRT-LLM Ragged is the default on Blackwell (SM100).',
    '> On other GPUs, FlashAttention is used as the default.',
    '',
    '### Decode Backends',
    '',
  );
  lines.push(...renderTable(buildColumns({ mla: true, versions: false }), decode));
  lines.push('');
  return lines.join('\n');
}

/** The whole document, byte for byte the reference's. */
export function renderMarkdown(matrix: FeatureMatrix): string {
  const mlaRows = matrix.backends.filter((b) => b.isMla);
  const standardRows = matrix.backends.filter((b) => !b.isMla);

  const docLines = [
    '# Attention Backend Feature Support',
    '',
    `This document is auto-generated by \`${SCRIPT_PATH}\`.`,
    'It shows the feature support for each registered attention backend',
    'based on the checks in `AttentionBackend.validate_configuration()`.',
    '',
    '**Do not edit this file manually.** Run the following command to',
    'regenerate it:',
    '',
    '```bash',
    `python ${SCRIPT_PATH}`,
    '```',
    '',
  ];
  docLines.push(USAGE_SECTION);
  docLines.push(prioritySection(matrix.priorities));
  docLines.push(LEGEND_SECTION);
  docLines.push(backendTableSection(standardRows, 'Standard Attention (MHA, MQA, GQA) Backends'));

  const footnotes: string[] = [];
  if (matrix.flashInfer !== null) {
    footnotes.push(
      '> **†** FlashInfer uses TRTLLM attention on Blackwell (SM100), which ' +
        'supports sinks. Disable via `--attention-config.use_trtllm_attention=0`.',
    );
  }
  if (matrix.flashAttention !== null) {
    footnotes.push(
      '> **\\*** Specify the FlashAttention version via ' +
        '`--attention-config.flash_attn_version=2`, `3`, or `4`. ' +
        'Default is FA4 on SM100+ (Blackwell), FA3 on SM90 (Hopper), ' +
        'FA2 otherwise.',
    );
  }
  if (footnotes.length > 0) docLines.push(footnotes.join('\n>\n') + '\n');

  docLines.push(mlaSection(matrix.mlaPrefillBackends, mlaRows));
  return docLines.join('\n');
}
