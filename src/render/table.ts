// `--format table`: the document's tables for a terminal. Columns fit the
// terminal's width (cells wrap at commas and spaces) when there is one; without
// one (a pipe, a file) they are as wide as their widest cell, in plain text.

import type { FeatureMatrix } from '../matrix.js';
import { versionByNumber } from '../versions/versions.js';
import { documentTables, type CellTable } from './markdown.js';

export interface TerminalOptions {
  /** The terminal's width in columns; null for no terminal (no wrapping, no styling). */
  readonly width: number | null;
}

/** Columns a character takes in a terminal: 2 for wide and emoji characters, else 1. */
function charWidth(codePoint: number): number {
  if (codePoint < 0x1100) return 1;
  const wide =
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    codePoint === 0x2705 ||
    codePoint === 0x274c ||
    codePoint === 0x274e ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd);
  return wide ? 2 : 1;
}

/** The columns a text takes in a terminal. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch.codePointAt(0) ?? 0);
  return width;
}

/** `text` padded with spaces to `width` columns. */
function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/**
 * The text in lines of at most `width` columns: broken after ", " or at
 * spaces where it can, inside a word only when a word alone is too wide.
 */
export function wrapText(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const words = text.split(/(?<= )/);
  const lines: string[] = [];
  let line = '';
  const flush = (): void => {
    if (line !== '') lines.push(line.trimEnd());
    line = '';
  };
  for (const word of words) {
    if (displayWidth(line + word.trimEnd()) <= width) {
      line += word;
      continue;
    }
    flush();
    let rest = word;
    while (displayWidth(rest.trimEnd()) > width) {
      let cut = '';
      for (const ch of rest) {
        if (displayWidth(cut + ch) > width) break;
        cut += ch;
      }
      lines.push(cut);
      rest = rest.slice(cut.length);
    }
    line = rest;
  }
  flush();
  return lines.length === 0 ? [''] : lines;
}

const GAP = '  ';

/**
 * Column widths, as a browser lays out an automatic table: each column's
 * widest cell when that fits; else each gets its longest word plus a share of
 * the room left in proportion to how much more it would take.
 */
function columnWidths(table: CellTable, maxWidth: number | null): number[] | null {
  const widths = table.headers.map((h, i) =>
    Math.max(displayWidth(h), ...table.rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  if (maxWidth === null) return widths;
  const room = maxWidth - GAP.length * (widths.length - 1);
  const natural = widths.reduce((a, b) => a + b, 0);
  if (natural <= room) return widths;
  const floors = table.headers.map((h, i) =>
    Math.min(
      widths[i],
      Math.max(
        ...[h, ...table.rows.map((r) => r[i] ?? '')].flatMap((cell) => cell.split(' ').map(displayWidth)),
      ),
    ),
  );
  const least = floors.reduce((a, b) => a + b, 0);
  if (least >= room) return null;
  const spare = room - least;
  const wanted = natural - least;
  const shares = widths.map((w, i) => ((w - floors[i]) * spare) / wanted);
  const result = floors.map((f, i) => f + Math.floor(shares[i]));
  // Hand out what rounding left, largest remainders first.
  let left = room - result.reduce((a, b) => a + b, 0);
  const byRemainder = shares.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0]);
  for (const [, i] of byRemainder) {
    if (left <= 0) break;
    if (result[i] < widths[i]) {
      result[i]++;
      left--;
    }
  }
  return result;
}

/**
 * One table as terminal lines: header, rule, rows (each cell wrapped to its
 * column); where even whole words do not fit, one block per row instead.
 */
export function renderTextTable(table: CellTable, options: TerminalOptions): string[] {
  const widths = columnWidths(table, options.width);
  const styled = options.width !== null;
  if (widths === null) return renderRecords(table, options.width ?? 80);
  const renderRow = (cells: readonly string[]): string[] => {
    const wrapped = cells.map((cell, i) => wrapText(cell, widths[i]));
    const height = Math.max(...wrapped.map((w) => w.length));
    const lines: string[] = [];
    for (let l = 0; l < height; l++) {
      lines.push(
        wrapped
          .map((w, i) => pad(w[l] ?? '', widths[i]))
          .join(GAP)
          .trimEnd(),
      );
    }
    return lines;
  };
  const header = renderRow(table.headers).map((line) => (styled ? `\x1b[1m${line}\x1b[0m` : line));
  const rule = widths.map((w) => (styled ? '─' : '-').repeat(w)).join(GAP);
  return [...header, rule, ...table.rows.flatMap(renderRow)];
}

/** Cell text without the document's markdown (backquotes, bold marks, escapes). */
function plainCell(cell: string): string {
  return cell.replaceAll('`', '').replaceAll('**', '').replaceAll('\\*', '*');
}

function plainTable(table: CellTable): CellTable {
  return { headers: table.headers, rows: table.rows.map((r) => r.map(plainCell)) };
}

/** The matrix for a terminal: priorities, the standard table, MLA prefill and decode tables. */
export function renderTerminal(matrix: FeatureMatrix, options: TerminalOptions): string {
  const version = versionByNumber(matrix.generator.version);
  const tables = documentTables(matrix);
  const heading = (text: string): string => (options.width !== null ? `\x1b[1m${text}\x1b[0m` : text);
  const out: string[] = [
    heading('Attention backends'),
    `(as vLLM's generator script version ${version.number} of ${version.date} documents them)`,
    '',
  ];

  const p = matrix.priorities;
  const lists: [string, readonly string[] | null][] = [
    ['Standard, Blackwell (SM 10.x)', p.standardSm100],
    ['Standard, Ampere/Hopper (SM 8.x-9.x)', p.standardDefault],
    ['MLA, Blackwell (SM 10.x)', p.mlaSm100],
    ['MLA, Ampere/Hopper (SM 8.x-9.x)', p.mlaDefault],
  ];
  if (lists.some(([, list]) => list !== null)) {
    out.push(heading('Priority (CUDA), first compatible wins'));
    for (const [title, list] of lists) {
      if (list !== null) out.push(`  ${title}: ${list.map((b, i) => `${i + 1}. ${b}`).join('  ')}`);
    }
    out.push('');
  }

  out.push(heading('Standard attention (MHA, MQA, GQA)'));
  if (tables.standard === null) out.push('No backends found.');
  else out.push(...renderTextTable(plainTable(tables.standard), options));
  if (matrix.flashInfer !== null)
    out.push('† FlashInfer uses TRTLLM attention on Blackwell (SM100), with sinks.');
  if (matrix.flashAttention !== null)
    out.push('* FlashAttention version: --attention-config.flash_attn_version.');
  out.push('');

  out.push(heading('MLA prefill'));
  if (tables.prefill.rows.length === 0) out.push('No backends found.');
  else out.push(...renderTextTable(plainTable(tables.prefill), options));
  out.push('');
  out.push(heading('MLA decode'));
  if (tables.decode.rows.length === 0) out.push('No backends found.');
  else out.push(...renderTextTable(plainTable(tables.decode), options));
  out.push('', '✅ supported, ❌ not supported; %N: any multiple of N', '');
  return out.join('\n');
}

/** A table too wide for the terminal: each row as its first cell (and version), then `Header: value` lines. */
function renderRecords(table: CellTable, width: number): string[] {
  const lines: string[] = [];
  const labelWidth = Math.max(...table.headers.map(displayWidth)) + 2;
  for (const row of table.rows) {
    const pairs = table.headers.map((header, i) => [header, row[i] ?? ''] as const);
    const [[, first], ...rest] = pairs;
    const version = rest.find(([header]) => header === 'Version')?.[1] ?? '';
    if (lines.length > 0) lines.push('');
    lines.push(`\x1b[1m${version === '' ? first : `${first} ${version}`}\x1b[0m`);
    for (const [header, value] of rest) {
      if (header === 'Version') continue;
      const wrapped = wrapText(value, Math.max(10, width - labelWidth - 2));
      wrapped.forEach((text, l) =>
        lines.push(`  ${pad(l === 0 ? `${header}:` : '', labelWidth)}${text}`.trimEnd()),
      );
    }
  }
  return lines;
}
