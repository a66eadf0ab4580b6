// The reference's document: generate_docs' text half, section by section.

import type { MlaPrefillBackend } from '../extract/mla-prefill.js';
import type { PriorityLists } from '../extract/priorities.js';
import type { BackendRow, FeatureMatrix } from '../matrix.js';
import { pyStrip } from '../python/str-methods.js';
import { pyStringLess } from '../python/values.js';
import { LEGEND_SECTION, USAGE_SECTION } from './markdown-text.js';

const SCRIPT_PATH = 'tools/pre_commit/generate_attention_backend_docs.py';

/** add_literal_quotes */
export function addLiteralQuotes(value: string): string {
  return value
    .split(',')
    .map((item) => `\`${pyStrip(item)}\``)
    .join(', ');
}

/** bool_to_emoji */
export function boolToEmoji(value: boolean): string {
  return value ? '✅' : '❌';
}

interface TableColumn {
  readonly header: string;
  readonly cell: (row: BackendRow) => string;
}

const COL_BACKEND: TableColumn = { header: 'Backend', cell: (b) => `\`${b.name}\`` };
const COL_VERSION: TableColumn = { header: 'Version', cell: (b) => b.version };
const COL_DTYPES: TableColumn = { header: 'Dtypes', cell: (b) => b.dtypes };
const COL_KV_DTYPES: TableColumn = { header: 'KV Dtypes', cell: (b) => addLiteralQuotes(b.kvCacheDtypes) };
const COL_BLOCK_SIZES: TableColumn = { header: 'Block Sizes', cell: (b) => b.blockSizes };
const COL_HEAD_SIZES: TableColumn = { header: 'Head Sizes', cell: (b) => b.headSizes };
const COL_SINK: TableColumn = { header: 'Sink', cell: (b) => boolToEmoji(b.supportsSink) };
const COL_SPARSE: TableColumn = { header: 'Sparse', cell: (b) => boolToEmoji(b.isSparse) };
const COL_MM_PREFIX: TableColumn = { header: 'MM Prefix', cell: (b) => boolToEmoji(b.supportsMmPrefix) };
const COL_DCP: TableColumn = { header: 'DCP', cell: (b) => boolToEmoji(b.supportsDcp) };
const COL_ATTN_TYPES: TableColumn = { header: 'Attention Types', cell: (b) => b.attnTypes };
const COL_COMPUTE_CAP: TableColumn = { header: 'Compute Cap.', cell: (b) => b.computeCapability };

/** _build_columns: Sparse only in MLA tables, Version only when some row has one. */
function buildColumns(options: { mla: boolean; versions: boolean }): TableColumn[] {
  const cols = [COL_BACKEND];
  if (options.versions) cols.push(COL_VERSION);
  cols.push(COL_DTYPES, COL_KV_DTYPES, COL_BLOCK_SIZES, COL_HEAD_SIZES, COL_SINK);
  if (options.mla) cols.push(COL_SPARSE);
  cols.push(COL_MM_PREFIX, COL_DCP, COL_ATTN_TYPES, COL_COMPUTE_CAP);
  return cols;
}

/** _sort_key order: by key (code points), then variant order; stable. */
function compareRows(a: BackendRow, b: BackendRow): number {
  if (a.sortKey !== b.sortKey) return pyStringLess(a.sortKey, b.sortKey) ? -1 : 1;
  return a.sortOrder - b.sortOrder;
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
  const columns = buildColumns({ mla: false, versions: rows.some((r) => r.version !== '') });
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
  if (priorities.standard_sm100) lines.push(...priorityTable(sm100, priorities.standard_sm100));
  if (priorities.standard_default) lines.push(...priorityTable(ampere, priorities.standard_default));

  lines.push('### MLA Attention (DeepSeek-style)', '');
  if (priorities.mla_sm100) {
    lines.push(
      ...priorityTable(sm100, priorities.mla_sm100, new Map([['FLASHINFER_MLA_SPARSE', '**\\***']])),
    );
  }
  if (priorities.mla_default) lines.push(...priorityTable(ampere, priorities.mla_default));
  if (priorities.mla_sm100) {
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
    const row = `| ${b.name} | ${b.description} | ${b.computeCapability} | ${b.enable} | ${b.disable} | ${b.notes} |`;
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
  if (matrix.flashAttn !== null) {
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
