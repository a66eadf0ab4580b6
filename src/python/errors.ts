// A syntax error as data: what `ast.parse` would raise, never thrown past the
// parser's public entry points.

export type PySyntaxErrorKind =
  | 'SyntaxError'
  | 'IndentationError'
  | 'TabError'
  | 'UnicodeDecodeError'
  | 'RecursionError'
  | 'MemoryError'
  | 'ValueError';

export interface PySyntaxError {
  readonly kind: PySyntaxErrorKind;
  /** CPython's message where we know it, e.g. "invalid syntax", "unterminated string literal (detected at line 3)". */
  readonly msg: string;
  /** 1-based line; for decode errors the line the bad byte is on. */
  readonly lineno: number;
  /** 1-based column in characters, as SyntaxError.offset (0 where unknown). */
  readonly offset: number;
}

/**
 * A SyntaxWarning CPython's tokenizer emits while ast.parse runs (`1if x else 2`: "invalid
 * decimal literal"); the reference's stderr shows it as `<unknown>:N: SyntaxWarning: msg`.
 */
export interface PySyntaxWarning {
  readonly msg: string;
  readonly lineno: number;
  /** From an f-string expression's own parse (CPython's second pass parses it again). */
  readonly inFString?: boolean;
}

/** Thrown inside the tokenizer/parser only; caught at the public entry points and returned as data. */
export class PySyntaxErrorSignal extends Error {
  constructor(readonly error: PySyntaxError) {
    super(error.msg);
  }
}

/**
 * An error CPython raises as soon as its second pass finds it (an invalid_* rule such as the
 * missing-comma check): no alternative is tried after it, so speculative parses do not back
 * off from it.
 */
export class RaisedSyntaxErrorSignal extends PySyntaxErrorSignal {}

/** `str(exc)` as Python prints it for an `ast.parse` error (filename `<unknown>`). */
export function formatPySyntaxError(error: PySyntaxError): string {
  // A SyntaxError without a line (null bytes) prints as its bare message.
  if (
    (error.kind === 'SyntaxError' || error.kind === 'IndentationError' || error.kind === 'TabError') &&
    error.lineno > 0
  ) {
    return `${error.msg} (<unknown>, line ${error.lineno})`;
  }
  return error.msg;
}
