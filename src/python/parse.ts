// Public entry of the Python parser: source text in, a CPython-3.11-shaped
// `ast.Module` out, or the error `ast.parse` would raise, as data.

import type { Module } from './ast.js';
import { PySyntaxErrorSignal, type PySyntaxError } from './errors.js';
import { Tokenizer, LexicalErrorSignal, normalizeIdentifier } from './tokenizer.js';
import { decodeSourceBytes } from './source.js';
import {
  Parser,
  setIdentifierNormalizer,
  startTokenBudget,
  tokenBudgetExhausted,
  MAX_PARSE_TOKENS,
} from './parser/parser.js';
import { parseFile, type StatementStarts } from './parser/statements.js';
import { exceedsAstDepth, MAX_AST_DEPTH } from './parser/depth.js';

export type ParseResult = { ok: true; module: Module } | { ok: false; error: PySyntaxError };

setIdentifierNormalizer(normalizeIdentifier);

/** What ast.parse raises on input nested too deep for the AST (also for a stack overflow). */
export const RECURSION_ERROR: PySyntaxError = {
  kind: 'RecursionError',
  msg: 'maximum recursion depth exceeded during ast construction',
  lineno: 0,
  offset: 0,
};

/** What ast.parse raises when memory runs out (str(MemoryError()) is empty). */
export const MEMORY_ERROR: PySyntaxError = { kind: 'MemoryError', msg: '', lineno: 0, offset: 0 };

export interface ParseLimits {
  /** Tokens the parse may read before it fails with MemoryError (default MAX_PARSE_TOKENS). */
  readonly maxTokens?: number;
}

export { MAX_PARSE_TOKENS };

/**
 * Parses decoded source text (as `Path.read_text()` gives it) like `ast.parse(source)`.
 * Input too large for the token budget fails with MemoryError (empty message, as CPython's
 * str(MemoryError()) is) instead of exhausting the heap.
 */
export function parseModule(source: string, limits: ParseLimits = {}): ParseResult {
  return parseModuleRecordingStarts(source, limits, undefined);
}

/**
 * parseModule that also records in `starts` where each top-level statement began
 * (outline.ts; starts are complete only when the parse succeeds).
 */
export function parseModuleRecordingStarts(
  source: string,
  limits: ParseLimits,
  starts: StatementStarts | undefined,
): ParseResult {
  startTokenBudget(limits.maxTokens ?? MAX_PARSE_TOKENS);
  const result = parseWithinBudget(source, starts);
  // A speculative rule may have turned the budget's MemoryError into another error.
  if (tokenBudgetExhausted()) return { ok: false, error: MEMORY_ERROR };
  return result;
}

function parseWithinBudget(source: string, starts: StatementStarts | undefined): ParseResult {
  let tokenizer: Tokenizer | null = null;
  try {
    tokenizer = new Tokenizer(source);
    const parser = new Parser(source, tokenizer);
    const module = parseFile(parser, starts);
    if (parser.astDepthBound() > MAX_AST_DEPTH && exceedsAstDepth(module))
      return { ok: false, error: RECURSION_ERROR };
    return { ok: true, module };
  } catch (e) {
    if (e instanceof PySyntaxErrorSignal) return { ok: false, error: preferLexicalError(tokenizer, e) };
    if (e instanceof RangeError) return { ok: false, error: RECURSION_ERROR };
    throw e;
  }
}

/**
 * CPython tokenizes the rest of the input after a parser-raised SyntaxError, and a
 * tokenizer error found there is what ast.parse reports instead.
 */
function preferLexicalError(tokenizer: Tokenizer | null, signal: PySyntaxErrorSignal): PySyntaxError {
  const error = signal.error;
  if (tokenizer === null || signal instanceof LexicalErrorSignal) return error;
  if (error.kind !== 'SyntaxError' && error.kind !== 'IndentationError') return error;
  // CPython raises these from the last token itself, without looking further.
  if (error.msg === 'unexpected indent' || error.msg === 'unexpected unindent') return error;
  try {
    return tokenizer.scanRestForErrors(error.lineno) ?? error;
  } catch (e) {
    if (e instanceof PySyntaxErrorSignal || e instanceof RangeError) return error;
    throw e;
  }
}

/**
 * Results by the very byte array parsed (with the default limits). A tree that
 * hands out the same array each time a file is read (the page's embedded tree,
 * its recorder) has each file parsed once however many explain() calls read it;
 * a tree that reads afresh gives new arrays and never hits. Results are never
 * changed by their users, so sharing them is safe.
 */
const parsedBytes = new WeakMap<Uint8Array, ParseResult>();

/** Parses raw file bytes: strict UTF-8 decoding with universal newlines, then parseModule. */
export function parseModuleBytes(bytes: Uint8Array, limits: ParseLimits = {}): ParseResult {
  const memo = limits.maxTokens === undefined;
  const known = memo ? parsedBytes.get(bytes) : undefined;
  if (known !== undefined) return known;
  const decoded = decodeSourceBytes(bytes);
  const result: ParseResult = decoded.ok
    ? parseModule(decoded.text, limits)
    : { ok: false, error: decoded.error };
  if (memo) parsedBytes.set(bytes, result);
  return result;
}
