// Public entry of the Python parser: source text in, a CPython-3.11-shaped
// `ast.Module` out, or the error `ast.parse` would raise, as data.

import type { Module } from './ast.js';
import { PySyntaxErrorSignal, type PySyntaxError, type PySyntaxWarning } from './errors.js';
import { Tokenizer, LexicalErrorSignal, normalizeIdentifier } from './tokenizer.js';
import { decodeSourceBytes } from './source.js';
import {
  Parser,
  setIdentifierNormalizer,
  startTokenBudget,
  tokenBudgetExhausted,
  defaultTokenBudget,
} from './parser/parser.js';
import { parseFile, type StatementStarts } from './parser/statements.js';
import { astDepthLimit, COLD_AST_PARSE_CALLS, MAX_AST_DEPTH, measuredAstDepth } from './parser/depth.js';

export type ParseResult =
  | {
      ok: true;
      module: Module;
      /**
       * The module's nesting depth where it matters (see measuredAstDepth), null when it is
       * shallow enough for any caller; absent from parsers that do not tell (test oracles).
       */
      astDepth?: number | null;
      /** SyntaxWarnings CPython emits while parsing these bytes, in order (absent: none known). */
      warnings?: readonly PySyntaxWarning[];
    }
  | { ok: false; error: PySyntaxError; warnings?: readonly PySyntaxWarning[] };

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
  /** Tokens the parse may read before it fails with MemoryError (default: defaultTokenBudget()). */
  readonly maxTokens?: number;
  /**
   * The deepest nesting accepted before RecursionError (default MAX_AST_DEPTH: ast.parse called
   * from a function; astDepthLimit(frames) for other call depths). Infinity accepts any depth and
   * leaves the check to the caller, which reads `astDepth`.
   */
  readonly maxAstDepth?: number;
}

export { astDepthLimit, COLD_AST_PARSE_CALLS, MAX_AST_DEPTH };

export { defaultTokenBudget };

let beforeFirstParse: (() => void) | null = null;

/**
 * Runs `prepare` once, just before the next whole-module parse of this process (the CLI's
 * launcher tunes V8 for a short run there: src/launch/jit-tuning.ts).
 */
export function beforeFirstModuleParse(prepare: () => void): void {
  beforeFirstParse = prepare;
}

/**
 * Takes back the hook not yet run, to hand it to another copy of this module:
 * the CLI's on-demand bundle (explain, --format html) parses with its own.
 */
export function takeBeforeFirstModuleParse(): (() => void) | null {
  const prepare = beforeFirstParse;
  beforeFirstParse = null;
  return prepare;
}

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
  if (beforeFirstParse !== null) {
    const prepare = beforeFirstParse;
    beforeFirstParse = null;
    prepare();
  }
  startTokenBudget(limits.maxTokens);
  const result = parseWithinBudget(source, starts, limits.maxAstDepth ?? MAX_AST_DEPTH);
  // A speculative rule may have turned the budget's MemoryError into another error.
  if (tokenBudgetExhausted()) return { ok: false, error: MEMORY_ERROR };
  return result;
}

function parseWithinBudget(
  source: string,
  starts: StatementStarts | undefined,
  maxAstDepth: number,
): ParseResult {
  let tokenizer: Tokenizer | null = null;
  let parser: Parser | null = null;
  try {
    tokenizer = new Tokenizer(source);
    parser = new Parser(source, tokenizer);
    const module = parseFile(parser, starts);
    if (starts !== undefined) starts.depthTerms = parser.depthTerms();
    const warnings = publicWarnings(tokenizer.warnings);
    const astDepth = measuredAstDepth(module, parser.astDepthBound());
    if (astDepth !== null && astDepth > maxAstDepth) return { ok: false, error: RECURSION_ERROR, warnings };
    return { ok: true, module, astDepth, warnings };
  } catch (e) {
    if (e instanceof PySyntaxErrorSignal) {
      const atFailure = tokenizer?.warnings.length ?? 0;
      const signal = secondPassError(parser, e);
      const error = preferLexicalError(tokenizer, signal);
      return { ok: false, error, warnings: warningsAfterFailure(tokenizer, atFailure, e) };
    }
    if (e instanceof RangeError) return { ok: false, error: RECURSION_ERROR, warnings: [] };
    throw e;
  }
}

function publicWarnings(warnings: readonly PySyntaxWarning[]): PySyntaxWarning[] {
  return warnings.map(({ msg, lineno }) => ({ msg, lineno }));
}

/**
 * The warnings of a failed parse, in CPython's order: those of its first pass; those of the
 * f-string expressions it parsed, again, when a second pass ran (it builds the strings again);
 * then those of the tokens read after the failure, looking for tokenizer errors.
 */
function warningsAfterFailure(
  tokenizer: Tokenizer | null,
  atFailure: number,
  firstPassError: PySyntaxErrorSignal,
): PySyntaxWarning[] {
  if (tokenizer === null) return [];
  const all = tokenizer.warnings;
  const firstPass = all.slice(0, atFailure);
  const secondPass = raisedInFirstPass(firstPassError) ? [] : firstPass.filter((w) => w.inFString);
  return publicWarnings([...firstPass, ...secondPass, ...all.slice(atFailure)]);
}

/**
 * Errors CPython raises in its first pass, which end parsing there: the tokenizer's, forced
 * tokens (`expected '('`), string and f-string errors, resource limits. After any other
 * failure CPython parses again from the start with its invalid_* rules, and the first of
 * those that matches, even in a statement that parsed, gives the error.
 */
function raisedInFirstPass(signal: PySyntaxErrorSignal): boolean {
  const { kind, msg } = signal.error;
  if (signal instanceof LexicalErrorSignal) return true;
  if (kind !== 'SyntaxError' && kind !== 'IndentationError') return true;
  return /^(expected '|f-string|bytes can only|cannot mix bytes|\((unicode|value) error\))/.test(msg);
}

/** The second pass's `match <subject>` without ':' (invalid_match_stmt), when it comes first. */
function secondPassError(parser: Parser | null, signal: PySyntaxErrorSignal): PySyntaxErrorSignal {
  const trap = parser?.matchWithoutColon ?? null;
  if (trap === null || raisedInFirstPass(signal)) return signal;
  const { lineno, offset } = signal.error;
  if (lineno < trap.line) return signal;
  // RAISE_SYNTAX_ERROR without a location: at the last token the first pass read.
  return new PySyntaxErrorSignal({ kind: 'SyntaxError', msg: "expected ':'", lineno, offset });
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
    return tokenizer.scanRestForErrors() ?? error;
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
