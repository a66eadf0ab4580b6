// A module's outline: where each top-level statement starts and what it defines, taken
// from a full parse, so that a later run over the same source (known valid) can parse
// only the statements it needs.
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
import { Parser, startTokenBudget, tokenBudgetExhausted } from './parser/parser.js';
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
}

/** Plain JSON-serialisable data. */
export interface ModuleOutline {
  readonly groups: readonly OutlineGroup[];
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
  const groups: OutlineGroup[] = [];
  const count = starts.firstTokens.length;
  for (let i = 0; i < count; i++) {
    const first = starts.firstTokens[i];
    // Only indentation-like characters (form feeds) can precede a top-level statement on its line.
    const offset = first.start === 0 ? 0 : text.lastIndexOf('\n', first.start - 1) + 1;
    const end = i + 1 < count ? starts.bodyIndexes[i + 1] : body.length;
    groups.push(describeGroup(offset, first.line, body.slice(starts.bodyIndexes[i], end)));
  }
  return {
    ok: true,
    module: result.module,
    astDepth: result.astDepth ?? null,
    warnings: result.warnings ?? [],
    outline: { groups },
  };
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

/** The fields that hold statements, handlers or match cases (see src/extract/module-index.ts). */
const STATEMENT_LIST_FIELDS = ['body', 'handlers', 'orelse', 'finalbody', 'cases'] as const;

/**
 * Names and imports of a group, by a walk over statements only: a statement's parent is
 * always a statement, an ExceptHandler, a match_case or the Module, never an expression.
 */
export function describeGroup(offset: number, lineno: number, statements: readonly StmtNode[]): OutlineGroup {
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
