// Parser core: a token buffer with lookahead over the pull lexer, location
// helpers and error raising. Grammar rules live in the sibling modules as
// functions taking the Parser (one class for state, no closures in hot paths).

import { heapStatistics } from '../../node-builtins.js';
import type { Location } from '../ast.js';
import type { Token } from '../token.js';
import {
  PySyntaxErrorSignal,
  type PySyntaxError,
  type PySyntaxErrorKind,
  type PySyntaxWarning,
} from '../errors.js';

export interface TokenSource {
  next(): Token;
  /** SyntaxWarnings the source emitted (CPython's tokenizer warnings), if it keeps them. */
  readonly warnings?: PySyntaxWarning[];
}

/** Python's hard keywords: a Name token with this text is never an identifier. */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
]);

/**
 * CPython's MAXSTACK (6000) minus the ~30 rules it nests between `file` and an expression's
 * innermost atom; our `level` counts only the recursion that grows with the input (one per
 * unary operator, if-else or block, two per lambda or `**`), so this reproduces where
 * 3.11 raises MemoryError (e.g. `'-'*5969+'1'` parses, 5970 does not).
 */
export const MAX_PARSER_LEVEL = 5970;

/**
 * How much deeper (or shallower) CPython 3.11.7's rule chain runs at some places than
 * where the enterNest constants were measured: each from the largest n of `'-'*n+'1'` that
 * still parses there, nested 1, 2 and 3 times (the difference per nesting).
 */
export const LEVELS = {
  /** The second element of a parenthesised tuple, and every later one. */
  tupleSecond: 2,
  tupleLater: 3,
  /** Elements after the first of a list, set or dict display (keys and values alike). */
  displayLater: 1,
  /** Elements after the first of a subscript tuple (`a[1, x]`). */
  subscriptLater: 3,
  /** Call arguments: a keyword's value, `*x` or `**x` first; any argument after the first. */
  callFirstKeywordOrStar: 3,
  callLater: 4,
  /** The operand of `*`/`**` in a display (star_named_expression: '*' bitwise_or). */
  starredOperand: -5,
  /** The value of `name := value`. */
  walrusValue: 1,
  /** A comprehension's `in` iterable: in a call's generator, a parenthesised one, a list/set/dict one. */
  compIterCall: 2,
  compIterParen: 0,
  compIterDisplay: -1,
  /** A comprehension's `if` condition, relative to its iterable. */
  compIf: 2,
  /** The value of `x = ...`, `x += ...`, `x: T = ...`, `return ...`; the test of if/while/assert. */
  assignValue: 2,
  augAssignValue: 2,
  annAssignValue: 3,
  returnValue: 1,
  conditionTest: -1,
  /** The value of a yield expression. */
  yieldValue: 1,
  /** Operands after the first of `and`/`or`, and right operands of comparisons. */
  boolOpLater: 2,
  compareRight: 3,
  /** Items after the first of an unparenthesised tuple (`x = 1, y`). */
  statementTupleLater: 2,
} as const;

/**
 * Heap bytes the densest inputs take per token while parsed, with the tokens of the statement
 * being read (measured at 1M tokens: one-line tuples of comparisons ~320 bytes of RSS per
 * token, `x = 1` lines ~170, lists of numbers ~230).
 */
const BYTES_PER_TOKEN = 400;
/** Share of V8's heap limit in use at which a parse gives up. */
const HEAP_FULL_SHARE = 0.75;
/**
 * Tokens read before the heap is first looked at: reading V8's heap statistics is not free
 * (it showed up in cold-start profiles), no ordinary file comes near (the largest stdlib and
 * site-packages file reads ~147k tokens), and this many fit in any heap Node runs with.
 */
const HEAP_CHECK_FROM = 0x40000;
/** Tokens between checks of the heap, from then on. */
const HEAP_CHECK_INTERVAL = 0x10000;

let scaledBudget: number | null = null;

/**
 * The tokens a parse may read by default: as many as fit in three quarters of V8's heap
 * limit at the densest (~8 million at Node's default limit on a machine with 16 GB or more,
 * where CPython needs ~2.2 GB for a 4-million-token list and >19 GB for 35 million tokens of
 * `x = 1` lines). Past it, or with the heap that full, a parse fails with MemoryError, as
 * CPython's does when memory runs out, instead of V8 aborting the process.
 */
export function defaultTokenBudget(): number {
  scaledBudget ??= Math.floor((heapStatistics().heap_size_limit * HEAP_FULL_SHARE) / BYTES_PER_TOKEN);
  return scaledBudget;
}

/**
 * The current parse's token budget. Parsing is synchronous, so one parse runs at a time;
 * f-string sub-parsers draw on their enclosing parse's budget. `limit` null: the default,
 * looked up once a parse gets large (defaultTokenBudget).
 */
const budget: { used: number; limit: number | null; exhausted: boolean } = {
  used: 0,
  limit: null,
  exhausted: false,
};

/** Parses started in this process (modules and outline groups): the CLI's launcher asks. */
let parses = 0;

/** How many parses this process has started. */
export function parsesStarted(): number {
  return parses;
}

/** Starts a parse's token budget (parse.ts calls this before each parse); no limit: the default. */
export function startTokenBudget(limit?: number): void {
  parses++;
  budget.used = 0;
  budget.limit = limit ?? null;
  budget.exhausted = false;
}

/**
 * Whether the current parse ran out of tokens. Checked once the parse is over, since a
 * speculative rule may have caught the MemoryError and reported something else.
 */
export function tokenBudgetExhausted(): boolean {
  return budget.exhausted;
}

/** Counts one more token; false when the budget or the heap is exhausted. */
function takeToken(): boolean {
  const used = ++budget.used;
  if (budget.limit !== null && used > budget.limit) return false;
  if (used < HEAP_CHECK_FROM || (used & (HEAP_CHECK_INTERVAL - 1)) !== 0) return true;
  if (budget.limit === null) {
    budget.limit = defaultTokenBudget();
    if (used > budget.limit) return false;
  }
  const heap = heapStatistics();
  return heap.used_heap_size <= heap.heap_size_limit * HEAP_FULL_SHARE;
}

function memoryError(): PySyntaxErrorSignal {
  // str(MemoryError()) is empty, as ast.parse raises it.
  return new PySyntaxErrorSignal({ kind: 'MemoryError', msg: '', lineno: 0, offset: 0 });
}

/** Where an f-string's sub-parser sits in the enclosing file (CPython's starting_lineno/col_offset). */
export interface SubParseOrigin {
  /** Added to every token line (sub-source lines are 1-based). */
  readonly lineDelta: number;
  /** Added to columns of tokens on the sub-source's first line only. */
  readonly firstLineColDelta: number;
}

/** What bounds a parse's AST depth: its longest logical line in tokens, deepest blocks and elif chain. */
export interface DepthTerms {
  readonly lineTokens: number;
  readonly blocks: number;
  readonly elifs: number;
}

/** Parser.astDepthBound() for these terms: within a line at most ~2 nodes per token, plus nesting. */
export function depthBound(terms: DepthTerms): number {
  return 2 * terms.lineTokens + 3 * terms.blocks + 2 * terms.elifs + 10;
}

export class Parser {
  readonly source: string;
  private readonly lexer: TokenSource;
  /**
   * The tokens read, `tokens[0, count)`. Slots past `count` are left as they are: trim()
   * moves tokens down instead of shortening the array, which would give its storage back
   * and have every later push grow it again (a few MB of garbage per megabyte parsed).
   */
  private readonly tokens: Token[] = [];
  private count = 0;
  /** Index of the next unconsumed token in `tokens`. */
  pos = 0;
  /** Rule nesting, to reject what CPython rejects with MemoryError. */
  level = 0;
  /** Open bracket constructs (calls, subscripts, displays) around the cursor. */
  nesting = 0;
  private lexerError: PySyntaxErrorSignal | null = null;
  // Bounds on the AST depth, so the exact depth walk runs only when it could matter:
  // within one logical line a node path has at most ~2 nodes per token; blocks and
  // elif chains add nesting across lines.
  private lineTokens = 0;
  maxLineTokens = 0;
  blockDepth = 0;
  maxBlockDepth = 0;
  elifDepth = 0;
  maxElifDepth = 0;
  private readonly origin: SubParseOrigin | null;

  constructor(source: string, lexer: TokenSource, origin: SubParseOrigin | null = null) {
    this.source = source;
    this.lexer = lexer;
    this.origin = origin;
  }

  private fill(): Token {
    if (this.lexerError !== null) throw this.lexerError;
    if (!takeToken()) {
      budget.limit = 0;
      budget.exhausted = true;
      throw memoryError();
    }
    let tok: Token;
    try {
      tok = this.lexer.next();
    } catch (e) {
      if (e instanceof PySyntaxErrorSignal) this.lexerError = e;
      throw e;
    }
    const origin = this.origin;
    if (origin !== null) tok = shiftToken(tok, origin);
    this.tokens[this.count++] = tok;
    if (tok.kind === 'Newline') this.lineTokens = 0;
    else if (++this.lineTokens > this.maxLineTokens) this.maxLineTokens = this.lineTokens;
    return tok;
  }

  /** The next unconsumed token. */
  peek(): Token {
    const pos = this.pos;
    return pos < this.count ? this.tokens[pos] : this.fill();
  }

  /** The token `k` places after the next one (k=0 is peek()). */
  peekAt(k: number): Token {
    const want = this.pos + k;
    while (this.count <= want) {
      const t = this.fill();
      if (t.kind === 'EndMarker') return t;
    }
    return this.tokens[want];
  }

  advance(): Token {
    const tok = this.peek();
    if (tok.kind !== 'EndMarker') this.pos++;
    return tok;
  }

  /** The most recently consumed token (callers only use this after consuming one). */
  prev(): Token {
    return this.tokens[this.pos - 1];
  }

  isOp(text: string): boolean {
    const t = this.peek();
    return t.kind === 'Op' && t.text === text;
  }

  isOpAt(k: number, text: string): boolean {
    const t = this.peekAt(k);
    return t.kind === 'Op' && t.text === text;
  }

  isKeyword(text: string): boolean {
    const t = this.peek();
    return t.kind === 'Name' && t.text === text;
  }

  eatOp(text: string): boolean {
    const t = this.peek();
    if (t.kind === 'Op' && t.text === text) {
      this.pos++;
      return true;
    }
    return false;
  }

  eatKeyword(text: string): boolean {
    const t = this.peek();
    if (t.kind === 'Name' && t.text === text) {
      this.pos++;
      return true;
    }
    return false;
  }

  expectOp(text: string): Token {
    const t = this.peek();
    if (t.kind === 'Op' && t.text === text) {
      this.pos++;
      return t;
    }
    return this.fail('invalid syntax', t);
  }

  /** A token CPython's grammar forces (`&&'x'`): its absence reads "expected 'x'". */
  expectForcedOp(text: string): Token {
    const t = this.peek();
    if (t.kind === 'Op' && t.text === text) {
      this.pos++;
      return t;
    }
    return this.fail(`expected '${text}'`, t);
  }

  expectKeyword(text: string): Token {
    const t = this.peek();
    if (t.kind === 'Name' && t.text === text) {
      this.pos++;
      return t;
    }
    return this.fail('invalid syntax', t);
  }

  /** True when the next token is an identifier (a Name that is not a hard keyword). */
  atName(): boolean {
    const t = this.peek();
    return t.kind === 'Name' && !KEYWORDS.has(t.text);
  }

  expectName(): string {
    const t = this.peek();
    if (t.kind === 'Name' && !KEYWORDS.has(t.text)) {
      this.pos++;
      return identifier(t.text);
    }
    return this.fail('invalid syntax', t);
  }

  expectNewline(): void {
    const t = this.peek();
    if (t.kind === 'Newline') {
      this.pos++;
      return;
    }
    this.fail('invalid syntax', t);
  }

  /**
   * A node from its fields, spanning from token `start` to the end of the last
   * token consumed (CPython's EXTRA, Ruff's node_range): the one place node
   * locations are made from a start token.
   */
  finish<F extends { readonly _type: string }>(fields: F, start: Token): F & Location {
    const end = this.lastSolid();
    const node = fields as F & Location;
    node.lineno = start.line;
    node.col_offset = start.col;
    node.end_lineno = end.endLine;
    node.end_col_offset = end.endCol;
    return node;
  }

  /** End line of the last consumed token that is not NEWLINE/INDENT/DEDENT (CPython's EXTRA end). */
  endLine(): number {
    return this.lastSolid().endLine;
  }

  endCol(): number {
    return this.lastSolid().endCol;
  }

  lastSolid(): Token {
    const tokens = this.tokens;
    for (let i = this.pos - 1; i >= 0; i--) {
      const k = tokens[i].kind;
      if (k !== 'Newline' && k !== 'Indent' && k !== 'Dedent' && k !== 'EndMarker') return tokens[i];
    }
    return tokens[0];
  }

  /** Counts a sub-parser's tokens (an f-string expression) into the current logical line. */
  addLineTokens(n: number): void {
    this.lineTokens += n;
    if (this.lineTokens > this.maxLineTokens) this.maxLineTokens = this.lineTokens;
  }

  /** An upper bound on the AST depth of what was parsed (see the fields above). */
  astDepthBound(): number {
    return depthBound(this.depthTerms());
  }

  /** The maxima astDepthBound() is made of. */
  depthTerms(): DepthTerms {
    return { lineTokens: this.maxLineTokens, blocks: this.maxBlockDepth, elifs: this.maxElifDepth };
  }

  tokenCount(): number {
    return this.count;
  }

  /** The token after an already-buffered token `tok` (null if not buffered). */
  tokenAfter(tok: Token): Token | null {
    const tokens = this.tokens;
    for (let i = this.pos - 1; i >= 0; i--) {
      if (tokens[i] === tok) return i + 1 < this.count ? tokens[i + 1] : null;
    }
    return null;
  }

  /**
   * Drops tokens consumed long ago so they die young (called between statements,
   * where no backtracking mark is held).
   */
  trim(): void {
    if (this.pos > 4096) {
      const keep = 256;
      const drop = this.pos - keep;
      this.tokens.copyWithin(0, drop, this.count);
      this.count -= drop;
      this.pos = keep;
    }
  }

  mark(): number {
    return this.pos;
  }

  reset(mark: number): void {
    this.pos = mark;
  }

  /**
   * The first token of an expression statement or of an assignment's value: CPython reaches
   * the brackets of the primary starting there through its (shorter) target rules first, so
   * they cost `discountLevels` fewer (see enterNest).
   */
  discountToken: Token | null = null;
  discountLevels = 19;
  /** Whether the primary being parsed starts at discountToken. */
  inDiscountedPrimary = false;

  /**
   * The last disjunction parsed to its end: its first token, and the cursor after it.
   * A generic error right there is where CPython's second pass tries invalid_expression.
   */
  private disjunctionStart: Token | null = null;
  private disjunctionEnd = -1;
  /** Set while a missing-comma check parses ahead (no nested checks). */
  checkingComma = false;

  /**
   * The first statement that parsed as an expression but that CPython's second pass reads
   * as `match <subject>` without its ':' (invalid_match_stmt): see parse.ts.
   */
  matchWithoutColon: Token | null = null;

  noteDisjunction(start: Token): void {
    this.disjunctionStart = start;
    this.disjunctionEnd = this.pos;
  }

  forgetDisjunction(): void {
    this.disjunctionStart = null;
  }

  /**
   * Enters a bracket construct whose CPython rule chain is `cost` levels deep when nested
   * in another one; the outermost one of a statement's first primary costs less (measured
   * on 3.11.7). Returns the amount to give back with leaveNest.
   */
  enterNest(cost: number): number {
    const charged = this.nesting === 0 && this.inDiscountedPrimary ? cost - this.discountLevels : cost;
    this.nesting++;
    this.level += charged - 1;
    this.enter();
    return charged;
  }

  leaveNest(charged: number): void {
    this.nesting--;
    this.level -= charged;
  }

  enter(): void {
    if (++this.level > MAX_PARSER_LEVEL) throw memoryError();
  }

  /**
   * Where CPython's rule chain to what follows is `n` levels deeper (or, negative, shallower)
   * than the constants here assume: an element after the first of a tuple, a starred operand
   * (see LEVELS). Undone with shiftLevel(-n).
   */
  shiftLevel(n: number): void {
    this.level += n;
    if (n > 0 && this.level > MAX_PARSER_LEVEL) throw memoryError();
  }

  /**
   * Adds the warnings of an f-string expression's own parse (lines counted from `lineDelta`)
   * to this parse's, where CPython emits them: as the string is read.
   */
  reportFStringWarnings(warnings: readonly PySyntaxWarning[], lineDelta: number): void {
    const sink = this.lexer.warnings;
    if (sink === undefined) return;
    for (const w of warnings) sink.push({ msg: w.msg, lineno: w.lineno + lineDelta, inFString: true });
  }

  fail(msg: string, at?: Token, kind: PySyntaxErrorKind = 'SyntaxError'): never {
    if (
      msg === 'invalid syntax' &&
      kind === 'SyntaxError' &&
      missingComma !== null &&
      !this.checkingComma &&
      this.disjunctionStart !== null &&
      this.disjunctionEnd === this.pos &&
      (at === undefined || (this.pos < this.count && at === this.tokens[this.pos]))
    ) {
      // CPython's second pass: `disjunction expression` is "Perhaps you forgot a comma?" inside
      // brackets, and parsing that expression may meet the end of input inside a bracket.
      missingComma(this, this.disjunctionStart);
    }
    const tok = at ?? this.peek();
    if (
      (tok.kind === 'EndMarker' || tok.kind === 'Dedent' || tok.kind === 'Newline') &&
      this.origin === null
    ) {
      // CPython's end-of-input tokens sit at the end of the last line, not on a line of their own.
      const end = endOfText(this.source);
      if (tok.kind === 'EndMarker' || tok.line > end.line) {
        // A generic error is placed at the token itself, whose column CPython leaves unset (-1).
        if (msg === 'invalid syntax' && tok.kind === 'EndMarker') {
          throw new PySyntaxErrorSignal({ kind, msg, lineno: end.line, offset: 0 });
        }
        // At a DEDENT it is an IndentationError, on the last line (`@decorator` then the end).
        if (msg === 'invalid syntax' && tok.kind === 'Dedent') {
          throw new PySyntaxErrorSignal({
            kind: 'IndentationError',
            msg: 'unexpected unindent',
            lineno: end.line,
            offset: end.col + 1,
          });
        }
        throw new PySyntaxErrorSignal(this.errorAt(msg, end.line, end.col, kind));
      }
    }
    if (msg === 'invalid syntax' && (tok.kind === 'Indent' || tok.kind === 'Dedent')) {
      // CPython's generic error at an INDENT/DEDENT token is an IndentationError.
      const text = tok.kind === 'Indent' ? 'unexpected indent' : 'unexpected unindent';
      // These tokens have no column in CPython: the offset is the cursor's, not col + 1.
      throw new PySyntaxErrorSignal({
        kind: 'IndentationError',
        msg: text,
        lineno: tok.line,
        offset: tok.col,
      });
    }
    throw new PySyntaxErrorSignal(this.errorAt(msg, tok.line, tok.col, kind));
  }

  /** An error at a (line, byte column) position; offset is reported 1-based in characters. */
  errorAt(msg: string, line: number, col: number, kind: PySyntaxErrorKind = 'SyntaxError'): PySyntaxError {
    return { kind, msg, lineno: line, offset: col + 1 };
  }

  failAtNode(msg: string, node: { lineno: number; col_offset: number }): never {
    throw new PySyntaxErrorSignal(this.errorAt(msg, node.lineno, node.col_offset));
  }
}

/** Line and character column just past the last character of `text` (a final newline excluded). */
function endOfText(text: string): { line: number; col: number } {
  let end = text.length;
  if (end > 0 && text.charCodeAt(end - 1) === 10) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 13) end--;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: end - lineStart };
}

function shiftToken(tok: Token, origin: SubParseOrigin): Token {
  const onFirst = tok.line === 1;
  const onFirstEnd = tok.endLine === 1;
  return {
    kind: tok.kind,
    text: tok.text,
    line: tok.line + origin.lineDelta,
    col: onFirstEnd && onFirst ? tok.col + origin.firstLineColDelta : tok.col,
    endLine: tok.endLine + origin.lineDelta,
    endCol: onFirstEnd ? tok.endCol + origin.firstLineColDelta : tok.endCol,
    start: tok.start,
    end: tok.end,
    depth: tok.depth,
  };
}

let normalize: ((text: string) => string) | null = null;

/** Registers the lexer's NFKC normaliser (set by parse.ts; avoids a hard cycle). */
let missingComma: ((p: Parser, start: Token) => void) | null = null;

/** Installs the second pass's missing-comma check (messages.ts; kept out of here to avoid a cycle). */
export function setMissingCommaCheck(fn: (p: Parser, start: Token) => void): void {
  missingComma = fn;
}

export function setIdentifierNormalizer(fn: (text: string) => string): void {
  normalize = fn;
}

/** The identifier as CPython stores it: ASCII as is, otherwise NFKC-normalised. */
export function identifier(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 127) return normalize !== null ? normalize(text) : text.normalize('NFKC');
  }
  return text;
}
