// Diagnostics as data: a code, its arguments, and where. They are turned into
// text only at the edge (render/diagnostics-text.ts), so a library user can
// filter, translate or count them.

import { PyTypeError, PyValueError } from './python/values.js';

export type WarningCode =
  /** A backend's file could not be read or parsed; the reference warns and skips the backend. */
  | 'backend-file-unparsable'
  /** fa_utils.py, flashinfer.py, mla_attention.py, cuda.py or flash_attn_interface.py could not be read or parsed; its section falls back, as in the reference. */
  | 'section-file-unparsable'
  /** A parent class's file could not be read or parsed while following inheritance. */
  | 'parent-file-unparsable'
  /** A class path or import led outside the tree; treated as missing (a deliberate difference from the reference). */
  | 'path-outside-tree'
  /**
   * CPython's tokenizer warns while ast.parse reads the file (`1if x else 2`: "invalid decimal
   * literal"), and the reference's stderr shows it. args: message; line: where.
   */
  | 'python-syntax-warning';

export type ErrorCode =
  /** registry.py is missing, unreadable or unparsable: the reference crashes. */
  | 'registry-unreadable'
  | 'registry-unparsable'
  /** A registry value is truthy but not a str: the reference crashes calling str methods on it. */
  | 'class-path-not-string'
  /** A class path without a '.' whose module file exists: the reference crashes (IndexError). */
  | 'class-path-without-class'
  /**
   * Python raises on the constants the reference formats or sorts: TypeError
   * sorting `major == 9` next to `major == "9"`, ValueError on str() of an int
   * over 4300 digits. args: exception, message, and backend where there is one.
   */
  | 'python-exception'
  /** A path segment longer than the file system allows: the reference's Path.exists() raises. */
  | 'path-name-too-long'
  // Reading a revision through git (src/tree/git-*.ts); not the reference crashing, but no tree to read.
  /** `git` is not on PATH. */
  | 'git-not-found'
  /** args.path is neither a work tree nor a bare repository. */
  | 'not-a-git-repository'
  /** args.revision names no commit; args.shallow is 'yes' in a shallow clone. */
  | 'unknown-revision'
  /** A date bound (args.date) that is not an ISO 8601 date. */
  | 'invalid-date'
  /** args.since is not an ancestor of args.until, so there is no history between them. */
  | 'revision-not-ancestor'
  /** An object the revision needs (args.object) is not in the repository; args.clone: 'partial', 'shallow' or 'full'. */
  | 'git-objects-missing'
  /** A history reaching past the start of a shallow clone (args.bound). */
  | 'history-beyond-shallow'
  /** git failed otherwise: args.command, args.message (its first error line). */
  | 'git-failed'
  /** A folder on the way to a path cannot be searched: the reference's Path.exists() raises PermissionError. */
  | 'path-permission-denied';

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

export function warning(
  code: WarningCode,
  args: DiagnosticArgs,
  file: string | null,
  line: number | null = null,
): WarningDiagnostic {
  return { severity: 'warning', code, args, file, line };
}

/** Where the reference script would crash, analysis stops with this. */
export class AnalysisError extends Error {
  constructor(readonly diagnostic: ErrorDiagnostic) {
    super(`${diagnostic.code}${diagnostic.file ? ` in ${diagnostic.file}` : ''}`);
    this.name = 'AnalysisError';
  }
}

/**
 * Run `body`; a Python exception it raises (PyTypeError, PyValueError) is the
 * reference crashing there, so it becomes a fatal 'python-exception'.
 */
export function failOnPythonException<T>(
  body: () => T,
  where: { file: string | null; line?: number | null; backend?: string },
): T {
  try {
    return body();
  } catch (error) {
    if (error instanceof PyTypeError || error instanceof PyValueError) {
      const args: Record<string, string> = { exception: error.name, message: error.message };
      if (where.backend !== undefined) args.backend = where.backend;
      fail('python-exception', args, where.file, where.line ?? null);
    }
    throw error;
  }
}

export function fail(
  code: ErrorCode,
  args: DiagnosticArgs,
  file: string | null,
  line: number | null = null,
): never {
  throw new AnalysisError({ severity: 'error', code, args, file, line });
}

/**
 * Problems of the command line itself, found before any analysis runs; the
 * CLI renders them with commandLineProblemText (render/diagnostics-text.ts).
 */
export type CommandLineProblem =
  /** No folder at or above `start` holds the registry, nor looks like a vLLM checkout. */
  | { readonly code: 'no-tree-found'; readonly start: string; readonly registryFile: string }
  /** `root` holds a vLLM package (vllm/__init__.py or vllm/attention/) but not the registry. */
  | { readonly code: 'tree-predates-registry'; readonly root: string; readonly registryFile: string }
  /** A positional argument (a changed file, for pre-commit) is a folder: probably meant as --root. */
  | { readonly code: 'file-argument-is-directory'; readonly path: string };
