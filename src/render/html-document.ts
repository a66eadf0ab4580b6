// The document, for the page: the markdown the matrix's generator version
// writes, as HTML, with its three backend tables (standard, MLA prefill, MLA
// decode) built from the typed rows instead of the markdown, so that the page
// can filter and sort them and link each row to its source.

import type { SourceRef } from '../facts.js';
import type { PriorityKey } from '../extract/priorities.js';
import type { BackendRow, FeatureMatrix } from '../matrix.js';
import type { PageTable, PageTableId } from '../page/page-data.js';
import type { RowFacts } from '../page/filters.js';
import { commaPieces } from '../facts.js';
import { escapeHtml, inlineHtml, markdownToHtml, type MarkdownTable } from './markdown-html.js';
import { documentTables, renderMarkdown, type BackendCellTable, type PrefillCellTable } from './markdown.js';

/** Where links to the tree's files lead. */
export interface SourceLinks {
  /** What a tree path is appended to (each segment URL-encoded): a GitHub blob URL at a commit, or the tree's file:// URL. */
  readonly base: string;
  /** Whether `#L<line>` goes after the path (GitHub shows the line; a file:// URL has none). */
  readonly lineAnchors: boolean;
}

export function sourceHref(links: SourceLinks, ref: SourceRef): string {
  const path = ref.file.split('/').map(encodeURIComponent).join('/');
  return `${links.base}${path}${links.lineAnchors ? `#L${ref.line}` : ''}`;
}

export interface DocumentHtml {
  readonly html: string;
  readonly tables: readonly PageTable[];
  /** The document's level-2 headings, with their ids, for the page's contents. */
  readonly sections: readonly { readonly id: string; readonly title: string }[];
}

type TableSlot =
  | { readonly kind: 'priority'; readonly key: PriorityKey }
  | { readonly kind: 'legend' }
  | { readonly kind: 'backends'; readonly id: PageTableId };

const PRIORITY_CAPTIONS: Readonly<Record<PriorityKey, string>> = {
  standardSm100: 'Standard attention on Blackwell (SM 10.x), best first',
  standardDefault: 'Standard attention on Ampere and Hopper (SM 8.x-9.x), best first',
  mlaSm100: 'MLA on Blackwell (SM 10.x), best first',
  mlaDefault: 'MLA on Ampere and Hopper (SM 8.x-9.x), best first',
};

const TABLE_CAPTIONS: Readonly<Record<PageTableId, string>> = {
  standard: 'Standard attention backends',
  prefill: 'MLA prefill backends',
  decode: 'MLA decode backends',
};

/** The tables of the document, in the order it writes them. */
function tableSlots(matrix: FeatureMatrix, hasStandard: boolean): TableSlot[] {
  const keys: PriorityKey[] = ['standardSm100', 'standardDefault', 'mlaSm100', 'mlaDefault'];
  return [
    ...keys
      .filter((key) => matrix.priorities[key] !== null)
      .map((key) => ({ kind: 'priority' as const, key })),
    { kind: 'legend' },
    ...(hasStandard ? [{ kind: 'backends' as const, id: 'standard' as const }] : []),
    { kind: 'backends', id: 'prefill' },
    { kind: 'backends', id: 'decode' },
  ];
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function documentHtml(matrix: FeatureMatrix, links: SourceLinks | null): DocumentHtml {
  const tables = documentTables(matrix);
  const slots = tableSlots(matrix, tables.standard !== null);
  const pageTables: PageTable[] = [];
  const sections: { id: string; title: string }[] = [];
  const usedIds = new Set<string>();
  const html = markdownToHtml(renderMarkdown(matrix), {
    heading: (level, text) => {
      let id = slug(text.replace(/[`*\\]/g, ''));
      while (usedIds.has(id)) id += '-x';
      usedIds.add(id);
      if (level === 2) sections.push({ id, title: text.replace(/[`*\\]/g, '') });
      // The page's own title is the h1; the document's headings sit one level below it.
      return `<h${level + 1} id="${id}">${inlineHtml(text)}</h${level + 1}>`;
    },
    table: (markdown, index) => {
      const slot = slots[index];
      if (slot === undefined) throw new Error(`html: the document has an unexpected table (${index + 1})`);
      switch (slot.kind) {
        case 'priority':
          return plainTable(markdown, PRIORITY_CAPTIONS[slot.key], `priority-${slot.key}`);
        case 'legend':
          return plainTable(markdown, 'What each column means', 'legend');
        case 'backends': {
          const table =
            slot.id === 'standard' ? tables.standard : slot.id === 'prefill' ? tables.prefill : tables.decode;
          if (table === null || markdown.headers.join('|') !== table.headers.join('|'))
            throw new Error(`html: the document's ${slot.id} table is not the one expected`);
          pageTables.push(
            slot.id === 'prefill'
              ? prefillPageTable(tables.prefill)
              : backendPageTable(slot.id, table as BackendCellTable),
          );
          return slot.id === 'prefill'
            ? prefillTableHtml(tables.prefill, links)
            : backendTableHtml(slot.id, table as BackendCellTable, matrix, links);
        }
      }
    },
  });
  if (pageTables.length !== slots.filter((s) => s.kind === 'backends').length)
    throw new Error('html: the document lacks one of its backend tables');
  return { html, tables: pageTables, sections };
}

function plainTable(markdown: MarkdownTable, caption: string, id: string): string {
  const head = markdown.headers.map((h) => `<th scope="col">${inlineHtml(h)}</th>`).join('');
  const body = markdown.rows
    .map((cells) => `<tr>${cells.map((c) => `<td>${inlineHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return (
    `<div class="table-wrap" role="region" aria-labelledby="caption-${id}" tabindex="0">` +
    `<table id="table-${id}"><caption id="caption-${id}">${escapeHtml(caption)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`
  );
}

const BOOL_LABELS: Readonly<Record<string, string>> = { '✅': 'yes', '❌': 'no' };

/** A cell's HTML: ✅/❌ with a spoken name, else inline markdown; linked when a source is known. */
function cellHtml(text: string, href: string | null, where: SourceRef | null): string {
  const label = BOOL_LABELS[text];
  const inner =
    label !== undefined ? `<span role="img" aria-label="${label}">${text}</span>` : inlineHtml(text);
  if (href === null || where === null || text === '') return inner;
  const title = `${where.file}, line ${where.line}`;
  return `<a href="${escapeHtml(href)}" title="${escapeHtml(title)}">${inner}</a>`;
}

function tableShell(
  id: PageTableId,
  headers: readonly string[],
  keys: readonly string[],
  body: string,
  count: number,
): string {
  const head = headers
    .map(
      (h, i) =>
        `<th scope="col" data-column="${escapeHtml(keys[i])}" aria-sort="none">` +
        `<button type="button" class="sort">${inlineHtml(h)}<span class="sort-mark" aria-hidden="true"></span></button></th>`,
    )
    .join('');
  return (
    `<div class="table-wrap" role="region" aria-labelledby="caption-${id}" tabindex="0">` +
    `<table class="backends" id="table-${id}" data-table="${id}">` +
    `<caption id="caption-${id}">${TABLE_CAPTIONS[id]} <span class="shown" data-shown>(${count} of ${count} rows)</span></caption>` +
    `<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`
  );
}

/** Where each fact of a row was found: a variant's own facts come from fa_utils.py or flashinfer.py. */
function rowSources(row: BackendRow, matrix: FeatureMatrix): Partial<Record<string, SourceRef>> {
  const sources: Partial<Record<string, SourceRef>> = { ...row.sources };
  const fa = matrix.flashAttention;
  const fi = matrix.flashInfer;
  if ((row.variant === 'FA2' || row.variant === 'FA3' || row.variant === 'FA4') && fa !== null) {
    const own = row.variant === 'FA2' ? fa.fa2 : row.variant === 'FA3' ? fa.fa3 : fa.fa4;
    delete sources.supportsSink;
    if (row.variant !== 'FA2') delete sources.computeCapability;
    if (row.variant === 'FA3') delete sources.kvCacheDtypes;
    if (own !== null) Object.assign(sources, own.sources);
    if (own?.sources.supportsFp8 !== undefined && row.variant === 'FA3')
      sources.kvCacheDtypes = own.sources.supportsFp8;
  }
  if (row.variant === 'Native' || row.variant === 'TRTLLM') {
    delete sources.supportsSink;
    if (row.variant === 'TRTLLM') {
      delete sources.computeCapability;
      if (fi !== null) sources.computeCapability = fi.trtllm.source;
    }
  }
  return sources;
}

function backendTableHtml(
  id: PageTableId,
  table: BackendCellTable,
  matrix: FeatureMatrix,
  links: SourceLinks | null,
): string {
  const body = table.rows
    .map((cells, r) => {
      const row = table.backends[r];
      const sources = rowSources(row, matrix);
      const tds = cells.map((text, c) => {
        const key = table.keys[c];
        const where =
          key === 'name' || key === 'variant' ? { file: row.file, line: row.line } : (sources[key] ?? null);
        const html = cellHtml(
          text,
          links === null || where === null ? null : sourceHref(links, where),
          where,
        );
        return c === 0 ? `<th scope="row">${html}</th>` : `<td>${html}</td>`;
      });
      return `<tr data-row="${r}">${tds.join('')}</tr>`;
    })
    .join('\n');
  return tableShell(id, table.headers, table.keys, body, table.rows.length);
}

function prefillTableHtml(table: PrefillCellTable, links: SourceLinks | null): string {
  const body = table.rows
    .map((cells, r) => {
      const source = table.backends[r].source;
      const tds = cells.map((text, c) => {
        const linked = c === 0 && source !== null && links !== null;
        const html = cellHtml(text, linked ? sourceHref(links, source) : null, source);
        return c === 0 ? `<th scope="row">${html}</th>` : `<td>${html}</td>`;
      });
      return `<tr data-row="${r}">${tds.join('')}</tr>`;
    })
    .join('\n');
  return tableShell('prefill', table.headers, table.keys, body, table.rows.length);
}

function backendPageTable(id: PageTableId, table: BackendCellTable): PageTable {
  return {
    id,
    columns: table.keys,
    rows: table.backends.map((row): RowFacts => ({
      computeCapability: row.computeCapability,
      dtypes: row.dtypes,
      kvCacheDtypes: commaPieces(row.kvCacheDtypes),
      blockSizes: row.blockSizes,
      headSizes: row.headSizes,
      supportsSink: row.supportsSink,
      supportsNonCausal: table.keys.includes('supportsNonCausal') ? row.supportsNonCausal === true : null,
      supportsMmPrefix: row.supportsMmPrefix,
      supportsDcp: table.keys.includes('supportsDcp') ? row.supportsDcp === true : null,
      isSparse: row.isSparse,
      attentionTypes: row.attentionTypes,
    })),
  };
}

function prefillPageTable(table: PrefillCellTable): PageTable {
  return {
    id: 'prefill',
    columns: table.keys,
    rows: table.backends.map((b): RowFacts => ({
      computeCapability: b.computeCapability,
      dtypes: table.keys.includes('dtypes') ? (b.dtypes ?? []) : null,
      kvCacheDtypes: null,
      blockSizes: null,
      headSizes: null,
      supportsSink: null,
      supportsNonCausal: null,
      supportsMmPrefix: null,
      supportsDcp: null,
      isSparse: null,
      attentionTypes: null,
    })),
  };
}
