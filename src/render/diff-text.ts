// Matrix changes in words: a line per change ("FLASHINFER head sizes: + 512",
// "FLASHINFER TRTLLM† sink: ❌ → ✅"), with values in the words of the
// document's cells; for a terminal (text), for a pull-request comment
// (markdown), and per commit for `history`.

import type { Diagnostic } from '../diagnostics.js';
import type { HistoryChange } from '../diff/history-changes.js';
import { valueKey } from '../diff/lists.js';
import {
  DIFF_SECTIONS,
  type DiffSection,
  type MatrixChange,
  type MatrixDiff,
  type RowChange,
} from '../diff/matrix-diff.js';
import type { MlaPrefillBackend } from '../extract/mla-prefill.js';
import type { PriorityKey } from '../extract/priorities.js';
import type { ComputeCapability, SizeEntry, SizeSet } from '../facts.js';
import type { BackendRow, GeneratorChoice, Variant } from '../matrix.js';
import { versionByNumber, type RuleName } from '../versions/versions.js';
import { cellsOf } from './json.js';
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
import { diagnosticText } from './diagnostics-text.js';
import { prefillCells } from './markdown.js';

const SECTION_TITLES: Readonly<Record<DiffSection, string>> = {
  generator: 'Generator version',
  priorities: 'Backend priority (CUDA)',
  standard: 'Standard attention',
  'flash-attention': 'FlashAttention versions (fa_utils.py)',
  flashinfer: 'FlashInfer variants (flashinfer.py)',
  'mla-prefill': 'MLA prefill',
  'mla-decode': 'MLA decode',
};

/** The sections inside a sentence. */
const SUMMARY_NAMES: Readonly<Record<DiffSection, string>> = {
  generator: 'the generator version',
  priorities: 'backend priority',
  standard: 'standard attention',
  'flash-attention': 'FlashAttention versions',
  flashinfer: 'FlashInfer variants',
  'mla-prefill': 'MLA prefill',
  'mla-decode': 'MLA decode',
};

/** Field names as the document's column headers say them. */
const FIELD_NAMES: Readonly<Record<string, string>> = {
  isMla: 'table',
  dtypes: 'dtypes',
  kvCacheDtypes: 'KV dtypes',
  blockSizes: 'block sizes',
  headSizes: 'head sizes',
  supportsSink: 'sink',
  supportsNonCausal: 'non-causal',
  isSparse: 'sparse',
  supportsMmPrefix: 'MM prefix',
  supportsDcp: 'DCP',
  attentionTypes: 'attention types',
  computeCapability: 'compute cap.',
  supportsFp8: 'fp8',
  name: 'name',
  blackwellDefault: 'Blackwell default (‡)',
  requiresR1Dims: 'DeepSeek R1 dims only',
  order: 'order',
  version: 'version',
};

const PRIORITY_NAMES: Readonly<Record<PriorityKey, string>> = {
  standardSm100: 'standard, Blackwell (SM 10.x)',
  standardDefault: 'standard, Ampere/Hopper (SM 8.x-9.x)',
  mlaSm100: 'MLA, Blackwell (SM 10.x)',
  mlaDefault: 'MLA, Ampere/Hopper (SM 8.x-9.x)',
};

type Style = 'text' | 'markdown';

/** A backend or other name: in backticks in markdown, as the document writes it. */
function code(name: string, style: Style): string {
  return style === 'markdown' ? `\`${name}\`` : name;
}

/** One line of a diff: where, and what happened there. */
export interface ChangeLine {
  readonly section: DiffSection;
  /** The backend (with its variant mark, if one), or null. */
  readonly backend: string | null;
  readonly variant: string | null;
  /** "head sizes: + 512", "new row", ... */
  readonly text: string;
}

/**
 * The lines of a diff in document order. A change shared by every variant of
 * a backend (both FlashInfer rows gaining a head size) is one line for the backend.
 */
export function changeLines(diff: MatrixDiff, style: Style): ChangeLine[] {
  const lines: ChangeLine[] = [];
  const done = new Set<MatrixChange>();
  const rulesAfter = versionByNumber(diff.generators.after.version).rules;
  for (const change of diff.changes) {
    if (done.has(change)) continue;
    const startedOrStopped = startsOrStopsBeingRead(change);
    if (startedOrStopped !== null) {
      // A version that reads a fact the one before did not (a new column): one line per table.
      const same = diff.changes.filter(
        (other): other is RowChange =>
          isRowFieldChange(other) &&
          other.section === change.section &&
          other.field === change.field &&
          startsOrStopsBeingRead(other) === startedOrStopped,
      );
      for (const c of same) done.add(c);
      lines.push({
        section: change.section,
        backend: null,
        variant: null,
        text: readingText(same, startedOrStopped, style),
      });
      continue;
    }
    if (isRowFieldChange(change) && change.variant !== null) {
      const shared = diff.sharedVariants[change.backend ?? ''] ?? [];
      const same = diff.changes.filter(
        (other): other is RowChange =>
          isRowFieldChange(other) &&
          other.backend === change.backend &&
          other.field === change.field &&
          other.kind === change.kind &&
          valueKey([other.before, other.after]) === valueKey([change.before, change.after]),
      );
      const variants = new Set(same.map((c) => c.variant));
      if (shared.length > 1 && shared.every((v) => variants.has(v))) {
        for (const c of same) done.add(c);
        lines.push({
          section: change.section,
          backend: change.backend,
          variant: null,
          text: changeText(change, style, rulesAfter),
        });
        continue;
      }
    }
    done.add(change);
    lines.push({
      section: change.section,
      backend: change.backend,
      variant: change.variant === null ? null : variantLabel(change),
      text: changeText(change, style, rulesAfter),
    });
  }
  return lines;
}

/** 'starts' when a boolean fact goes from not read (the version lacked its column) to a value, 'stops' for the reverse. */
function startsOrStopsBeingRead(change: MatrixChange): 'starts' | 'stops' | null {
  if (!isRowFieldChange(change) || change.kind !== 'changed') return null;
  if (change.field !== 'supportsNonCausal' && change.field !== 'supportsDcp') return null;
  if (change.before === null && change.after !== null) return 'starts';
  if (change.before !== null && change.after === null) return 'stops';
  return null;
}

/** "non-causal: now read: ✅ for FLASH_ATTN, ROCM_ATTN; ❌ for the 9 other rows". */
function readingText(changes: readonly RowChange[], how: 'starts' | 'stops', style: Style): string {
  const field = FIELD_NAMES[changes[0].field ?? ''];
  if (how === 'stops')
    return `${field}: no longer read (the column is gone) for ${count(changes.length, 'row')}`;
  const rowName = (c: RowChange): string =>
    c.variant === null
      ? code(c.backend ?? '', style)
      : `${code(c.backend ?? '', style)} ${variantCell(c.variant)}`;
  const yes = changes.filter((c) => c.after === true);
  const no = changes.filter((c) => c.after !== true);
  const parts: string[] = [];
  if (yes.length > 0 && yes.length <= no.length) {
    parts.push(`${boolCell(true)} for ${yes.map(rowName).join(', ')}`);
    if (no.length > 0) parts.push(`${boolCell(false)} for the ${count(no.length, 'other row')}`);
  } else if (no.length > 0 && no.length < yes.length) {
    parts.push(`${boolCell(false)} for ${no.map(rowName).join(', ')}`);
    parts.push(`${boolCell(true)} for the ${count(yes.length, 'other row')}`);
  } else {
    parts.push(`${boolCell(yes.length > 0)} for all ${count(changes.length, 'row')}`);
  }
  return `${field}: now read: ${parts.join('; ')}`;
}

function isRowFieldChange(change: MatrixChange): change is RowChange {
  return (change.section === 'standard' || change.section === 'mla-decode') && change.field !== null;
}

/** A row's variant as the Version column shows it; the FlashAttention/FlashInfer sections name versions plainly. */
function variantLabel(change: MatrixChange): string {
  const variant = change.variant as Variant;
  return change.section === 'standard' || change.section === 'mla-decode' ? variantCell(variant) : variant;
}

/** One change on its own line, in plain text (the JSON output's `message`). */
export function changeMessage(change: MatrixChange, diff: MatrixDiff): string {
  const rulesAfter = versionByNumber(diff.generators.after.version).rules;
  return lineText(
    {
      section: change.section,
      backend: change.backend,
      variant: change.variant === null ? null : variantLabel(change),
      text: changeText(change, 'text', rulesAfter),
    },
    'text',
  );
}

/** The whole line: "FLASHINFER TRTLLM† sink: ❌ → ✅". */
export function lineText(line: ChangeLine, style: Style): string {
  const who = [line.backend === null ? null : code(line.backend, style), line.variant]
    .filter((p) => p !== null)
    .join(' ');
  return who === '' ? line.text : `${who} ${line.text}`;
}

function changeText(change: MatrixChange, style: Style, rulesAfter: ReadonlySet<RuleName>): string {
  switch (change.section) {
    case 'generator':
      return `${generatorText(change.before)} → ${generatorText(change.after)}`;
    case 'priorities': {
      const name = PRIORITY_NAMES[change.field];
      if (change.kind === 'changed') {
        if (change.before === null) return `${name}: new list: ${orderText(change.after ?? [], style)}`;
        if (change.after === null)
          return `${name}: list no longer found (was ${orderText(change.before, style)})`;
        return `${name}: ${orderText(change.before, style)} → ${orderText(change.after, style)}`;
      }
      const parts = [
        ...change.added.map((b) => `+ ${code(b, style)} at ${change.after.indexOf(b) + 1}`),
        ...change.removed.map((b) => `- ${code(b, style)} (was ${change.before.indexOf(b) + 1})`),
      ];
      if (change.reordered)
        parts.push(`re-ordered: ${orderText(change.before, style)} → ${orderText(change.after, style)}`);
      return `${name}: ${parts.join('; ')}`;
    }
    case 'standard':
    case 'mla-decode':
      return rowChangeText(change, rulesAfter);
    case 'flash-attention':
      if (change.field === null) return change.kind === 'added' ? 'facts found' : 'facts no longer found';
      if (change.field === 'computeCapability')
        return `${FIELD_NAMES.computeCapability}: ${capabilityPair(change.before, change.after, 'the backend’s own')}`;
      return `${FIELD_NAMES[change.field]}: ${boolCell(change.before)} → ${boolCell(change.after)}`;
    case 'flashinfer':
      if (change.field === null)
        return change.kind === 'added'
          ? 'TRTLLM capability check found: FLASHINFER is split into Native† and TRTLLM† rows'
          : 'TRTLLM capability check no longer found: FLASHINFER has a single row';
      if (change.field === 'computeCapability')
        return `${FIELD_NAMES.computeCapability}: ${capabilityPair(change.before, change.after, '')}`;
      return `${FIELD_NAMES.supportsSink}: ${boolCell(change.before)} → ${boolCell(change.after)}`;
    case 'mla-prefill':
      if (change.field === null)
        return change.kind === 'added'
          ? `new row (${prefillSummary(change.after, rulesAfter)})`
          : 'row removed';
      if (change.field === 'order')
        return `order: ${orderText(change.before, style)} → ${orderText(change.after, style)}`;
      return `${FIELD_NAMES[change.field]}: ${prefillValue(change.field, change.before)} → ${prefillValue(change.field, change.after)}`;
  }
}

function orderText(names: readonly string[], style: Style): string {
  return names.length === 0 ? '(empty)' : names.map((n) => code(n, style)).join(', ');
}

function generatorText(choice: GeneratorChoice | null): string {
  if (choice === null) return 'none';
  const version = versionByNumber(choice.version);
  const how =
    choice.source.kind === 'requested'
      ? ', as asked'
      : choice.source.kind === 'no-script'
        ? ', the newest: no script in the tree'
        : choice.source.kind === 'unknown-script'
          ? ', the newest: the script is no version we know'
          : '';
  return `${version.number} (${version.commit}, ${version.date}${how})`;
}

function rowChangeText(change: RowChange, rulesAfter: ReadonlySet<RuleName>): string {
  if (change.field === null)
    return change.kind === 'added' ? `new row (${rowSummary(change.after, rulesAfter)})` : 'row removed';
  const name = FIELD_NAMES[change.field];
  if (change.kind === 'items') {
    const item = itemText(change.field);
    const parts = [
      ...(change.added as readonly unknown[]).map((i) => `+ ${item(i)}`),
      ...(change.removed as readonly unknown[]).map((i) => `- ${item(i)}`),
    ];
    if (change.reordered)
      parts.push(
        `re-ordered: ${listCell(change.field, change.before)} → ${listCell(change.field, change.after)}`,
      );
    return `${name}: ${parts.join(', ')}`;
  }
  switch (change.field) {
    case 'isMla':
      return `moved from the ${tableName(change.before)} to the ${tableName(change.after)}`;
    case 'computeCapability':
      return `${name}: ${capabilityPair(change.before, change.after, '')}`;
    case 'blockSizes':
    case 'headSizes':
      return `${name}: ${sizesCell(change.before)} → ${sizesCell(change.after)}`;
    case 'supportsSink':
    case 'isSparse':
    case 'supportsMmPrefix':
    case 'supportsNonCausal':
    case 'supportsDcp':
      return `${name}: ${optionalBool(change.before)} → ${optionalBool(change.after)}`;
    default:
      return `${name}: ${listCell(change.field, change.before)} → ${listCell(change.field, change.after)}`;
  }
}

function tableName(isMla: boolean): string {
  return isMla ? 'MLA decode table' : 'standard table';
}

/** A boolean fact; null where the version did not read it (no such column). */
function optionalBool(value: boolean | null): string {
  return value === null ? '(not read)' : boolCell(value);
}

const NO_RULES: ReadonlySet<RuleName> = new Set();

/** One item of a list fact, as its cell shows it. */
function itemText(field: RowChange['field']): (item: unknown) => string {
  switch (field) {
    case 'dtypes':
      return (d) => dtypesCell([d as string]);
    case 'kvCacheDtypes':
      return (d) => kvCacheDtypesCell([d as string]);
    case 'attentionTypes':
      return (t) => attentionTypesCell([t as 'DECODER'], NO_RULES);
    default:
      return (e) => sizesCell({ kind: 'listed', entries: [e as SizeEntry] });
  }
}

function listCell(field: RowChange['field'], value: unknown): string {
  switch (field) {
    case 'dtypes':
      return dtypesCell(value as string[]);
    case 'kvCacheDtypes':
      return kvCacheDtypesCell(value as string[]);
    case 'attentionTypes':
      return attentionTypesCell(value as 'DECODER'[], NO_RULES);
    default:
      return sizesCell(value as SizeSet);
  }
}

/**
 * Two capabilities in the cells' words; where both cells read the same (the
 * minor version of a bound changed, say), in full.
 */
function capabilityPair(
  before: ComputeCapability | null,
  after: ComputeCapability | null,
  nullText: string,
): string {
  const cell = (c: ComputeCapability | null): string => (c === null ? nullText : capabilityCell(c));
  if (cell(before) !== cell(after)) return `${cell(before)} → ${cell(after)}`;
  const full = (c: ComputeCapability | null): string => (c === null ? nullText : capabilityDetail(c));
  return `${full(before)} → ${full(after)}`;
}

/** A capability with everything the fact holds (the cell shows majors only). */
export function capabilityDetail(cc: ComputeCapability): string {
  const pair = (p: { major: unknown; minor: unknown }): string =>
    `${scalarText(p.major as number)}.${scalarText(p.minor as number)}`;
  switch (cc.kind) {
    case 'majors':
      return `major ${cc.majors.map(scalarText).join(' or ')}`;
    case 'major-range':
      return `majors ${scalarText(cc.lowest)} to ${scalarText(cc.highest)}`;
    case 'between':
      return `${pair(cc.min)} to ${pair(cc.max)}`;
    case 'at-least':
      return `at least ${pair(cc.min)}`;
    case 'exactly':
      return `exactly ${pair(cc.capability)}`;
    case 'up-to-hopper':
      return `from ${capabilityDetail(cc.from)}, up to 9.x`;
    default:
      return capabilityCell(cc);
  }
}

function prefillValue(field: string, value: unknown): string {
  if (value === null) return '(not read)';
  if (field === 'computeCapability') return capabilityCell(value as ComputeCapability);
  if (field === 'dtypes') return dtypesCell(value as string[]);
  if (typeof value === 'boolean') return boolCell(value);
  return scalarText(value as number | string);
}

/** A new table row's cells, as the document shows them (columns the version has). */
function rowSummary(row: BackendRow, rules: ReadonlySet<RuleName>): string {
  const cells = cellsOf(row, rules);
  const parts: [string, string | null][] = [
    ['dtypes', cells.dtypes],
    ['KV dtypes', cells.kvCacheDtypes],
    ['block sizes', cells.blockSizes],
    ['head sizes', cells.headSizes],
    ['sink', cells.supportsSink],
    ['non-causal', cells.supportsNonCausal],
    ['sparse', row.isMla ? cells.isSparse : null],
    ['MM prefix', cells.supportsMmPrefix],
    ['DCP', cells.supportsDcp],
    ['attention types', cells.attentionTypes],
    ['compute cap.', cells.computeCapability],
  ];
  return parts
    .filter((p): p is [string, string] => p[1] !== null)
    .map(([name, text]) => `${name} ${text}`)
    .join('; ');
}

function prefillSummary(backend: MlaPrefillBackend, rules: ReadonlySet<RuleName>): string {
  const cells = prefillCells(backend, rules);
  return [
    cells.name,
    cells.dtypes === null ? null : `dtypes ${cells.dtypes}`,
    `compute cap. ${cells.computeCapability}`,
    cells.notes === '' || cells.notes === null ? null : cells.notes,
  ]
    .filter((p) => p !== null)
    .join('; ');
}

function sectionsOf(lines: readonly ChangeLine[]): [DiffSection, ChangeLine[]][] {
  return DIFF_SECTIONS.map(
    (s) => [s, lines.filter((l) => l.section === s)] as [DiffSection, ChangeLine[]],
  ).filter(([, ls]) => ls.length > 0);
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** For a terminal: a summary line, then the changes under their sections. */
export function renderDiffText(diff: MatrixDiff, sides: { from: string; to: string }): string {
  const lines = changeLines(diff, 'text');
  if (lines.length === 0)
    return `No change in the attention backend matrix from ${sides.from} to ${sides.to}.\n`;
  const out = [
    `${count(lines.length, 'change')} in the attention backend matrix from ${sides.from} to ${sides.to}:`,
  ];
  for (const [section, sectionLines] of sectionsOf(lines)) {
    out.push('', SECTION_TITLES[section]);
    for (const line of sectionLines) out.push(`  ${lineText(line, 'text')}`);
  }
  return `${out.join('\n')}\n`;
}

/** Escapes what would end a markdown table cell. */
function cellText(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** For a pull-request comment: a summary line, then a table per backend table and lists for the rest. */
export function renderDiffMarkdown(diff: MatrixDiff, sides: { from: string; to: string }): string {
  const lines = changeLines(diff, 'markdown');
  const range = `\`${sides.from}\` → \`${sides.to}\``;
  if (lines.length === 0) return `**Attention backend matrix: no change** (${range})\n`;
  const sections = sectionsOf(lines);
  const summary = sections.map(([s, ls]) => `${ls.length} in ${SUMMARY_NAMES[s]}`).join(', ');
  const out = [`**Attention backend matrix: ${count(lines.length, 'change')}** (${range}): ${summary}`];
  for (const [section, sectionLines] of sections) {
    out.push('', `#### ${SECTION_TITLES[section]}`, '');
    if (section === 'standard' || section === 'mla-decode') {
      out.push('| Backend | Version | Change |', '| --- | --- | --- |');
      for (const line of sectionLines)
        out.push(
          `| ${line.backend === null ? '' : `\`${line.backend}\``} | ${line.variant ?? ''} | ${cellText(line.text)} |`,
        );
    } else {
      for (const line of sectionLines) out.push(`- ${lineText(line, 'markdown')}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** `history`: each commit that changed the matrix, newest first, with its changes. */
export function renderHistoryText(
  entries: readonly HistoryChange[],
  options: { readonly range: string },
): string {
  if (entries.length === 0) return `No change of the attention backend matrix ${options.range}.\n`;
  const out: string[] = [];
  for (const entry of entries) {
    if (out.length > 0) out.push('');
    out.push(`${entry.commit.slice(0, 10)}  ${entry.date.slice(0, 10)}  ${entry.subject}`);
    if (entry.kind === 'error' && entry.error !== null)
      out.push(`  the reference script stops here: ${errorText(entry.error, entry.commit)}`);
    if (entry.kind === 'recovered')
      out.push(
        `  the document can be generated again${entry.diff !== null && entry.diff.changes.length > 0 ? ':' : ''}`,
      );
    if (entry.diff === null) continue;
    for (const line of changeLines(entry.diff, 'text'))
      out.push(`  ${SECTION_TITLES[line.section]}: ${lineText(line, 'text')}`);
  }
  return `${out.join('\n')}\n`;
}

export function errorText(error: Diagnostic, commit: string): string {
  return diagnosticText(error, { showPath: (p) => `${commit.slice(0, 10)}:${p}` }).replace(/^error: /, '');
}
