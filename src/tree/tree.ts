// The file-access interface every extractor reads through: a directory on
// disk, an in-memory tree in tests, later a git revision.

/** A path inside the tree: POSIX separators, no leading '/', no '.' or '..' segments. */
export type TreePath = string;

export type EntryKind = 'file' | 'directory' | 'missing';

/**
 * What `Path.exists()` sees at a path: an entry kind; 'outside' for a link
 * leading out of the tree (never followed); 'denied' where exists() itself
 * raises PermissionError (a folder on the way that cannot be searched).
 */
export type StatResult = EntryKind | 'outside' | 'denied';

export type ReadResult =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | {
      readonly ok: false;
      readonly reason: ReadFailure;
      /** What Python's open() would say, e.g. "[Errno 2] No such file or directory: '/x'" (the reference prints it). */
      readonly detail: string;
      /** For 'io': the errno code (e.g. 'ELOOP'), so that our own messages can say it in plain words. */
      readonly errorCode?: string;
    };

/**
 * Why a read failed. `outside` and `not-regular` are deliberate differences
 * from the reference: a symbolic link that leads out of the tree is never
 * followed, and a device, FIFO or socket is never opened.
 */
export type ReadFailure = 'missing' | 'directory' | 'outside' | 'not-regular' | 'io';

/** A read of a folder, as `open()` reports it: "[Errno 21] Is a directory: '<path>'". */
export function isADirectory(shownPath: string): ReadResult {
  return { ok: false, reason: 'directory', detail: `[Errno 21] Is a directory: '${shownPath}'` };
}

/**
 * A device, FIFO or socket where a file was expected: never opened (a device
 * can stream forever, a FIFO blocks until someone writes). The reference would
 * read it; this is a deliberate difference, reported like any unreadable file.
 */
export function notRegularFile(kind: string): ReadResult {
  return {
    ok: false,
    reason: 'not-regular',
    detail: `not a regular file (a ${kind}), not opened`,
  };
}

/** A read of nothing, as `open()` reports it: "[Errno 2] No such file or directory: '<path>'". */
export function noSuchFile(shownPath: string): ReadResult {
  return { ok: false, reason: 'missing', detail: `[Errno 2] No such file or directory: '${shownPath}'` };
}

export interface SourceTree {
  /** How the tree names itself in messages (the absolute root for a disk tree). */
  readonly label: string;
  /** What `Path.exists()` would see: a file, a directory, or nothing (see StatResult). */
  stat(path: TreePath): StatResult;
  readFile(path: TreePath): ReadResult;
  /** The absolute-looking path used in messages, like the reference's `REPO_ROOT / path`. */
  displayPath(path: TreePath): string;
  /**
   * Optional: a signature that changes whenever the file's contents can have
   * changed (device, inode, size, mtime and ctime in nanoseconds), and its age
   * in milliseconds; null when there is none. Lets a cache skip re-reading.
   */
  statSignature?(path: TreePath): { readonly signature: string; readonly ageMs: number } | null;
}
