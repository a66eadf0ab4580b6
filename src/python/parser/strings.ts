// String atoms: implicit concatenation, bytes/str mixing, and 3.11's f-string
// parser (a port of Parser/string_parser.c: literal/expression scanning, the
// `=` debug text, !r/!s/!a, nested format specs, and the expression sub-parser
// whose token positions are shifted into the enclosing file).

import type * as A from '../ast.js';
import type { Token } from '../token.js';
import { setStrCodePoints, type PyBytes } from '../values.js';
import { PySyntaxErrorSignal } from '../errors.js';
import { LexicalErrorSignal } from '../tokenizer.js';
import { Parser } from './parser.js';
import {
  splitStringLiteral,
  decodeStringBody,
  decodeStrBody,
  pythonCodePoints,
  type DecodedStr,
  LiteralErrorLike,
  isLiteralError,
  newTokenizer,
} from './literals-bridge.js';
import { parseStarExpressions } from './expressions.js';

type E = A.ExprNode;

interface Span {
  readonly first: Token;
  readonly last: Token;
}

/** FstringParser state: the pending literal and the finished parts. */
interface FState {
  lastStr: string | null;
  /** UTF-16 indices in lastStr of escape-made surrogates (DecodedStr.escapedSurrogates). */
  lastSurrogates: number[] | null;
  fmode: boolean;
  parts: E[];
}

function decodeFailure(p: Parser, tok: Token, err: LiteralErrorLike): never {
  p.fail(err.message, p.peek()); // CPython: at the last token fetched (after the strings)
}

function decodeBytes(p: Parser, tok: Token, body: string, options: { raw: boolean }): Uint8Array {
  try {
    return decodeStringBody(body, { raw: options.raw, bytes: true }) as Uint8Array;
  } catch (e) {
    if (isLiteralError(e)) decodeFailure(p, tok, e);
    throw e;
  }
}

function decodeStr(p: Parser, tok: Token, body: string, options: { raw: boolean }): DecodedStr {
  try {
    return decodeStrBody(body, options);
  } catch (e) {
    if (isLiteralError(e)) decodeFailure(p, tok, e);
    throw e;
  }
}

/** strings: STRING+ (CPython's _PyPegen_concatenate_strings). */
export function parseStrings(p: Parser): E {
  const first = p.peek();
  const tokens: Token[] = [];
  while (p.peek().kind === 'String') tokens.push(p.advance());
  const last = tokens[tokens.length - 1];
  const span: Span = { first, last };
  const state: FState = { lastStr: null, lastSurrogates: null, fmode: false, parts: [] };
  let bytesMode = false;
  let bytesChunks: Uint8Array[] | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const lit = splitStringLiteral(t.text);
    const prefix = lit.prefix.toLowerCase();
    const thisBytes = prefix.includes('b');
    const raw = prefix.includes('r');
    const fmode = prefix.includes('f');
    if (i !== 0 && bytesMode !== thisBytes) p.fail('cannot mix bytes and nonbytes literals', p.peek());
    bytesMode = thisBytes;
    if (fmode) {
      concatFstring(
        p,
        state,
        lit.body,
        0,
        lit.body.length,
        { raw, recurseLevel: 0 },
        span,
        t,
        lit.bodyOffset,
      );
    } else if (thisBytes) {
      for (let k = 0; k < lit.body.length; k++) {
        if (lit.body.charCodeAt(k) >= 0x80) p.fail('bytes can only contain ASCII literal characters', t);
      }
      const value = decodeBytes(p, t, lit.body, { raw });
      (bytesChunks ??= []).push(value);
    } else {
      concatAndDel(state, decodeStr(p, t, lit.body, { raw }));
    }
  }
  if (bytesMode) {
    const value: PyBytes = { pyType: 'bytes', bytes: joinBytes(bytesChunks ?? []) };
    return {
      _type: 'Constant',
      value,
      kind: null,
      lineno: first.line,
      col_offset: first.col,
      end_lineno: last.endLine,
      end_col_offset: last.endCol,
    };
  }
  return finish(state, first, last, span);
}

function joinBytes(chunks: Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function concatAndDel(state: FState, piece: DecodedStr): void {
  const s = piece.text;
  if (s.length === 0) return;
  const offset = state.lastStr === null ? 0 : state.lastStr.length;
  if (piece.escapedSurrogates !== null) {
    const marks = (state.lastSurrogates ??= []);
    for (const at of piece.escapedSurrogates) marks.push(offset + at);
  }
  state.lastStr = state.lastStr === null ? s : state.lastStr + s;
}

/** Moves the pending literal into a Constant node (CPython keeps its code points apart). */
function takeLastStr(state: FState, span: Span, firstTok: Token, lastTok: Token): A.Constant {
  const node = strNode(state.lastStr ?? '', span, firstTok, lastTok);
  const codePoints = pythonCodePoints(node.value as string, state.lastSurrogates);
  if (codePoints !== null) setStrCodePoints(node, codePoints);
  state.lastStr = null;
  state.lastSurrogates = null;
  return node;
}

function strNode(s: string, span: Span, firstTok: Token, lastTok: Token): A.Constant {
  const kind = span.first.text.charCodeAt(0) === 117 /* u */ && firstTok === span.first ? 'u' : null;
  return {
    _type: 'Constant',
    value: s,
    kind,
    lineno: firstTok.line,
    col_offset: firstTok.col,
    end_lineno: lastTok.endLine,
    end_col_offset: lastTok.endCol,
  };
}

function finish(state: FState, firstTok: Token, lastTok: Token, span: Span): E {
  if (!state.fmode) return takeLastStr(state, span, firstTok, lastTok);
  if (state.lastStr !== null) state.parts.push(takeLastStr(state, span, firstTok, lastTok));
  return {
    _type: 'JoinedStr',
    values: state.parts,
    lineno: firstTok.line,
    col_offset: firstTok.col,
    end_lineno: lastTok.endLine,
    end_col_offset: lastTok.endCol,
  };
}

interface ScanOptions {
  readonly raw: boolean;
  readonly recurseLevel: number;
}

/** Cursor into the f-string body being scanned (shared by the recursive scanners). */
interface Cursor {
  pos: number;
}

/**
 * _PyPegen_FstringParser_ConcatFstring: scans body[start, end) of token `t`,
 * appending literals and FormattedValues to `state`. Returns the stop position.
 */
function concatFstring(
  p: Parser,
  state: FState,
  body: string,
  start: number,
  end: number,
  opts: ScanOptions,
  span: Span,
  t: Token,
  bodyOffset: number,
): number {
  state.fmode = true;
  const cur: Cursor = { pos: start };
  for (;;) {
    // fstring_find_literal
    const lit = findLiteral(p, body, cur, end, opts, t);
    if (lit.literal !== null) concatAndDel(state, lit.literal);
    if (lit.more) continue;
    if (cur.pos >= end || body.charCodeAt(cur.pos) === 125 /* } */) break;
    const found = findExpr(p, body, cur, end, opts, span, t, bodyOffset);
    if (found.exprText !== null) concatAndDel(state, { text: found.exprText, escapedSurrogates: null });
    if (state.lastStr !== null) state.parts.push(takeLastStr(state, span, span.first, span.last));
    state.parts.push(found.value);
  }
  if (opts.recurseLevel === 0 && cur.pos < end - 1) p.fail('f-string: unexpected end of string', p.peek());
  if (opts.recurseLevel !== 0 && body.charCodeAt(cur.pos) !== 125)
    p.fail("f-string: expecting '}'", p.peek());
  return cur.pos;
}

function findLiteral(
  p: Parser,
  body: string,
  cur: Cursor,
  end: number,
  opts: ScanOptions,
  t: Token,
): { literal: DecodedStr | null; more: boolean } {
  let s = cur.pos;
  const literalStart = s;
  let more = false;
  let stop = -1;
  while (s < end) {
    let ch = body.charCodeAt(s++);
    if (!opts.raw && ch === 92 /* \ */ && s < end) {
      ch = body.charCodeAt(s++);
      if (ch === 78 /* N */) {
        if (s < end && body.charCodeAt(s++) === 123) {
          while (s < end && body.charCodeAt(s++) !== 125) {
            // skip the character name
          }
          continue;
        }
        break;
      }
    }
    if (ch === 123 || ch === 125) {
      if (opts.recurseLevel === 0) {
        if (s < end && body.charCodeAt(s) === ch) {
          stop = s;
          cur.pos = s + 1;
          more = true;
          break;
        }
        if (ch === 125) p.fail("f-string: single '}' is not allowed", p.peek());
      }
      s--;
      break;
    }
  }
  if (!more) cur.pos = s;
  const litEnd = more ? stop : s;
  if (litEnd === literalStart) return { literal: null, more };
  const text = body.slice(literalStart, litEnd);
  const literal = opts.raw ? { text, escapedSurrogates: null } : decodeLiteralPiece(p, t, text);
  return { literal, more };
}

/** A literal piece can end in a lone backslash (f'\\{x}'): CPython keeps it as a backslash. */
function decodeLiteralPiece(p: Parser, t: Token, text: string): DecodedStr {
  let trailing = 0;
  for (let i = text.length - 1; i >= 0 && text.charCodeAt(i) === 92; i--) trailing++;
  if (trailing % 2 === 1) {
    const decoded = decodeStr(p, t, text.slice(0, -1), { raw: false });
    return { text: decoded.text + '\\', escapedSurrogates: decoded.escapedSurrogates };
  }
  return decodeStr(p, t, text, { raw: false });
}

const MAX_FSTRING_NESTING = 200;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 12 || c === 13 || c === 11;
}

function findExpr(
  p: Parser,
  body: string,
  cur: Cursor,
  end: number,
  opts: ScanOptions,
  span: Span,
  t: Token,
  bodyOffset: number,
): { value: E; exprText: string | null } {
  if (opts.recurseLevel >= 2) p.fail('f-string: expressions nested too deeply', p.peek());
  const bracePos = cur.pos;
  cur.pos++; // '{'
  const exprStart = cur.pos;
  let quoteChar = 0;
  let stringType = 0;
  const parenStack: number[] = [];
  let s = cur.pos;
  for (; s < end; s++) {
    const ch = body.charCodeAt(s);
    if (ch === 92) p.fail('f-string expression part cannot include a backslash', p.peek());
    if (quoteChar !== 0) {
      if (ch === quoteChar) {
        if (stringType === 3) {
          if (s + 2 < end && body.charCodeAt(s + 1) === ch && body.charCodeAt(s + 2) === ch) {
            s += 2;
            stringType = 0;
            quoteChar = 0;
            continue;
          }
        } else {
          stringType = 0;
          quoteChar = 0;
          continue;
        }
      }
    } else if (ch === 39 || ch === 34) {
      if (s + 2 < end && body.charCodeAt(s + 1) === ch && body.charCodeAt(s + 2) === ch) {
        stringType = 3;
        s += 2;
      } else {
        stringType = 1;
      }
      quoteChar = ch;
    } else if (ch === 91 || ch === 123 || ch === 40) {
      if (parenStack.length >= MAX_FSTRING_NESTING) p.fail('f-string: too many nested parenthesis', p.peek());
      parenStack.push(ch);
    } else if (ch === 35) {
      p.fail("f-string expression part cannot include '#'", p.peek());
    } else if (
      parenStack.length === 0 &&
      (ch === 33 || ch === 58 || ch === 125 || ch === 61 || ch === 62 || ch === 60)
    ) {
      if (s + 1 < end) {
        const next = body.charCodeAt(s + 1);
        if (
          (ch === 33 && next === 61) ||
          (ch === 61 && next === 61) ||
          (ch === 60 && next === 61) ||
          (ch === 62 && next === 61)
        ) {
          s++;
          continue;
        }
        if (ch === 62 || ch === 60) continue;
      }
      break;
    } else if (ch === 93 || ch === 125 || ch === 41) {
      if (parenStack.length === 0) p.fail(`f-string: unmatched '${String.fromCharCode(ch)}'`, p.peek());
      const opening = parenStack.pop()!;
      if (!(
        (opening === 40 && ch === 41) ||
        (opening === 91 && ch === 93) ||
        (opening === 123 && ch === 125)
      )) {
        p.fail(
          `f-string: closing parenthesis '${String.fromCharCode(ch)}' does not match opening parenthesis '${String.fromCharCode(opening)}'`,
          p.peek(),
        );
      }
    }
  }
  cur.pos = s;
  const exprEnd = s;
  if (quoteChar !== 0) p.fail('f-string: unterminated string', p.peek());
  if (parenStack.length !== 0)
    p.fail(`f-string: unmatched '${String.fromCharCode(parenStack[parenStack.length - 1])}'`, p.peek());
  if (cur.pos >= end) p.fail("f-string: expecting '}'", p.peek());

  const value = compileExpr(p, body, exprStart, exprEnd, bracePos, t, bodyOffset);

  let exprText: string | null = null;
  if (body.charCodeAt(cur.pos) === 61 /* = */) {
    cur.pos++;
    while (cur.pos < end && isSpace(body.charCodeAt(cur.pos))) cur.pos++;
    exprText = body.slice(exprStart, cur.pos);
  }
  let conversion = -1;
  if (body.charCodeAt(cur.pos) === 33 /* ! */) {
    cur.pos++;
    if (cur.pos >= end) p.fail("f-string: expecting '}'", p.peek());
    conversion = body.charCodeAt(cur.pos);
    cur.pos++;
    if (!(conversion === 115 || conversion === 114 || conversion === 97)) {
      p.fail("f-string: invalid conversion character: expected 's', 'r', or 'a'", p.peek());
    }
  }
  let formatSpec: E | null = null;
  if (cur.pos >= end) p.fail("f-string: expecting '}'", p.peek());
  if (body.charCodeAt(cur.pos) === 58 /* : */) {
    cur.pos++;
    if (cur.pos >= end) p.fail("f-string: expecting '}'", p.peek());
    const specState: FState = { lastStr: null, lastSurrogates: null, fmode: false, parts: [] };
    cur.pos = concatFstring(
      p,
      specState,
      body,
      cur.pos,
      end,
      { raw: opts.raw, recurseLevel: opts.recurseLevel + 1 },
      span,
      t,
      bodyOffset,
    );
    formatSpec = finish(specState, t, t, span);
  }
  if (cur.pos >= end || body.charCodeAt(cur.pos) !== 125) p.fail("f-string: expecting '}'", p.peek());
  cur.pos++;
  if (exprText !== null && formatSpec === null && conversion === -1) conversion = 114;
  const fv: A.FormattedValue = {
    _type: 'FormattedValue',
    value,
    conversion,
    format_spec: formatSpec,
    lineno: span.first.line,
    col_offset: span.first.col,
    end_lineno: span.last.endLine,
    end_col_offset: span.last.endCol,
  };
  return { value: fv, exprText };
}

function utf8Length(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Newlines in a token's text before a brace, and UTF-8 bytes from the last one to the brace.
 * Resumed from the previous brace of the same token (kept per token, as nested f-strings
 * interleave): rescanning from the token start for each field is quadratic.
 */
interface BraceScan {
  pos: number;
  lines: number;
  lineBytes: number;
}
const braceScans = new WeakMap<Token, BraceScan>();

function scanToBrace(t: Token, brace: number): BraceScan {
  let scan = braceScans.get(t);
  if (scan === undefined || scan.pos > brace) {
    scan = { pos: 0, lines: 0, lineBytes: 0 };
    braceScans.set(t, scan);
  }
  const text = t.text;
  let lineStart = scan.pos;
  for (let i = scan.pos; i < brace; i++) {
    if (text.charCodeAt(i) === 10) {
      scan.lines++;
      scan.lineBytes = 0;
      lineStart = i + 1;
    }
  }
  // Scan positions are braces (ASCII), so no surrogate pair straddles a resumed range.
  scan.lineBytes += utf8Length(text, lineStart, brace);
  scan.pos = brace;
  return scan;
}

/** fstring_compile_expr: parse body[exprStart, exprEnd) as "(expr)" with CPython's position shifts. */
function compileExpr(
  p: Parser,
  body: string,
  exprStart: number,
  exprEnd: number,
  bracePos: number,
  t: Token,
  bodyOffset: number,
): E {
  let allSpace = true;
  for (let i = exprStart; i < exprEnd; i++) {
    const c = body.charCodeAt(i);
    if (!(c === 32 || c === 9 || c === 10 || c === 12)) {
      allSpace = false;
      break;
    }
  }
  if (allSpace) {
    // fstring_compile_expr names the character that ended the empty expression.
    const end = body.charAt(exprEnd);
    if (end === '!' || end === ':' || end === '=')
      p.fail(`f-string: expression required before '${end}'`, p.peek());
    p.fail('f-string: empty expression not allowed', p.peek());
  }

  // fstring_find_expr_location, on the whole token text.
  const text = t.text;
  const braceInToken = bodyOffset + bracePos;
  let newlineAfterBrace = true;
  for (let i = braceInToken + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 125 || c === 10) break;
    if (c !== 32 && c !== 9 && c !== 12) {
      newlineAfterBrace = false;
      break;
    }
  }
  const { lines, lineBytes } = scanToBrace(t, braceInToken);
  const cols = newlineAfterBrace ? 0 : lineBytes;
  const startCol = lines !== 0 ? cols : t.col + cols;
  const source = '(' + body.slice(exprStart, exprEnd) + ')';
  const subTokenizer = newTokenizer(source);
  const sub = new Parser(source, subTokenizer, {
    lineDelta: t.line + lines - 1,
    firstLineColDelta: startCol,
  });
  // CPython parses the expression with a fresh parser, whose level starts at 0.
  try {
    const expr = parseStarExpressions(sub);
    const after = sub.peek();
    if (after.kind !== 'Newline' && after.kind !== 'EndMarker') sub.fail('invalid syntax', after);
    p.addLineTokens(sub.tokenCount() + sub.maxLineTokens);
    p.reportFStringWarnings(subTokenizer.warnings ?? [], t.line + lines - 1);
    return expr;
  } catch (e) {
    p.reportFStringWarnings(subTokenizer.warnings ?? [], t.line + lines - 1);
    subTokenizer.warnings?.splice(0);
    if (e instanceof LexicalErrorSignal) {
      // Tokenizer errors keep their message and are placed in the enclosing file.
      const err = e.error;
      const shifted = err.lineno > 0 ? { ...err, lineno: err.lineno + t.line + lines - 1 } : err;
      throw new PySyntaxErrorSignal(shifted);
    }
    // Errors from the expression's own parser read "f-string: ..." in CPython, with the
    // column taken relative to the sub-parser's starting column.
    if (
      e instanceof PySyntaxErrorSignal &&
      e.error.kind === 'SyntaxError' &&
      !e.error.msg.startsWith('f-string')
    ) {
      throw new PySyntaxErrorSignal({
        ...e.error,
        msg: `f-string: ${e.error.msg}`,
        offset: e.error.offset - startCol,
      });
    }
    throw e;
  }
}

export { PySyntaxErrorSignal };
