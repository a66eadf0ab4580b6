// Diagnostics as data: a code, its arguments, and where. They are turned into
// text only at the edge (render/diagnostics-text.ts), so a library user can
// filter, translate or count them.

export type WarningCode =
  /** A backend's file could not be read or parsed; the reference warns and skips the backend. */
  | 'backend-file-unparsable'
  /** fa_utils.py, flashinfer.py, mla_attention.py, cuda.py or flash_attn_interface.py could not be read or parsed; its section falls back, as in the reference. */
  | 'section-file-unparsable'
  /** A parent class's file could not be read or parsed while following inheritance. */
  | 'parent-file-unparsable'
  /** A class path or import led outside the tree; treated as missing (a deliberate difference from the reference). */
  | 'path-outside-tree';

export type ErrorCode =
  /** registry.py is missing, unreadable or unparsable: the reference crashes. */
  | 'registry-unreadable'
  | 'registry-unparsable'
  /** A registry value is truthy but not a str: the reference crashes calling str methods on it. */
  | 'class-path-not-string'
  /** A class path without a '.' whose module file exists: the reference crashes (IndexError). */
  | 'class-path-without-class'
  /** Python would raise TypeError sorting the constants (e.g. `major == 9` next to `major == "9"`). */
  | 'unorderable-constants'
  /** A path segment longer than the file system allows: the reference's Path.exists() raises. */
  | 'path-name-too-long';

export type DiagnosticArgs = Readonly<Record<string, string | number>>;

export interface Diagnostic<C extends string = WarningCode | ErrorCode> {
  readonly severity: 'warning' | 'error';
  readonly code: C;
  readonly args: DiagnosticArgs;
  /** Tree path of the file concerned, if any. */
  readonly file: string | null;
  /** 1-based line, if known. */
  readonly line: number | null;
}

export type WarningDiagnostic = Diagnostic<WarningCode> & { readonly severity: 'warning' };
export type ErrorDiagnostic = Diagnostic<ErrorCode> & { readonly severity: 'error' };

export function warning(code: WarningCode, args: DiagnosticArgs, file: string | null, line: number | null = null): WarningDiagnostic {
  return { severity: 'warning', code, args, file, line };
}

/** Where the reference script would crash, analysis stops with this. */
export class AnalysisError extends Error {
  constructor(readonly diagnostic: ErrorDiagnostic) {
    super(`${diagnostic.code}${diagnostic.file ? ` in ${diagnostic.file}` : ''}`);
    this.name = 'AnalysisError';
  }
}

export function fail(code: ErrorCode, args: DiagnosticArgs, file: string | null, line: number | null = null): never {
  throw new AnalysisError({ severity: 'error', code, args, file, line });
}
