// The contract between the pull lexer (tokenizer.ts) and the parser.

export type TokenKind =
  | 'Name' // identifiers and keywords alike; the parser decides (soft keywords need context)
  | 'Number' // int, float or imaginary literal, text as written
  | 'String' // one string literal: prefix, quotes and body exactly as written
  | 'Op' // an operator or delimiter; `text` is the operator
  | 'Newline' // end of a logical line
  | 'Indent'
  | 'Dedent'
  | 'EndMarker';

export interface Token {
  readonly kind: TokenKind;
  /** Source text of the token (Name: as written, before NFKC normalisation; Indent/Dedent/EndMarker: ''). */
  readonly text: string;
  /** 1-based line of the first character. */
  readonly line: number;
  /** 0-based column of the first character, in UTF-8 bytes (CPython's col_offset). */
  readonly col: number;
  readonly endLine: number;
  /** 0-based column just past the token, in UTF-8 bytes (CPython's end_col_offset). */
  readonly endCol: number;
  /** Offsets into the decoded source string (UTF-16 units), [start, end). */
  readonly start: number;
  readonly end: number;
  /** Brackets open after this token (CPython's token `level`). */
  readonly depth: number;
}
