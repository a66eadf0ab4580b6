// A module's outline: where each top-level statement starts and what it defines, taken
// from a full parse, so that a later run over the same source (known valid) can parse
// only the statements it needs; and, for a later version of the source, which
// statements changed, so that only those are parsed again (reparseChanged).
//
// A top-level statement begins at a logical line start with indentation 0 and no open
// brackets, and a full tokenizer pass is there in exactly the state a fresh tokenizer
// has: so one started at that line (Tokenizer's `resumeAt`) reads the same tokens, with
// the same lines and byte columns, and the statement parses to the same nodes.

import type { Module, Node, StmtNode } from './ast.js';
import { PySyntaxErrorSignal, type PySyntaxError, type PySyntaxWarning } from './errors.js';
import { MEMORY_ERROR, parseModuleRecordingStarts, RECURSION_ERROR, type ParseLimits } from './parse.js';
import { decodeSourceBytes, translateNewlines } from './source.js';
import { Tokenizer, prepareSource, type PreparedSource } from './tokenizer.js';
import {
  depthBound,
  Parser,
  startTokenBudget,
  tokenBudgetExhausted,
  type DepthTerms,
} from './parser/parser.js';
import { DEPTH_MEASURED_FROM } from './parser/depth.js';
import { sha256Hex } from '../node-builtins.js';
import { parseStatement, type StatementStarts } from './parser/statements.js';

/** One top-level `statement` of the grammar (a compound_stmt, or one simple_stmts line like `a = 1; b = 2`). */
export interface OutlineGroup {
  /** Index in the newline-translated text (Tokenizer.text) of the start of the physical line holding the group's first token (decorators included). */
  readonly offset: number;
  /** That line's number (1-based). */
  readonly lineno: number;
  /** Names of every ClassDef anywhere inside the group (nested too), deduplicated, in ast.walk order. */
  readonly classNames: readonly string[];
  /** Names of every FunctionDef (not AsyncFunctionDef) anywhere inside, deduplicated, in ast.walk order. */
  readonly functionNames: readonly string[];
  /** Whether an ImportFrom statement occurs anywhere inside. */
  readonly hasImportFrom: boolean;
  /**
   * The group's stretch of text, hashed (spanHash): from its offset (the text's start, for
   * the first group) to the next group's offset (the text's end, for the last). Stretches
   * cover the text, so unchanged ones tell what did not change.
   */
  readonly hash: string;
  /**
   * The group's own lines, hashed: from its offset to the end of its last line that is not
   * blank or only a comment. With the line it starts on, they fix its statements' nodes;
   * comments and blank lines after it do not.
   */
  readonly statementHash: string;
}

/** Plain JSON-serialisable data. */
export interface ModuleOutline {
  readonly groups: readonly OutlineGroup[];
  /** Length of the newline-translated text. */
  readonly textLength: number;
  /** Upper bounds of what bounded the parse's AST depth (a partial parse adds its own to them). */
  readonly depthTerms: DepthTerms;
}

export type OutlineParseResult =
  | {
      ok: true;
      module: Module;
      astDepth: number | null;
      warnings: readonly PySyntaxWarning[];
      outline: ModuleOutline;
    }
  | { ok: false; error: PySyntaxError; warnings?: readonly PySyntaxWarning[] };

export type GroupParseResult = { ok: true; body: StmtNode[] } | { ok: false; error: PySyntaxError };

/** A source prepared once (newlines translated, ASCII-ness known) for any number of parseOutlineGroup calls. */
export interface OutlineSource {
  readonly prepared: PreparedSource;
  /** A null byte fails every parse; checked once here, not per group. */
  readonly hasNullByte: boolean;
}

export type OutlineSourceResult = { ok: true; source: OutlineSource } | { ok: false; error: PySyntaxError };

function mismatch(what: string): PySyntaxError {
  return {
    kind: 'ValueError',
    msg: `outline group does not match the source: ${what}`,
    lineno: 0,
    offset: 0,
  };
}

/** Like parseModule, plus the outline when the parse succeeds: same accept/reject and same errors. */
export function parseModuleWithOutline(source: string, limits: ParseLimits = {}): OutlineParseResult {
  const starts: StatementStarts = { firstTokens: [], bodyIndexes: [] };
  const result = parseModuleRecordingStarts(source, limits, starts);
  if (!result.ok) return result;
  const text = translateNewlines(source);
  const body = result.module.body;
  const summaries: GroupSummary[] = [];
  const count = starts.firstTokens.length;
  for (let i = 0; i < count; i++) {
    const first = starts.firstTokens[i];
    const end = i + 1 < count ? starts.bodyIndexes[i + 1] : body.length;
    summaries.push(
      summarize(lineStartOf(text, first.start), first.line, body.slice(starts.bodyIndexes[i], end)),
    );
  }
  return {
    ok: true,
    module: result.module,
    astDepth: result.astDepth ?? null,
    warnings: result.warnings ?? [],
    outline: { groups: withHashes(text, summaries), textLength: text.length, depthTerms: starts.depthTerms! },
  };
}

/** Where the physical line holding `index` starts (only form feeds can precede a top-level statement on it). */
function lineStartOf(text: string, index: number): number {
  return index === 0 ? 0 : text.lastIndexOf('\n', index - 1) + 1;
}

/** A group before its text is hashed. */
type GroupSummary = Omit<OutlineGroup, 'hash' | 'statementHash'>;

/** A line holding nothing but blanks and maybe a comment (the tokenizer skips it). */
const BLANK_OR_COMMENT_LINE = /^[ \t\f]*(?:#[^\n]*)?\n?$/;

/** The end of the last line in text[start, end) that is not blank or only a comment (the first line counts). */
function ownEnd(text: string, start: number, end: number): number {
  while (end > start) {
    const lineStart = text.lastIndexOf('\n', end - 2) + 1;
    if (lineStart <= start || !BLANK_OR_COMMENT_LINE.test(text.slice(lineStart, end))) break;
    end = lineStart;
  }
  return end;
}

/** A group with the hashes of its stretch text[from, to) and of its own lines in it. */
function hashed(text: string, summary: GroupSummary, from: number, to: number): OutlineGroup {
  return {
    ...summary,
    hash: spanHash(text, from, to),
    statementHash: spanHash(text, summary.offset, ownEnd(text, summary.offset, to)),
  };
}

/**
 * A hash of text[start, end): SHA-256, cut to 96 bits. A cryptographic hash, so that no
 * edit can be made to look like no edit (a changed statement taken for an unchanged one
 * would be taken as valid). The text is decoded strictly, so it has no lone surrogates
 * (whose UTF-8 encoding would be ambiguous).
 */
export function spanHash(text: string, start: number, end: number): string {
  return sha256Hex(text.slice(start, end)).slice(0, 24);
}

/** The groups with their hashes (stretches: the first from the text's start, the last to its end). */
function withHashes(text: string, summaries: readonly GroupSummary[]): OutlineGroup[] {
  return summaries.map((summary, i) =>
    hashed(
      text,
      summary,
      i === 0 ? 0 : summary.offset,
      i + 1 < summaries.length ? summaries[i + 1].offset : text.length,
    ),
  );
}

/** parseModuleBytes with the outline: strict UTF-8 decoding with universal newlines, then parseModuleWithOutline. */
export function parseModuleBytesWithOutline(bytes: Uint8Array, limits: ParseLimits = {}): OutlineParseResult {
  const decoded = decodeSourceBytes(bytes);
  if (!decoded.ok) return { ok: false, error: decoded.error };
  return parseModuleWithOutline(decoded.text, limits);
}

/**
 * Prepares `source` (the same string given to parseModuleWithOutline) for parseOutlineGroup:
 * the whole-text work (newline translation, the ASCII and null-byte checks) happens here once.
 */
export function prepareOutlineSource(source: string): OutlineSource {
  const prepared = prepareSource(source);
  return { prepared, hasNullByte: prepared.src.indexOf('\0') >= 0 };
}

/** Decodes file bytes as parseModuleBytes does, then prepareOutlineSource. */
export function prepareOutlineSourceBytes(bytes: Uint8Array): OutlineSourceResult {
  const decoded = decodeSourceBytes(bytes);
  if (!decoded.ok) return { ok: false, error: decoded.error };
  return { ok: true, source: prepareOutlineSource(decoded.text) };
}

/**
 * Parses one group of a source whose full parse succeeded and gave this outline: the group's
 * statements, equal (same fields, same locations) to those the full parse put in Module.body.
 * Pass an OutlineSource to parse several groups of one source without whole-text work per group.
 * Errors (as data) only when the group does not fit the source, e.g. an outline of other text.
 */
export function parseOutlineGroup(
  source: string | OutlineSource,
  group: OutlineGroup,
  limits: ParseLimits = {},
): GroupParseResult {
  const outlineSource = typeof source === 'string' ? prepareOutlineSource(source) : source;
  if (outlineSource.hasNullByte) return { ok: false, error: mismatch('the source has a null byte') };
  const prepared = outlineSource.prepared;
  const { offset, lineno } = group;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset >= prepared.src.length) {
    return { ok: false, error: mismatch(`offset ${offset} is outside the text`) };
  }
  if (offset > 0 && prepared.src.charCodeAt(offset - 1) !== 10) {
    return { ok: false, error: mismatch(`offset ${offset} is not a line start`) };
  }
  if (!Number.isSafeInteger(lineno) || lineno < 1) {
    return { ok: false, error: mismatch(`line ${lineno} is not a line number`) };
  }
  startTokenBudget(limits.maxTokens);
  const result = parseGroupWithinBudget(prepared, offset, lineno);
  if (tokenBudgetExhausted()) return { ok: false, error: MEMORY_ERROR };
  return result;
}

function parseGroupWithinBudget(prepared: PreparedSource, offset: number, lineno: number): GroupParseResult {
  try {
    const tokenizer = new Tokenizer(prepared, { offset, line: lineno });
    const parser = new Parser(prepared.text, tokenizer);
    const first = parser.peek();
    // A statement starts on the group's first line: otherwise the line numbers would be off.
    if (first.line !== lineno || first.kind === 'EndMarker') {
      return { ok: false, error: mismatch(`no statement starts on line ${lineno}`) };
    }
    const body: StmtNode[] = [];
    parseStatement(parser, body);
    return { ok: true, body };
  } catch (e) {
    if (e instanceof PySyntaxErrorSignal) return { ok: false, error: e.error };
    if (e instanceof RangeError) return { ok: false, error: RECURSION_ERROR };
    throw e;
  }
}

/** A later version of a source, outlined from the outline of an earlier one. */
export interface ChangedParse {
  readonly outline: ModuleOutline;
  /** The statements of the groups parsed now (those of the changed stretch), by index in outline.groups. */
  readonly parsed: ReadonlyMap<number, readonly StmtNode[]>;
}

/**
 * The outline of `source`, a new version of a text whose full parse succeeded and gave
 * `previous`, found by parsing only the stretch of top-level statements that changed; the
 * other statements' groups are moved (offsets and lines shifted), not parsed. Null when
 * only a full parse can tell: the changed stretch does not parse or warns (CPython's choice
 * of error and its second pass look at the whole text), its end is no longer where an
 * unchanged statement starts (a bracket or string left open swallows what follows), the
 * earlier parse warned, or the text is no longer shallow enough to leave its AST depth
 * unmeasured. When it is not null, the full parse of `source` succeeds without warnings
 * and its outline is this one.
 *
 * The unchanged statements are found by their stretches' hashes, from the start and then
 * from the end. The stretch in between starts where an unchanged statement started, after
 * the same text, so a tokenizer there is in a fresh tokenizer's state; it is parsed as
 * top-level statements until the next token is the first of the unchanged statements that
 * follow (at the start of its line, in column 0, so every block before it is closed). Each
 * top-level statement parses alone as it does in the whole file (see above), so the whole
 * file parses, and to the same statements.
 */
export function reparseChanged(
  previous: ModuleOutline,
  source: OutlineSource,
  previousWarnings: number,
): ChangedParse | null {
  const groups = previous.groups;
  const count = groups.length;
  if (count === 0 || previousWarnings > 0 || source.hasNullByte) return null;
  const text = source.prepared.text;
  const oldStart = (i: number): number =>
    i === 0 ? 0 : i === count ? previous.textLength : groups[i].offset;
  // Unchanged from the start; the last group always counts as changed unless nothing did:
  // text added after it may continue it (its block, or its line without a final newline).
  let first = 0;
  while (
    first < count &&
    oldStart(first + 1) <= text.length &&
    spanHash(text, oldStart(first), oldStart(first + 1)) === groups[first].hash
  )
    first++;
  if (first === count && text.length === previous.textLength) return { outline: previous, parsed: new Map() };
  first = Math.min(first, count - 1);
  // Unchanged from the end, shifted by the change in length.
  const shift = text.length - previous.textLength;
  let end = count;
  while (
    end > first &&
    oldStart(end - 1) + shift >= oldStart(first) &&
    spanHash(text, oldStart(end - 1) + shift, oldStart(end) + shift) === groups[end - 1].hash
  )
    end--;
  const stretchStart = oldStart(first);
  const stretchEnd = end === count ? text.length : groups[end].offset + shift;
  const startLine = first === 0 ? 1 : groups[first].lineno;
  const untouched = sameStatementOnly(previous, first, end, text, stretchEnd);
  if (untouched !== null) return untouched;
  const stretch = parseStretch(source.prepared, stretchStart, startLine, stretchEnd);
  if (stretch === null) return null;
  const lineShift = end === count ? 0 : stretch.endLine - groups[end].lineno;
  const depthTerms: DepthTerms = {
    // A resumed parse does not see the DEDENTs that open a group's first line in the full
    // parse (at most one per block open before it): allow for them.
    lineTokens:
      Math.max(previous.depthTerms.lineTokens, stretch.depthTerms.lineTokens) +
      Math.max(previous.depthTerms.blocks, stretch.depthTerms.blocks),
    blocks: Math.max(previous.depthTerms.blocks, stretch.depthTerms.blocks),
    elifs: Math.max(previous.depthTerms.elifs, stretch.depthTerms.elifs),
  };
  if (depthBound(depthTerms) > DEPTH_MEASURED_FROM) return null;

  const summaries: GroupSummary[] = groups.slice(0, first);
  const parsed = new Map<number, readonly StmtNode[]>();
  for (const group of stretch.groups) {
    parsed.set(summaries.length, group.body);
    summaries.push(summarize(group.offset, group.lineno, group.body));
  }
  const moved = summaries.length;
  for (let i = end; i < count; i++) {
    const { hash: _hash, statementHash: _statementHash, ...summary } = groups[i];
    summaries.push({ ...summary, offset: summary.offset + shift, lineno: summary.lineno + lineShift });
  }
  // Hashes: a moved group keeps its own (the same stretch of text), except the last one
  // before the changed stretch, whose stretch now ends where the next group starts, and
  // one that became the first or was the first, whose stretch starts at the text's start.
  const outlineGroups: OutlineGroup[] = summaries.map((summary, i) => {
    if (i < first - 1) return groups[i];
    if (i >= moved && i > 0 && i - moved + end > 0) {
      const { hash, statementHash } = groups[i - moved + end];
      return { ...summary, hash, statementHash };
    }
    return hashed(
      text,
      summary,
      i === 0 ? 0 : summary.offset,
      i + 1 < summaries.length ? summaries[i + 1].offset : text.length,
    );
  });
  return { outline: { groups: outlineGroups, textLength: text.length, depthTerms }, parsed };
}

/**
 * When the changed stretch is one group whose own lines are as they were, and only the
 * blank and comment lines after it changed (a comment added at the end of a file, or after
 * a function): the outline with that group's stretch hashed anew and the groups after it
 * moved, without parsing anything. Null otherwise.
 */
function sameStatementOnly(
  previous: ModuleOutline,
  first: number,
  end: number,
  text: string,
  stretchEnd: number,
): ChangedParse | null {
  const groups = previous.groups;
  if (end !== first + 1 || first === 0) return null;
  const group = groups[first];
  const own = ownEnd(text, group.offset, stretchEnd);
  // A last line continued by a backslash reads on into the lines after it (an EOF error, if none).
  if (text.charCodeAt(own - 2) === 92 || spanHash(text, group.offset, own) !== group.statementHash)
    return null;
  let newlines = 0;
  for (let i = text.indexOf('\n', group.offset); i >= 0 && i < stretchEnd; i = text.indexOf('\n', i + 1))
    newlines++;
  const shift = text.length - previous.textLength;
  const lineShift = end === groups.length ? 0 : group.lineno + newlines - groups[end].lineno;
  const outlineGroups = groups.map((g, i) => {
    if (i < first) return g;
    if (i === first) return { ...g, hash: spanHash(text, g.offset, stretchEnd) };
    return { ...g, offset: g.offset + shift, lineno: g.lineno + lineShift };
  });
  return {
    outline: { groups: outlineGroups, textLength: text.length, depthTerms: previous.depthTerms },
    parsed: new Map(),
  };
}

/** The top-level statements of a stretch of text, grouped as an outline groups them. */
interface ParsedStretch {
  readonly groups: readonly { offset: number; lineno: number; body: StmtNode[] }[];
  /** The line where the stretch ends (that of the first unchanged statement after it). */
  readonly endLine: number;
  readonly depthTerms: DepthTerms;
}

/**
 * Parses text[start, end) as top-level statements (`start` a line start where a fresh
 * tokenizer's state holds, on line `line`), or null: a syntax error, a warning, or a
 * statement that does not end before `end` with the next one starting right there
 * (`end` is the text's length when the stretch runs to the end).
 */
function parseStretch(
  prepared: PreparedSource,
  start: number,
  line: number,
  end: number,
): ParsedStretch | null {
  startTokenBudget();
  try {
    const tokenizer = new Tokenizer(prepared, { offset: start, line });
    const parser = new Parser(prepared.text, tokenizer);
    const groups: { offset: number; lineno: number; body: StmtNode[] }[] = [];
    let endLine = 0;
    for (;;) {
      const next = parser.peek();
      if (next.kind === 'EndMarker') {
        if (end !== prepared.text.length) return null;
        break;
      }
      const offset = lineStartOf(prepared.text, next.start);
      if (offset >= end) {
        if (offset !== end || next.kind === 'Indent' || next.kind === 'Dedent') return null;
        endLine = next.line;
        break;
      }
      parser.trim();
      const body: StmtNode[] = [];
      parseStatement(parser, body);
      groups.push({ offset, lineno: next.line, body });
    }
    if (tokenBudgetExhausted() || tokenizer.warnings.length > 0) return null;
    return { groups, endLine, depthTerms: parser.depthTerms() };
  } catch (e) {
    if (e instanceof PySyntaxErrorSignal || e instanceof RangeError) return null;
    throw e;
  }
}

/** The fields that hold statements, handlers or match cases (see src/extract/module-index.ts). */
const STATEMENT_LIST_FIELDS = ['body', 'handlers', 'orelse', 'finalbody', 'cases'] as const;

/**
 * Names and imports of a group, by a walk over statements only: a statement's parent is
 * always a statement, an ExceptHandler, a match_case or the Module, never an expression.
 */
function summarize(offset: number, lineno: number, statements: readonly StmtNode[]): GroupSummary {
  const classNames = new Set<string>();
  const functionNames = new Set<string>();
  let hasImportFrom = false;
  const queue: Node[] = [...statements];
  for (let read = 0; read < queue.length; read++) {
    const node = queue[read];
    if (node._type === 'ClassDef') classNames.add(node.name);
    else if (node._type === 'FunctionDef') functionNames.add(node.name);
    else if (node._type === 'ImportFrom') hasImportFrom = true;
    const record = node as unknown as Record<string, unknown>;
    for (const field of STATEMENT_LIST_FIELDS) {
      const list = record[field];
      if (Array.isArray(list)) for (const child of list as Node[]) queue.push(child);
    }
  }
  return {
    offset,
    lineno,
    classNames: [...classNames],
    functionNames: [...functionNames],
    hasImportFrom,
  };
}
