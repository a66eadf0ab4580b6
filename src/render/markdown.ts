// The reference's document: generate_docs' text half, section by section,
// as the generator version the matrix follows writes it.

import type { BackendFactName } from '../extract/backend-features.js';
import type { MlaPrefillBackend } from '../extract/mla-prefill.js';
import type { PriorityLists } from '../extract/priorities.js';
import { VARIANT_ORDER, type BackendRow, type FeatureMatrix, type Variant } from '../matrix.js';
import { pyStringLess } from '../python/values.js';
import { versionByNumber, type RuleName } from '../versions/versions.js';
import {
  attentionTypesCell,
  boolCell,
  capabilityCell,
  dtypesCell,
  kvCacheDtypesCell,
  scalarText,
  sizesCell,
  variantCell,
} from './cells.js';
import { legendSection, USAGE_SECTION } from './markdown-text.js';

type Rules = ReadonlySet<RuleName>;

const SCRIPT_PATH = 'tools/pre_commit/generate_attention_backend_docs.py';

/** What a column shows: the backend's name, its variant, or one of its facts. */
export type BackendColumnKey = 'name' | 'variant' | Exclude<BackendFactName, 'isMla'>;

interface TableColumn {
  readonly key: BackendColumnKey;
  readonly header: string;
  readonly cell: (row: BackendRow, rules: Rules) => string;
}

const COL_BACKEND: TableColumn = { key: 'name', header: 'Backend', cell: (b) => `\`${b.name}\`` };
const COL_VERSION: TableColumn = { key: 'variant', header: 'Version', cell: (b) => variantCell(b.variant) };
const COL_DTYPES: TableColumn = { key: 'dtypes', header: 'Dtypes', cell: (b) => dtypesCell(b.dtypes) };
const COL_KV_DTYPES: TableColumn = {
  key: 'kvCacheDtypes',
  header: 'KV Dtypes',
  cell: (b) => kvCacheDtypesCell(b.kvCacheDtypes),
};
const COL_BLOCK_SIZES: TableColumn = {
  key: 'blockSizes',
  header: 'Block Sizes',
  cell: (b) => sizesCell(b.blockSizes),
};
const COL_HEAD_SIZES: TableColumn = {
  key: 'headSizes',
  header: 'Head Sizes',
  cell: (b) => sizesCell(b.headSizes),
};
const COL_SINK: TableColumn = { key: 'supportsSink', header: 'Sink', cell: (b) => boolCell(b.supportsSink) };
const COL_NON_CAUSAL: TableColumn = {
  key: 'supportsNonCausal',
  header: 'Non-Causal',
  cell: (b) => boolCell(b.supportsNonCausal === true),
};
const COL_SPARSE: TableColumn = { key: 'isSparse', header: 'Sparse', cell: (b) => boolCell(b.isSparse) };
const COL_MM_PREFIX: TableColumn = {
  key: 'supportsMmPrefix',
  header: 'MM Prefix',
  cell: (b) => boolCell(b.supportsMmPrefix),
};
const COL_DCP: TableColumn = {
  key: 'supportsDcp',
  header: 'DCP',
  cell: (b) => boolCell(b.supportsDcp === true),
};
const COL_ATTN_TYPES: TableColumn = {
  key: 'attentionTypes',
  header: 'Attention Types',
  cell: (b, rules) => attentionTypesCell(b.attentionTypes, rules),
};
const COL_COMPUTE_CAP: TableColumn = {
  key: 'computeCapability',
  header: 'Compute Cap.',
  cell: (b) => capabilityCell(b.computeCapability),
};

/** _build_columns: Sparse only in MLA tables, Version only when some row has one; DCP and Non-Causal by version. */
function buildColumns(options: { mla: boolean; versions: boolean }, rules: Rules): TableColumn[] {
  const cols = [COL_BACKEND];
  if (options.versions) cols.push(COL_VERSION);
  cols.push(COL_DTYPES, COL_KV_DTYPES, COL_BLOCK_SIZES, COL_HEAD_SIZES, COL_SINK);
  if (rules.has('non-causal-column')) cols.push(COL_NON_CAUSAL);
  if (options.mla) cols.push(COL_SPARSE);
  cols.push(COL_MM_PREFIX);
  if (rules.has('dcp-column')) cols.push(COL_DCP);
  cols.push(COL_ATTN_TYPES, COL_COMPUTE_CAP);
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

/**
 * A table's separator line. markdownlint style (version 6 on): `| --- |`
 * sized to each header; before, `|-----|` two dashes wider.
 */
function separatorLine(headers: readonly string[], rules: Rules): string {
  if (rules.has('markdownlint-tables')) return `| ${headers.map((h) => '-'.repeat(h.length)).join(' | ')} |`;
  return `|${headers.map((h) => '-'.repeat(h.length + 2)).join('|')}|`;
}

/** A table row; from version 6 double spaces are folded, so an empty cell is "| |". */
function rowLine(cells: readonly string[], rules: Rules): string {
  const row = `| ${cells.join(' | ')} |`;
  return rules.has('markdownlint-tables') ? row.replaceAll('  ', ' ') : row;
}

/** A table of the document as cell texts: its headers and, in the document's order, its rows. */
export interface CellTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** A backend table: also what each column shows and which row each line of cells is. */
export interface BackendCellTable extends CellTable {
  readonly keys: readonly BackendColumnKey[];
  /** backends[i] is the row rows[i] shows. */
  readonly backends: readonly BackendRow[];
}

/** The prefill table: also which backend each line of cells is. */
export interface PrefillCellTable extends CellTable {
  readonly keys: readonly PrefillColumn[];
  readonly backends: readonly MlaPrefillBackend[];
}

function cellTable(
  columns: readonly TableColumn[],
  rows: readonly BackendRow[],
  rules: Rules,
): BackendCellTable {
  const sorted = [...rows].sort(compareRows);
  return {
    headers: columns.map((c) => c.header),
    keys: columns.map((c) => c.key),
    rows: sorted.map((row) => columns.map((c) => c.cell(row, rules))),
    backends: sorted,
  };
}

/** _render_table */
function renderTable(columns: readonly TableColumn[], rows: readonly BackendRow[], rules: Rules): string[] {
  const table = cellTable(columns, rows, rules);
  return [
    `| ${table.headers.join(' | ')} |`,
    separatorLine(table.headers, rules),
    ...table.rows.map((cells) => rowLine(cells, rules)),
  ];
}

/**
 * The document's backend and prefill tables as cell texts, for other renderers
 * (the terminal table): the standard table (null when it would say "No
 * backends found."), the MLA prefill table and the MLA decode table.
 */
export function documentTables(matrix: FeatureMatrix): {
  readonly standard: BackendCellTable | null;
  readonly prefill: PrefillCellTable;
  readonly decode: BackendCellTable;
} {
  const rules = matrixRules(matrix);
  const standardRows = matrix.backends.filter((b) => !b.isMla);
  const decodeRows = matrix.backends.filter((b) => b.isMla);
  const columns = prefillColumns(rules);
  return {
    standard:
      standardRows.length === 0
        ? null
        : cellTable(
            buildColumns({ mla: false, versions: standardRows.some((r) => r.variant !== null) }, rules),
            standardRows,
            rules,
          ),
    prefill: {
      headers: columns.map(([, header]) => header),
      keys: columns.map(([column]) => column),
      rows: matrix.mlaPrefillBackends.map((b) => {
        const cells = prefillCells(b, rules);
        return columns.map(([column]) => cells[column] ?? '');
      }),
      backends: matrix.mlaPrefillBackends,
    },
    decode: cellTable(buildColumns({ mla: true, versions: false }, rules), decodeRows, rules),
  };
}

/** generate_markdown_table */
function backendTableSection(rows: readonly BackendRow[], title: string, rules: Rules): string {
  if (rows.length === 0) return `## ${title}\n\nNo backends found.\n`;
  const columns = buildColumns({ mla: false, versions: rows.some((r) => r.variant !== null) }, rules);
  return [`## ${title}`, '', ...renderTable(columns, rows, rules), ''].join('\n');
}

/** _priority_table */
function priorityTable(
  title: string,
  backends: readonly string[],
  rules: Rules,
  annotations: ReadonlyMap<string, string> = new Map(),
): string[] {
  return [
    `**${title}:**`,
    '',
    '| Priority | Backend |',
    separatorLine(['Priority', 'Backend'], rules),
    ...backends.map((b, i) => `| ${i + 1} | \`${b}\`${annotations.get(b) ?? ''} |`),
    '',
  ];
}

/** generate_priority_section */
function prioritySection(priorities: PriorityLists, rules: Rules): string {
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
  if (priorities.standardSm100 !== null) lines.push(...priorityTable(sm100, priorities.standardSm100, rules));
  if (priorities.standardDefault !== null)
    lines.push(...priorityTable(ampere, priorities.standardDefault, rules));

  lines.push('### MLA Attention (DeepSeek-style)', '');
  const sparseFootnote = rules.has('sparse-mla-footnote');
  if (priorities.mlaSm100 !== null) {
    const annotations = new Map(sparseFootnote ? [['FLASHINFER_MLA_SPARSE', '**\\***']] : []);
    lines.push(...priorityTable(sm100, priorities.mlaSm100, rules, annotations));
  }
  if (priorities.mlaDefault !== null) lines.push(...priorityTable(ampere, priorities.mlaDefault, rules));
  if (priorities.mlaSm100 !== null && sparseFootnote) {
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

/** The columns of the MLA prefill table, by the name of what they show. */
export type PrefillColumn =
  'name' | 'description' | 'dtypes' | 'computeCapability' | 'enable' | 'disable' | 'notes';

/** A prefill row's cells; null for a column the version's table does not have. */
export type PrefillCells = Readonly<Record<PrefillColumn, string | null>>;

const LEGACY_PREFILL_COLUMNS: readonly (readonly [PrefillColumn, string])[] = [
  ['name', 'Backend'],
  ['description', 'Description'],
  ['computeCapability', 'Compute Cap.'],
  ['enable', 'Enable'],
  ['disable', 'Disable'],
  ['notes', 'Notes'],
];

const REGISTRY_PREFILL_COLUMNS: readonly (readonly [PrefillColumn, string])[] = [
  ['name', 'Backend'],
  ['description', 'Description'],
  ['dtypes', 'Dtypes'],
  ['computeCapability', 'Compute Cap.'],
  ['notes', 'Notes'],
];

/** What the reference writes for the four prefill backends it knew up to version 11. */
const LEGACY_PREFILL_TEXTS: Readonly<
  Record<string, { name: string; description: string; enable: string; disable: string; notes: string }>
> = {
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

/** Descriptions the reference keeps for registry backends (version 12 on): "can't be easily parsed from code". */
const PREFILL_DESCRIPTIONS: ReadonlyMap<string, string> = new Map([
  ['TRTLLM_RAGGED', 'TensorRT-LLM ragged attention'],
  ['FLASHINFER', 'FlashInfer CUTLASS backend'],
  ['FLASH_ATTN', 'FlashAttention varlen (FA2/FA3/FA4)'],
]);

function prefillColumns(rules: Rules): readonly (readonly [PrefillColumn, string])[] {
  return rules.has('prefill-registry') ? REGISTRY_PREFILL_COLUMNS : LEGACY_PREFILL_COLUMNS;
}

/** One prefill row's cells, as generate_mla_section formats them for the version. */
export function prefillCells(backend: MlaPrefillBackend, rules: Rules): PrefillCells {
  const computeCapability = capabilityCell(backend.computeCapability);
  if (!rules.has('prefill-registry')) {
    return { ...LEGACY_PREFILL_TEXTS[backend.id], computeCapability, dtypes: null };
  }
  const name = backend.name === null ? backend.id : scalarText(backend.name);
  const notes = backend.requiresR1Dims
    ? 'DeepSeek R1 dims only'
    : backend.id === 'FLASH_ATTN'
      ? 'FA4 on SM100+, FA3 on SM90, FA2 otherwise'
      : '';
  return {
    name: `\`${name}\`${backend.blackwellDefault ? '‡' : ''}`,
    description: PREFILL_DESCRIPTIONS.get(backend.id) ?? '',
    dtypes: dtypesCell(backend.dtypes ?? []),
    computeCapability,
    notes,
    enable: null,
    disable: null,
  };
}

/** generate_mla_section */
function mlaSection(
  prefill: readonly MlaPrefillBackend[],
  decode: readonly BackendRow[],
  rules: Rules,
): string {
  const registry = rules.has('prefill-registry');
  const columns = prefillColumns(rules);
  const headers = columns.map(([, header]) => header);
  const lines = [
    '## MLA (Multi-head Latent Attention) Backends',
    '',
    'MLA uses separate backends for prefill and decode phases.',
    '',
    '### Prefill Backends',
    '',
    ...(registry
      ? [
          'To explicitly select a prefill backend, use',
          '`-ac.mla_prefill_backend=<BACKEND>` (e.g., `FLASH_ATTN`, `FLASHINFER`).',
          'Otherwise, the prefill backend is selected automatically at runtime based on',
          'hardware and configuration.',
        ]
      : ['The prefill backend is selected at runtime based on hardware and', 'configuration.']),
    '',
    `| ${headers.join(' | ')} |`,
    separatorLine(headers, rules),
  ];
  for (const b of prefill) {
    const cells = prefillCells(b, rules);
    lines.push(
      rowLine(
        columns.map(([column]) => cells[column] ?? ''),
        rules,
      ),
    );
  }
  lines.push(
    '',
    ...(rules.has('prefill-fallback-footnote')
      ? [
          '> **‡** Automatic selection tries FlashAttention first. On Blackwell',
          '> (SM100), the fallback order is TRT-LLM Ragged, FlashInfer, then',
          '> TokenSpeed MLA. On other GPUs, only FlashAttention is considered.',
        ]
      : [
          '> **‡** TRT-LLM Ragged is the default on Blackwell (SM100).',
          '> On other GPUs, FlashAttention is used as the default.',
        ]),
    '',
    '### Decode Backends',
    '',
    ...(registry
      ? [
          'MLA decode backends are selected using the standard',
          '`-ac.backend=<BACKEND>` argument (e.g., `FLASHMLA`, `TRITON_MLA`).',
          '',
        ]
      : []),
  );
  lines.push(...renderTable(buildColumns({ mla: true, versions: false }, rules), decode, rules));
  lines.push('');
  return lines.join('\n');
}

/** The rules of the version the matrix follows. */
export function matrixRules(matrix: FeatureMatrix): Rules {
  return versionByNumber(matrix.generator.version).rules;
}

/** The whole document, byte for byte what the matrix's generator version writes. */
export function renderMarkdown(matrix: FeatureMatrix): string {
  const rules = matrixRules(matrix);
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
  docLines.push(prioritySection(matrix.priorities, rules));
  docLines.push(legendSection(rules));
  docLines.push(backendTableSection(standardRows, 'Standard Attention (MHA, MQA, GQA) Backends', rules));

  const footnotes: string[] = [];
  if (matrix.flashInfer !== null) {
    footnotes.push(
      '> **†** FlashInfer uses TRTLLM attention on Blackwell (SM100), which ' +
        'supports sinks. Disable via `--attention-config.use_trtllm_attention=0`.',
    );
  }
  if (matrix.flashAttention !== null) {
    footnotes.push(
      rules.has('fa4-row')
        ? '> **\\*** Specify the FlashAttention version via ' +
            '`--attention-config.flash_attn_version=2`, `3`, or `4`. ' +
            'Default is FA4 on SM100+ (Blackwell), FA3 on SM90 (Hopper), ' +
            'FA2 otherwise.'
        : '> **\\*** Specify the FlashAttention version via ' +
            '`--attention-config.flash_attn_version=2` or `3`. Default is FA3 on SM90, ' +
            'FA2 otherwise.',
    );
  }
  if (footnotes.length > 0) docLines.push(footnotes.join('\n>\n') + '\n');

  docLines.push(mlaSection(matrix.mlaPrefillBackends, mlaRows, rules));
  return docLines.join('\n');
}
