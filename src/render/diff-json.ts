// `diff --format json` and `history --format json`: the typed changes as
// they are (values, not text), each with its English `message`. Stable key
// order; DIFF_JSON_SCHEMA_VERSION changes when a consumer could notice.

import type { ErrorDiagnostic } from '../diagnostics.js';
import type { HistoryChange } from '../diff/history-changes.js';
import type { MatrixChange, MatrixDiff } from '../diff/matrix-diff.js';
import type { GeneratorChoice } from '../matrix.js';
import { versionByNumber } from '../versions/versions.js';
import { changeMessage, errorText } from './diff-text.js';

export const DIFF_JSON_SCHEMA_VERSION = 1;

/** One side of a diff as the command line named it. */
export interface DiffSideJson {
  /** The argument as given. */
  readonly spec: string;
  readonly kind: 'revision' | 'folder';
  /** The commit (full id) of a revision; null for a folder. */
  readonly commit: string | null;
  /** The folder's absolute path; null for a revision. */
  readonly path: string | null;
}

function generatorJson(choice: GeneratorChoice | null): object | null {
  if (choice === null) return null;
  const version = versionByNumber(choice.version);
  return {
    version: version.number,
    commit: version.commit,
    date: version.date,
    chosenBy: choice.source.kind,
    scriptBlob: 'blob' in choice.source ? choice.source.blob : null,
  };
}

function changeJson(change: MatrixChange, diff: MatrixDiff): object {
  const lists =
    change.kind === 'items'
      ? { added: change.added, removed: change.removed, reordered: change.reordered }
      : { added: null, removed: null, reordered: null };
  const generator = change.section === 'generator';
  return {
    section: change.section,
    backend: change.backend,
    variant: change.variant,
    field: change.field,
    kind: change.kind,
    before: generator ? generatorJson(change.before as GeneratorChoice | null) : change.before,
    after: generator ? generatorJson(change.after as GeneratorChoice) : change.after,
    ...lists,
    message: changeMessage(change, diff),
  };
}

function diffJson(diff: MatrixDiff): object {
  return {
    generators: {
      before: generatorJson(diff.generators.before),
      after: generatorJson(diff.generators.after),
    },
    changes: diff.changes.map((c) => changeJson(c, diff)),
  };
}

export function renderDiffJson(diff: MatrixDiff, sides: { from: DiffSideJson; to: DiffSideJson }): string {
  const value = {
    schemaVersion: DIFF_JSON_SCHEMA_VERSION,
    from: sides.from,
    to: sides.to,
    changed: diff.changes.length > 0,
    ...diffJson(diff),
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}

function errorJson(error: ErrorDiagnostic, commit: string): object {
  return { ...error, message: errorText(error, commit) };
}

export interface HistoryJsonContext {
  readonly repository: string;
  /** The range as asked: `since` (a revision or a date, or null for the whole history) and `until`. */
  readonly since: string | null;
  readonly until: string;
  /** The commit the range starts after; null from the first commit. */
  readonly base: string | null;
  readonly filter: { readonly backend: string | null; readonly fields: readonly string[] | null };
}

export function renderHistoryJson(entries: readonly HistoryChange[], context: HistoryJsonContext): string {
  const value = {
    schemaVersion: DIFF_JSON_SCHEMA_VERSION,
    ...context,
    entries: entries.map((e) => ({
      commit: e.commit,
      date: e.date,
      subject: e.subject,
      kind: e.kind,
      error: e.error === null ? null : errorJson(e.error, e.commit),
      ...(e.diff === null ? { generators: null, changes: [] } : diffJson(e.diff)),
    })),
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}
