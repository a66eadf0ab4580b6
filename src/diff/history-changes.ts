// A history walk as changes of the matrix: each listed commit diffed with the
// one before it, entries only where something changed. The walk lists every
// commit that touched an input; most change nothing the matrix holds (a
// comment, an unrelated function), and those are left out here.

import type { ErrorDiagnostic } from '../diagnostics.js';
import type { FeatureMatrix } from '../matrix.js';
import type { AnalysisOutcome, CommitInfo } from '../history.js';
import { sameValue } from './lists.js';
import { matchesFilter, type ChangeFilter } from './filter.js';
import { diffMatrices, type MatrixDiff } from './matrix-diff.js';

export type HistoryChangeKind =
  /** The matrix changed. */
  | 'changes'
  /** The reference script stops on this commit's tree (with another error than the commit before). */
  | 'error'
  /** The analysis works again: changes are from the last commit that had a matrix. */
  | 'recovered';

export interface HistoryChange extends CommitInfo {
  readonly kind: HistoryChangeKind;
  /** The error of an 'error' entry. */
  readonly error: ErrorDiagnostic | null;
  /** The changes from the matrix before; null for an 'error' entry. */
  readonly diff: MatrixDiff | null;
}

/**
 * The commits that changed the matrix, newest first, from a walk's entries
 * (newest first) and the state before them (null: the history's start, so
 * the first commit adds everything it has).
 */
export function historyChanges(
  entries: readonly (CommitInfo & { readonly outcome: AnalysisOutcome })[],
  base: AnalysisOutcome | null,
): HistoryChange[] {
  const changes: HistoryChange[] = [];
  let lastMatrix: FeatureMatrix | null = base?.kind === 'matrix' ? base.matrix : null;
  let lastError: ErrorDiagnostic | null = base?.kind === 'error' ? base.diagnostic : null;
  for (const entry of [...entries].reverse()) {
    const info: CommitInfo = { commit: entry.commit, date: entry.date, subject: entry.subject };
    const outcome = entry.outcome;
    if (outcome.kind === 'error') {
      if (lastError === null || !sameValue(lastError, outcome.diagnostic))
        changes.push({ ...info, kind: 'error', error: outcome.diagnostic, diff: null });
      lastError = outcome.diagnostic;
      continue;
    }
    const diff = diffMatrices(lastMatrix, outcome.matrix);
    if (lastError !== null) changes.push({ ...info, kind: 'recovered', error: null, diff });
    else if (diff.changes.length > 0) changes.push({ ...info, kind: 'changes', error: null, diff });
    lastMatrix = outcome.matrix;
    lastError = null;
  }
  return changes.reverse();
}

/** Only the changes the filter keeps; entries with none left are dropped. */
export function filterHistory(changes: readonly HistoryChange[], filter: ChangeFilter): HistoryChange[] {
  if (filter.backend === undefined && filter.fields === undefined) return [...changes];
  const kept: HistoryChange[] = [];
  for (const entry of changes) {
    if (entry.diff === null) continue;
    const left = entry.diff.changes.filter((c) => matchesFilter(c, filter));
    if (left.length > 0) kept.push({ ...entry, diff: { ...entry.diff, changes: left } });
  }
  return kept;
}
