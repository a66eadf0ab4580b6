// The part of a tree the page carries for explain: every answer the tree gave
// while explain ran over a sweep of setups (files read, paths looked at, how
// paths are shown), recorded in Node and answered again in the browser. A
// question the record cannot answer is never guessed: it throws
// NotEmbeddedError, and the page says which file it lacks.

import type { ReadResult, SourceTree, StatResult, TreePath } from '../tree/tree.js';

/** A failed read, as the tree reported it (the detail is what Python's open() would say). */
export interface FailedRead {
  readonly reason: Extract<ReadResult, { ok: false }>['reason'];
  readonly detail: string;
  readonly errorCode?: string;
}

/** Everything explain learned from a tree, and all the page gives it back. */
export interface TreeRecord {
  readonly label: string;
  /** Files read, by path. */
  readonly files: ReadonlyMap<TreePath, Uint8Array>;
  /** Reads that failed, by path. */
  readonly failedReads: ReadonlyMap<TreePath, FailedRead>;
  /** What stat() answered, by path. */
  readonly kinds: ReadonlyMap<TreePath, StatResult>;
  /** What displayPath() answered, by path. */
  readonly shown: ReadonlyMap<TreePath, string>;
}

/** A tree that passes every question to another and keeps the answers. */
export class RecordingSourceTree implements SourceTree {
  private readonly files = new Map<TreePath, Uint8Array>();
  private readonly failedReads = new Map<TreePath, FailedRead>();
  private readonly kinds = new Map<TreePath, StatResult>();
  private readonly shown = new Map<TreePath, string>();

  constructor(private readonly inner: SourceTree) {}

  get label(): string {
    return this.inner.label;
  }

  stat(path: TreePath): StatResult {
    const kind = this.inner.stat(path);
    this.kinds.set(path, kind);
    return kind;
  }

  readFile(path: TreePath): ReadResult {
    // The same bytes for the same path: the parser then parses each file once
    // (parseModuleBytes keeps results by byte array) over the whole sweep.
    const known = this.files.get(path);
    if (known !== undefined) return { ok: true, bytes: known };
    const read = this.inner.readFile(path);
    if (read.ok) this.files.set(path, read.bytes);
    else
      this.failedReads.set(path, {
        reason: read.reason,
        detail: read.detail,
        ...(read.errorCode !== undefined ? { errorCode: read.errorCode } : {}),
      });
    return read;
  }

  displayPath(path: TreePath): string {
    const text = this.inner.displayPath(path);
    this.shown.set(path, text);
    return text;
  }

  /** What was recorded so far. */
  record(): TreeRecord {
    return {
      label: this.label,
      files: new Map(this.files),
      failedReads: new Map(this.failedReads),
      kinds: new Map(this.kinds),
      shown: new Map(this.shown),
    };
  }
}

/** The page was asked for part of the tree it does not hold. */
export class NotEmbeddedError extends Error {
  constructor(
    readonly path: TreePath,
    readonly question: 'stat' | 'read' | 'display',
  ) {
    super(`not embedded: ${question} ${path}`);
    this.name = 'NotEmbeddedError';
  }
}

/** A tree that answers only from a record. */
export class EmbeddedTree implements SourceTree {
  readonly label: string;

  constructor(private readonly recorded: TreeRecord) {
    this.label = recorded.label;
  }

  stat(path: TreePath): StatResult {
    const kind = this.recorded.kinds.get(path);
    if (kind !== undefined) return kind;
    if (this.recorded.files.has(path)) return 'file';
    throw new NotEmbeddedError(path, 'stat');
  }

  readFile(path: TreePath): ReadResult {
    const bytes = this.recorded.files.get(path);
    if (bytes !== undefined) return { ok: true, bytes };
    const failed = this.recorded.failedReads.get(path);
    if (failed !== undefined) return { ok: false, ...failed };
    throw new NotEmbeddedError(path, 'read');
  }

  displayPath(path: TreePath): string {
    const text = this.recorded.shown.get(path);
    if (text === undefined) throw new NotEmbeddedError(path, 'display');
    return text;
  }
}
