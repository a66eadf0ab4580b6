// A pull lexer that follows CPython 3.11's Parser/tokenizer.c (string input, as
// `ast.parse(str)` sees it): same token boundaries, same INDENT/DEDENT rules, same
// lexical errors and messages. Comments, blank lines and NL tokens are skipped.

import {
  PySyntaxErrorSignal,
  type PySyntaxError,
  type PySyntaxErrorKind,
  type PySyntaxWarning,
} from './errors.js';
import type { Token, TokenKind } from './token.js';
import { translateNewlines } from './source.js';
import { isIdentifierContinue, isIdentifierStart, isPrintable } from './unicode-identifiers.js';

export { normalizeIdentifier } from './unicode-identifiers.js';

const TAB_SIZE = 8;
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;
const ALT_TAB_SIZE = 1;
const MAX_INDENT = 100;
const MAX_PAREN_LEVEL = 200;

/**
 * How a lexical error reaches the user in CPython, which matters to the parser:
 * - 'syntaxerror': the tokenizer raised it itself; it also replaces a generic
 *   "invalid syntax" found earlier (see `scanRestForErrors`).
 * - 'state': the tokenizer only set an error state (TabError, bad dedent, too deep,
 *   bad line continuation); raised when the parser reaches that token, never replaces.
 * - 'eof': input ended inside brackets or after a line continuation: the message is
 *   "'(' was never closed" or "unexpected EOF while parsing".
 */
export type LexicalErrorOrigin = 'syntaxerror' | 'state' | 'eof';

export class LexicalErrorSignal extends PySyntaxErrorSignal {
  constructor(
    error: PySyntaxError,
    readonly origin: LexicalErrorOrigin,
  ) {
    super(error);
  }
}

const CH_TAB = 9;
const CH_NEWLINE = 10;
const CH_FORMFEED = 12;
const CH_SPACE = 32;
const CH_HASH = 35;
const CH_QUOTE = 34;
const CH_APOSTROPHE = 39;
const CH_BACKSLASH = 92;
const CH_DOT = 46;
const CH_0 = 48;
const CH_9 = 57;
const CH_UNDERSCORE = 95;

// 1 for ASCII letters, digits and '_' (identifier characters); 2 additionally for
// characters that may start an identifier.
const ASCII_IDENT = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === CH_UNDERSCORE;
  const isDigit = c >= CH_0 && c <= CH_9;
  ASCII_IDENT[c] = isLetter ? 2 : isDigit ? 1 : 0;
}

function isDigit(c: number): boolean {
  return c >= CH_0 && c <= CH_9;
}

function isHexDigit(c: number): boolean {
  return (c >= CH_0 && c <= CH_9) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** UTF-8 length of the UTF-16 unit `c` (a surrogate pair counts 4 on its high half, 0 on its low half). */
function utf8Width(c: number, next: number): number {
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) return 4;
  if (c >= 0xdc00 && c <= 0xdfff) return 0; // low half of a pair already counted (or lone: see below)
  return 3;
}

/** What a Tokenizer derives from its whole input: computed once, shareable by many tokenizers. */
export interface PreparedSource {
  /** The input with universal newlines applied (Tokenizer.text). */
  readonly text: string;
  /** `text` plus the newline CPython appends when the last line lacks one. */
  readonly src: string;
  readonly hasSyntheticNewline: boolean;
  /** No character beyond ASCII: byte columns are plain offsets. */
  readonly asciiOnly: boolean;
}

/** A place to resume tokenizing: a line start (index into `text`) and that line's number (1-based). */
export interface LineStart {
  readonly offset: number;
  readonly line: number;
}

export function prepareSource(source: string): PreparedSource {
  const text = translateNewlines(source);
  // CPython's translate_newlines appends '\n' when the last character is not one, and
  // (a quirk) also when the input ends with "\r\n": such input gets one more, empty line.
  const hasSyntheticNewline =
    (text.length > 0 && text.charCodeAt(text.length - 1) !== CH_NEWLINE) || source.endsWith('\r\n');
  const src = hasSyntheticNewline ? text + '\n' : text;
  return { text, src, hasSyntheticNewline, asciiOnly: !NON_ASCII.test(src) };
}

export class Tokenizer {
  /** The text being tokenized: the input with universal newlines applied. Token offsets index into it. */
  readonly text: string;
  /** The text plus the newline CPython appends when the last line lacks one. */
  private readonly src: string;
  private readonly length: number;
  private readonly hasSyntheticNewline: boolean;
  /** Most sources are pure ASCII: then byte columns are plain offsets. */
  private readonly asciiOnly: boolean;

  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private atLineStart = true;
  private pendingIndents = 0; // > 0: INDENTs to emit, < 0: DEDENTs
  private readonly indentStack: number[] = [0];
  private readonly altIndentStack: number[] = [0];
  private readonly parenChars: number[] = [];
  private readonly parenLines: number[] = [];
  private readonly parenPositions: number[] = [];
  private readonly parenLineStarts: number[] = [];
  /**
   * tokenizer.c's `tok->buf` for string input: the start of the line last entered between
   * tokens. Lines entered inside a token (multi-line strings, backslash continuations) keep
   * it, and CPython measures the "unexpected character after line continuation" column from it.
   */
  private bufferStart = 0;
  private failure: LexicalErrorSignal | undefined;
  private checkedNullBytes = false;
  private endToken: Token | undefined;
  private lastReturnedLine = 0;
  /** SyntaxWarnings emitted so far, in order (f-string expressions' ones added by the parser). */
  readonly warnings: PySyntaxWarning[] = [];

  // Cache for byte columns: byte column `colCacheBytes` at offset `colCachePos` on the line starting at `colCacheLine`.
  private colCacheLine = 0;
  private colCachePos = 0;
  private colCacheBytes = 0;

  /**
   * Tokenizes `source` from its start, or, given `resumeAt`, from a line start where a
   * top-level statement begins (indentation 0, no open brackets, not inside a token), with
   * the state the tokenizer has there in a full pass; the source is then usually prepared
   * once (prepareSource) and shared by many tokenizers. A resumed tokenizer skips the
   * null-byte check, which fails the whole input (check once per input, as outline.ts does).
   */
  constructor(source: string | PreparedSource, resumeAt?: LineStart) {
    const prepared = typeof source === 'string' ? prepareSource(source) : source;
    this.text = prepared.text;
    this.hasSyntheticNewline = prepared.hasSyntheticNewline;
    this.src = prepared.src;
    this.length = prepared.src.length;
    this.asciiOnly = prepared.asciiOnly;
    if (resumeAt !== undefined) {
      const offset = resumeAt.offset;
      const atLineStart =
        offset === 0 || (offset <= this.length && this.src.charCodeAt(offset - 1) === CH_NEWLINE);
      if (!atLineStart || !(resumeAt.line >= 1)) throw new Error(`not a line start: ${offset}`);
      this.pos = offset;
      this.lineStart = offset;
      this.bufferStart = offset;
      this.line = resumeAt.line;
      this.checkedNullBytes = true;
    }
  }

  /** Current bracket nesting depth. */
  get parenDepth(): number {
    return this.parenChars.length;
  }

  /** The next token; throws LexicalErrorSignal (a PySyntaxErrorSignal) on lexical errors, then again on every call. */
  next(): Token {
    if (this.failure !== undefined) throw this.failure;
    try {
      const token = this.scan();
      this.lastReturnedLine = token.line;
      return token;
    } catch (error) {
      if (error instanceof LexicalErrorSignal) this.failure = error;
      throw error;
    }
  }

  /** Line of the last token `next()` returned (0 before the first): CPython's `p->tokens[p->fill - 1]->lineno`. */
  get lastTokenLine(): number {
    return this.lastReturnedLine;
  }

  /**
   * CPython's `_PyPegen_tokenize_full_source_to_check_for_errors`: after the parser raised a
   * SyntaxError, tokenize the rest of the input; a tokenizer error found there (origin
   * 'syntaxerror') replaces it, and so does an unclosed bracket opened on a line before the
   * line of the last token the parser fetched (CPython uses that token, not the error's line:
   * the tokenizer tracks it, so the argument is ignored and only kept for callers).
   * Returns the replacing error, or undefined to keep the parser's.
   */
  scanRestForErrors(): PySyntaxError | undefined {
    const errorLine = this.lastReturnedLine;
    for (;;) {
      let token: Token;
      try {
        token = this.next();
      } catch (error) {
        if (!(error instanceof LexicalErrorSignal)) throw error;
        if (error.origin === 'syntaxerror') return error.error;
        const depth = this.parenChars.length;
        if (depth > 0 && errorLine > this.parenLines[depth - 1]) return this.unclosedParenError();
        return undefined;
      }
      if (token.kind === 'EndMarker') return undefined;
    }
  }

  // ---------------------------------------------------------------- scanning

  private scan(): Token {
    if (!this.checkedNullBytes) {
      this.checkedNullBytes = true;
      // compile() refuses such strings before tokenizing; str(exc) carries no location.
      if (this.src.indexOf('\0') >= 0) {
        throw new LexicalErrorSignal(
          { kind: 'SyntaxError', msg: 'source code string cannot contain null bytes', lineno: 0, offset: 0 },
          'syntaxerror',
        );
      }
    }
    if (this.pendingIndents !== 0) return this.emitPendingIndent();
    const src = this.src;
    const length = this.length;
    for (;;) {
      let blankLine = false;
      if (this.atLineStart) {
        this.atLineStart = false;
        blankLine = this.readIndentation();
        if (this.pendingIndents !== 0) return this.emitPendingIndent();
      }
      // Skip spaces, tabs and form feeds; `again` in tokenizer.c.
      let pos = this.pos;
      let c = pos < length ? src.charCodeAt(pos) : -1;
      while (c === CH_SPACE || c === CH_TAB || c === CH_FORMFEED) {
        c = ++pos < length ? src.charCodeAt(pos) : -1;
      }
      if (c === CH_HASH) {
        const newline = src.indexOf('\n', pos);
        pos = newline < 0 ? length : newline;
        c = pos < length ? CH_NEWLINE : -1;
      }
      this.pos = pos;
      if (c === -1) return this.endOfInput();
      if (c === CH_NEWLINE) {
        this.atLineStart = true;
        this.bufferStart = pos + 1;
        if (blankLine || this.parenChars.length > 0) {
          this.advanceLine(pos + 1);
          continue;
        }
        const token = this.makeToken('Newline', pos, pos + 1);
        this.advanceLine(pos + 1);
        return token;
      }
      if (c === CH_BACKSLASH) {
        this.lineContinuation(pos);
        continue; // `goto again` in tokenizer.c: no indentation processing on the continued line
      }
      return this.scanToken(pos, c);
    }
  }

  /** Computes the indentation of a new line; returns whether it is blank (only whitespace/comment). */
  private readIndentation(): boolean {
    const src = this.src;
    const length = this.length;
    let pos = this.pos;
    let col = 0;
    let altCol = 0;
    // A backslash in the indentation continues the line; the column of the first one
    // decides the indentation (0 counts as "none", as in tokenizer.c).
    let continuationCol = 0;
    let c = -1;
    for (; pos < length; pos++) {
      c = src.charCodeAt(pos);
      if (c === CH_BACKSLASH) {
        continuationCol = continuationCol || col;
        this.lineContinuation(pos);
        this.bufferStart = this.lineStart; // read between tokens: tok->start is NULL here
        pos = this.pos - 1;
      } else if (c === CH_SPACE) {
        col++;
        altCol++;
      } else if (c === CH_TAB) {
        col = ((col / TAB_SIZE) | 0) * TAB_SIZE + TAB_SIZE;
        altCol = ((altCol / ALT_TAB_SIZE) | 0) * ALT_TAB_SIZE + ALT_TAB_SIZE;
      } else if (c === CH_FORMFEED) {
        col = altCol = 0; // for Emacs users, says tokenizer.c
      } else {
        break;
      }
    }
    if (pos >= length) c = -1;
    this.pos = pos;
    if (c === CH_HASH || c === CH_NEWLINE) return true;
    if (this.parenChars.length > 0) return false;
    if (continuationCol !== 0) {
      col = continuationCol;
      altCol = continuationCol; // sic: tokenizer.c uses the column for both
    }
    const top = this.indentStack.length - 1;
    const current = this.indentStack[top];
    if (col === current) {
      if (altCol !== this.altIndentStack[top]) this.throwTabError();
    } else if (col > current) {
      if (top + 1 >= MAX_INDENT) {
        this.throwStateError('IndentationError', 'too many levels of indentation', 1);
      }
      if (altCol <= this.altIndentStack[top]) this.throwTabError();
      this.pendingIndents++;
      this.indentStack.push(col);
      this.altIndentStack.push(altCol);
    } else {
      while (this.indentStack.length > 1 && col < this.indentStack[this.indentStack.length - 1]) {
        this.pendingIndents--;
        this.indentStack.pop();
        this.altIndentStack.pop();
      }
      const newTop = this.indentStack.length - 1;
      if (col !== this.indentStack[newTop]) {
        this.throwStateError(
          'IndentationError',
          'unindent does not match any outer indentation level',
          this.charCount(this.lineStart, this.lineEnd(this.lineStart)),
        );
      }
      if (altCol !== this.altIndentStack[newTop]) this.throwTabError();
    }
    return false;
  }

  private emitPendingIndent(): Token {
    const pos = this.pos;
    if (this.pendingIndents > 0) {
      this.pendingIndents--;
      return this.makeToken('Indent', pos, pos, '');
    }
    this.pendingIndents++;
    return this.makeToken('Dedent', pos, pos, '');
  }

  private endOfInput(): Token {
    if (this.parenChars.length > 0) throw new LexicalErrorSignal(this.unclosedParenError(), 'eof');
    if (this.endToken === undefined) this.endToken = this.makeToken('EndMarker', this.pos, this.pos, '');
    return this.endToken;
  }

  private unclosedParenError(): PySyntaxError {
    const depth = this.parenChars.length;
    return {
      kind: 'SyntaxError',
      msg: `'${String.fromCharCode(this.parenChars[depth - 1])}' was never closed`,
      lineno: this.parenLines[depth - 1],
      offset: this.unclosedParenOffset(depth - 1),
    };
  }

  /**
   * CPython converts the paren's byte column to characters over `tok->buf..` when the paren
   * is on the last line read, else over the paren's own line.
   */
  private unclosedParenOffset(index: number): number {
    const position = this.parenPositions[index];
    const lineStart = this.parenLineStarts[index];
    const lastLineRead = this.pos >= this.length ? this.line - 1 : this.line;
    if (this.parenLines[index] === lastLineRead && this.bufferStart < lineStart) {
      return this.charCountOfBytes(this.bufferStart, this.byteLengthOnLine(lineStart, position)) + 1;
    }
    return this.charCount(lineStart, position) + 1;
  }

  /** Characters in the first `byteCount` UTF-8 bytes from `from` (a partial character counts). */
  private charCountOfBytes(from: number, byteCount: number): number {
    let bytes = 0;
    let count = 0;
    for (let i = from; i < this.length && bytes < byteCount; i++) {
      const width = this.unitWidth(i, this.src.charCodeAt(i));
      if (width === 0) continue;
      bytes += width;
      count++;
    }
    return count;
  }

  private lineContinuation(backslash: number): void {
    const next = backslash + 1;
    if (next >= this.length || this.src.charCodeAt(next) !== CH_NEWLINE) {
      // CPython reports the column just past the character after the backslash.
      this.throwStateError(
        'SyntaxError',
        'unexpected character after line continuation character',
        this.charCount(this.bufferStart, backslash) + 2,
      );
    }
    const lineStart = this.lineStart;
    this.advanceLine(next + 1);
    if (this.pos >= this.length) {
      if (this.parenChars.length > 0) throw new LexicalErrorSignal(this.unclosedParenError(), 'eof');
      throw new LexicalErrorSignal(
        {
          kind: 'SyntaxError',
          msg: 'unexpected EOF while parsing',
          lineno: this.line - 1,
          offset: this.charCount(lineStart, next + 1),
        },
        'eof',
      );
    }
  }

  private advanceLine(nextLineStart: number): void {
    this.pos = nextLineStart;
    this.line++;
    this.lineStart = nextLineStart;
  }

  private scanToken(start: number, c: number): Token {
    if (c < 128) {
      const identKind = ASCII_IDENT[c];
      if (identKind === 2) return this.scanNameOrString(start, c);
      if (identKind === 1) return this.scanNumber(start, c);
      if (c === CH_QUOTE || c === CH_APOSTROPHE) return this.scanString(start, start);
      if (c === CH_DOT) {
        const c2 = this.charAt(start + 1);
        if (isDigit(c2)) return this.scanNumber(start, c);
        if (c2 === CH_DOT && this.charAt(start + 2) === CH_DOT) return this.finishOp(start, start + 3);
        return this.finishOp(start, start + 1);
      }
      return this.scanOperator(start, c);
    }
    return this.scanNameOrString(start, c); // any non-ASCII character starts a (possibly invalid) name
  }

  private charAt(pos: number): number {
    return pos < this.length ? this.src.charCodeAt(pos) : -1;
  }

  private scanNameOrString(start: number, first: number): Token {
    const src = this.src;
    const length = this.length;
    let pos = start;
    let c = first;
    // String prefixes: the combinations tokenizer.c accepts (b, r, u, f; br/rb; fr/rf; any case).
    let sawB = false;
    let sawR = false;
    let sawU = false;
    let sawF = false;
    for (;;) {
      if (!(sawB || sawU || sawF) && (c === 98 || c === 66)) sawB = true;
      else if (!(sawB || sawU || sawR || sawF) && (c === 117 || c === 85)) sawU = true;
      else if (!(sawR || sawU) && (c === 114 || c === 82)) sawR = true;
      else if (!(sawF || sawB || sawU) && (c === 102 || c === 70)) sawF = true;
      else break;
      pos++;
      c = pos < length ? src.charCodeAt(pos) : -1;
      if (c === CH_QUOTE || c === CH_APOSTROPHE) return this.scanString(start, pos);
    }
    let nonAscii = false;
    for (;;) {
      if (c < 128) {
        if (c < 0 || ASCII_IDENT[c] === 0) break;
      } else {
        nonAscii = true;
      }
      pos++;
      c = pos < length ? src.charCodeAt(pos) : -1;
    }
    if (nonAscii) this.verifyIdentifier(start, pos);
    return this.makeToken('Name', start, pos);
  }

  /** tokenizer.c's verify_identifier: the first character that is not XID_Start/XID_Continue is an error. */
  private verifyIdentifier(start: number, end: number): void {
    const src = this.src;
    let index = start;
    let first = true;
    while (index < end) {
      const code = src.codePointAt(index)!;
      const valid = first ? code === CH_UNDERSCORE || isIdentifierStart(code) : isIdentifierContinue(code);
      const width = code > 0xffff ? 2 : 1;
      if (!valid) {
        const hex = code.toString(16).toUpperCase().padStart(4, '0');
        const msg = isPrintable(code)
          ? `invalid character '${String.fromCodePoint(code)}' (U+${hex})`
          : `invalid non-printable character U+${hex}`;
        this.throwSyntaxError(msg, this.charCount(this.lineStart, index + width));
      }
      first = false;
      index += width;
    }
  }

  private scanString(start: number, quotePos: number): Token {
    const src = this.src;
    const length = this.length;
    const quote = src.charCodeAt(quotePos);
    const startLine = this.line;
    const startLineStart = this.lineStart;
    let pos = quotePos + 1;
    let quoteSize = 1;
    let endQuoteSize = 0;
    if (this.charAt(pos) === quote) {
      if (this.charAt(pos + 1) === quote) {
        quoteSize = 3;
        pos += 2;
      } else {
        endQuoteSize = 1; // empty string
        pos += 1;
      }
    }
    while (endQuoteSize !== quoteSize) {
      const c = pos < length ? src.charCodeAt(pos) : -1;
      if (c === -1 || (quoteSize === 1 && c === CH_NEWLINE)) {
        // Detected at the last line read: the line of this newline, or the last line at EOF.
        const detectedLine = c === -1 ? this.line - 1 : this.line;
        this.line = startLine;
        this.lineStart = startLineStart;
        const msg =
          quoteSize === 3
            ? `unterminated triple-quoted string literal (detected at line ${detectedLine})`
            : `unterminated string literal (detected at line ${detectedLine})`;
        this.throwSyntaxError(msg, this.charCount(startLineStart, start + 1));
      }
      pos++;
      if (c === quote) {
        endQuoteSize++;
      } else {
        endQuoteSize = 0;
        if (c === CH_NEWLINE) {
          this.line++;
          this.lineStart = pos;
        } else if (c === CH_BACKSLASH) {
          if (pos < length) {
            if (src.charCodeAt(pos) === CH_NEWLINE) {
              this.line++;
              this.lineStart = pos + 1;
            }
            pos++; // skip the escaped character
          }
        }
      }
    }
    return this.makeMultiLineToken('String', start, pos, startLine, startLineStart);
  }

  // ---------------------------------------------------------------- numbers

  private scanNumber(start: number, first: number): Token {
    let pos = start;
    let c: number;
    if (first === CH_DOT) {
      // ".5": the fraction part
      pos = this.decimalTail(start + 1);
      return this.numberExponentAndSuffix(start, pos);
    }
    if (first === CH_0) {
      const c1 = this.charAt(start + 1);
      if (c1 === 120 || c1 === 88) return this.scanRadixNumber(start, 16, 'hexadecimal');
      if (c1 === 111 || c1 === 79) return this.scanRadixNumber(start, 8, 'octal');
      if (c1 === 98 || c1 === 66) return this.scanRadixNumber(start, 2, 'binary');
      // Zeros, possibly separated by '_'; then maybe an old-style octal (rejected) or a float.
      pos = start + 1;
      c = c1;
      for (;;) {
        if (c === CH_UNDERSCORE) {
          pos++;
          c = this.charAt(pos);
          if (!isDigit(c))
            this.throwSyntaxError('invalid decimal literal', this.charCount(this.lineStart, pos));
        }
        if (c !== CH_0) break;
        pos++;
        c = this.charAt(pos);
      }
      let nonZero = false;
      if (isDigit(c)) {
        nonZero = true;
        pos = this.decimalTail(pos);
        c = this.charAt(pos);
      }
      if (c === CH_DOT || c === 101 || c === 69 || c === 106 || c === 74) {
        return this.numberFractionExponentSuffix(start, pos);
      }
      if (nonZero) {
        this.throwSyntaxError(
          'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
          this.charCount(this.lineStart, start) + 1,
        );
      }
      this.verifyEndOfNumber(pos, 'decimal');
      return this.makeToken('Number', start, pos);
    }
    pos = this.decimalTail(start);
    return this.numberFractionExponentSuffix(start, pos);
  }

  /** After the integer digits of a decimal number: optional '.fraction', exponent, 'j'. */
  private numberFractionExponentSuffix(start: number, pos: number): Token {
    if (this.charAt(pos) === CH_DOT) {
      pos++;
      if (isDigit(this.charAt(pos))) pos = this.decimalTail(pos);
    }
    return this.numberExponentAndSuffix(start, pos);
  }

  private numberExponentAndSuffix(start: number, pos: number): Token {
    let c = this.charAt(pos);
    if (c === 101 || c === 69) {
      const ePos = pos;
      pos++;
      c = this.charAt(pos);
      if (c === 43 || c === 45) {
        pos++;
        c = this.charAt(pos);
        if (!isDigit(c))
          this.throwSyntaxError('invalid decimal literal', this.charCount(this.lineStart, pos));
      } else if (!isDigit(c)) {
        // "1e" followed by something else: the number ends before the 'e'.
        this.verifyEndOfNumber(ePos, 'decimal');
        return this.makeToken('Number', start, ePos);
      }
      pos = this.decimalTail(pos);
      c = this.charAt(pos);
    }
    if (c === 106 || c === 74) {
      pos++;
      this.verifyEndOfNumber(pos, 'imaginary');
    } else {
      this.verifyEndOfNumber(pos, 'decimal');
    }
    return this.makeToken('Number', start, pos);
  }

  /** tok_decimal_tail: digits with single '_' separators, starting at a digit; returns the end. */
  private decimalTail(pos: number): number {
    const src = this.src;
    const length = this.length;
    for (;;) {
      let c = pos < length ? src.charCodeAt(pos) : -1;
      while (c >= CH_0 && c <= CH_9) c = ++pos < length ? src.charCodeAt(pos) : -1;
      if (c !== CH_UNDERSCORE) return pos;
      pos++;
      if (!isDigit(this.charAt(pos))) {
        this.throwSyntaxError('invalid decimal literal', this.charCount(this.lineStart, pos));
      }
    }
  }

  private scanRadixNumber(start: number, radix: 16 | 8 | 2, kind: string): Token {
    const isRadixDigit =
      radix === 16
        ? isHexDigit
        : radix === 8
          ? (c: number) => c >= 48 && c <= 55
          : (c: number) => c === 48 || c === 49;
    let pos = start + 2;
    let c = this.charAt(pos);
    do {
      if (c === CH_UNDERSCORE) {
        pos++;
        c = this.charAt(pos);
      }
      if (!isRadixDigit(c)) {
        if (radix !== 16 && isDigit(c)) {
          this.throwSyntaxError(
            `invalid digit '${String.fromCharCode(c)}' in ${kind} literal`,
            this.charCount(this.lineStart, pos + 1),
          );
        }
        this.throwSyntaxError(`invalid ${kind} literal`, this.charCount(this.lineStart, pos));
      }
      do {
        pos++;
        c = this.charAt(pos);
      } while (isRadixDigit(c));
    } while (c === CH_UNDERSCORE);
    if (radix !== 16 && isDigit(c)) {
      this.throwSyntaxError(
        `invalid digit '${String.fromCharCode(c)}' in ${kind} literal`,
        this.charCount(this.lineStart, pos + 1),
      );
    }
    this.verifyEndOfNumber(pos, kind);
    return this.makeToken('Number', start, pos);
  }

  /**
   * verify_end_of_number: a number directly followed by a keyword that can follow a number
   * in valid code ("1if x else y") is accepted (CPython only warns); otherwise a following
   * identifier character makes the literal invalid.
   */
  private verifyEndOfNumber(pos: number, kind: string): void {
    const c = this.charAt(pos);
    let keywordFollows = false;
    if (c === 97) keywordFollows = this.lookahead(pos + 1, 'nd');
    else if (c === 101) keywordFollows = this.lookahead(pos + 1, 'lse');
    else if (c === 102) keywordFollows = this.lookahead(pos + 1, 'or');
    else if (c === 105) {
      const c2 = this.charAt(pos + 1);
      keywordFollows = c2 === 102 || c2 === 110 || c2 === 115;
    } else if (c === 111) keywordFollows = this.lookahead(pos + 1, 'r');
    else if (c === 110) keywordFollows = this.lookahead(pos + 1, 'ot');
    if (keywordFollows) {
      // CPython warns (and reads the keyword as a keyword): `1if x else 2`.
      this.warnings.push({ msg: `invalid ${kind} literal`, lineno: this.line });
      return;
    }
    if (c >= 0 && c < 128 && ASCII_IDENT[c] !== 0) {
      // Only ASCII: a non-ASCII character ends the number and starts a name (checked there).
      this.throwSyntaxError(`invalid ${kind} literal`, this.charCount(this.lineStart, pos));
    }
  }

  /** CPython's lookahead(): `text` at `pos`, and no identifier character right after it. */
  private lookahead(pos: number, text: string): boolean {
    if (!this.src.startsWith(text, pos)) return false;
    const c = this.charAt(pos + text.length);
    return !(c >= 128 || (c >= 0 && ASCII_IDENT[c] !== 0));
  }

  // ---------------------------------------------------------------- operators

  private scanOperator(start: number, c: number): Token {
    const c2 = this.charAt(start + 1);
    let end = start + 1;
    switch (c) {
      case 40: // (
      case 91: // [
      case 123: // {
        if (this.parenChars.length >= MAX_PAREN_LEVEL) {
          this.throwSyntaxError('too many nested parentheses', this.charCount(this.lineStart, start + 1));
        }
        this.parenChars.push(c);
        this.parenLines.push(this.line);
        this.parenPositions.push(start);
        this.parenLineStarts.push(this.lineStart);
        break;
      case 41: // )
      case 93: // ]
      case 125: {
        // }
        const depth = this.parenChars.length;
        // Counted only on error: counting per bracket is quadratic on a long line like `f()()()...`.
        const column = (): number => this.charCount(this.lineStart, start + 1);
        if (depth === 0) this.throwSyntaxError(`unmatched '${String.fromCharCode(c)}'`, column());
        const opening = this.parenChars.pop()!;
        const openingLine = this.parenLines.pop()!;
        this.parenPositions.pop();
        this.parenLineStarts.pop();
        if (!(
          (opening === 40 && c === 41) ||
          (opening === 91 && c === 93) ||
          (opening === 123 && c === 125)
        )) {
          const closing = String.fromCharCode(c);
          const open = String.fromCharCode(opening);
          this.throwSyntaxError(
            openingLine !== this.line
              ? `closing parenthesis '${closing}' does not match opening parenthesis '${open}' on line ${openingLine}`
              : `closing parenthesis '${closing}' does not match opening parenthesis '${open}'`,
            column(),
          );
        }
        break;
      }
      case 33: // ! (alone it is an unknown one-character operator, as in CPython 3.11)
      case 37: // %
      case 38: // &
      case 43: // +
      case 58: // :
      case 61: // =
      case 64: // @
      case 94: // ^
      case 124: // |
        if (c2 === 61) end++;
        break;
      case 42: // * ** *= **=
        if (c2 === 42) {
          end++;
          if (this.charAt(start + 2) === 61) end++;
        } else if (c2 === 61) end++;
        break;
      case 47: // / // /= //=
        if (c2 === 47) {
          end++;
          if (this.charAt(start + 2) === 61) end++;
        } else if (c2 === 61) end++;
        break;
      case 45: // - -= ->
        if (c2 === 61 || c2 === 62) end++;
        break;
      case 60: // < << <= <<= <>
        if (c2 === 60) {
          end++;
          if (this.charAt(start + 2) === 61) end++;
        } else if (c2 === 61 || c2 === 62) end++;
        break;
      case 62: // > >> >= >>=
        if (c2 === 62) {
          end++;
          if (this.charAt(start + 2) === 61) end++;
        } else if (c2 === 61) end++;
        break;
      default:
        if (c < 32 || c === 127) {
          const hex = c.toString(16).toUpperCase().padStart(4, '0');
          this.throwSyntaxError(
            `invalid non-printable character U+${hex}`,
            this.charCount(this.lineStart, start + 1),
          );
        }
      // Other printable ASCII (',', ';', '~', '$', '?', '`', ...) is a one-character operator;
      // the parser rejects the unknown ones with "invalid syntax" like CPython.
    }
    return this.finishOp(start, end);
  }

  private finishOp(start: number, end: number): Token {
    this.pos = end;
    return this.makeToken('Op', start, end);
  }

  // ---------------------------------------------------------------- tokens and positions

  private makeToken(kind: TokenKind, start: number, end: number, text?: string): Token {
    this.pos = end;
    const col = this.byteCol(start);
    let tokenText: string;
    if (text !== undefined) tokenText = text;
    else if (kind === 'Newline' && this.hasSyntheticNewline && start === this.length - 1) tokenText = '';
    else tokenText = this.src.slice(start, end);
    return {
      kind,
      text: tokenText,
      line: this.line,
      col,
      endLine: this.line,
      endCol: col + this.byteLengthOnLine(start, end),
      start,
      end,
      depth: this.parenChars.length,
    };
  }

  /** A token that may span lines (strings): this.line/lineStart already describe the end line. */
  private makeMultiLineToken(
    kind: TokenKind,
    start: number,
    end: number,
    startLine: number,
    startLineStart: number,
  ): Token {
    this.pos = end;
    if (startLine === this.line) return this.makeToken(kind, start, end);
    const col = this.byteColFrom(startLineStart, start);
    return {
      kind,
      text: this.src.slice(start, end),
      line: startLine,
      col,
      endLine: this.line,
      endCol: this.byteCol(end),
      start,
      end,
      depth: this.parenChars.length,
    };
  }

  /** UTF-8 byte column of `pos` on the current line (incremental within a line). */
  private byteCol(pos: number): number {
    const lineStart = this.lineStart;
    if (this.asciiOnly) return pos - lineStart;
    if (this.colCacheLine !== lineStart || pos < this.colCachePos) {
      this.colCacheLine = lineStart;
      this.colCachePos = lineStart;
      this.colCacheBytes = 0;
    }
    let bytes = this.colCacheBytes;
    const src = this.src;
    for (let i = this.colCachePos; i < pos; i++) {
      const c = src.charCodeAt(i);
      bytes += c < 0x80 ? 1 : this.unitWidth(i, c);
    }
    this.colCachePos = pos;
    this.colCacheBytes = bytes;
    return bytes;
  }

  private byteColFrom(lineStart: number, pos: number): number {
    return this.byteLengthOnLine(lineStart, pos);
  }

  private byteLengthOnLine(start: number, end: number): number {
    let bytes = end - start;
    if (this.asciiOnly) return bytes;
    const src = this.src;
    for (let i = start; i < end; i++) {
      const c = src.charCodeAt(i);
      if (c >= 0x80) bytes += this.unitWidth(i, c) - 1;
    }
    return bytes;
  }

  private unitWidth(index: number, c: number): number {
    const width = utf8Width(c, index + 1 < this.length ? this.src.charCodeAt(index + 1) : -1);
    if (width === 0) {
      // A low surrogate: 0 when it completes a pair counted on its high half, 3 when lone.
      const previous = index > 0 ? this.src.charCodeAt(index - 1) : -1;
      return previous >= 0xd800 && previous <= 0xdbff ? 0 : 3;
    }
    return width;
  }

  /** Number of code points in src[from, to): CPython's 1-based error offsets count characters. */
  private charCount(from: number, to: number): number {
    let count = 0;
    for (let i = from; i < to; i++) {
      const c = this.src.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff && i > from) {
        const previous = this.src.charCodeAt(i - 1);
        if (previous >= 0xd800 && previous <= 0xdbff) continue;
      }
      count++;
    }
    return count;
  }

  private lineEnd(lineStart: number): number {
    const newline = this.src.indexOf('\n', lineStart);
    return newline < 0 ? this.length : newline + 1;
  }

  // ---------------------------------------------------------------- errors

  private throwSyntaxError(msg: string, offset: number): never {
    throw new LexicalErrorSignal({ kind: 'SyntaxError', msg, lineno: this.line, offset }, 'syntaxerror');
  }

  private throwStateError(kind: PySyntaxErrorKind, msg: string, offset: number): never {
    throw new LexicalErrorSignal({ kind, msg, lineno: this.line, offset }, 'state');
  }

  private throwTabError(): never {
    this.throwStateError('TabError', 'inconsistent use of tabs and spaces in indentation', 1);
  }
}
