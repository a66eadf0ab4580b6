// Why a revision cannot be read: git missing, no repository, no such commit,
// objects absent from a shallow or partial clone. Unlike AnalysisError this is
// not the reference crashing on a tree; there is no tree to give it.

import type { DiagnosticArgs, ErrorCode, ErrorDiagnostic } from '../diagnostics.js';

export class RevisionError extends Error {
  constructor(readonly diagnostic: ErrorDiagnostic) {
    super(`${diagnostic.code}${diagnostic.file ? ` in ${diagnostic.file}` : ''}`);
    this.name = 'RevisionError';
  }
}

export function revisionFail(code: ErrorCode, args: DiagnosticArgs, file: string | null = null): never {
  throw new RevisionError({ severity: 'error', code, args, file, line: null });
}
