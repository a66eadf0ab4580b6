import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readRegularFile } from '../files/regular-file.js';
import {
  isADirectory,
  noSuchFile,
  notRegularFile,
  type ReadResult,
  type SourceTree,
  type StatResult,
  type TreePath,
} from './tree.js';

/**
 * A directory on disk, confined to its root: a path that resolves (through
 * symbolic links) outside the root is reported as 'outside' and never read.
 */
export class DiskTree implements SourceTree {
  readonly label: string;
  /** The root with every link resolved (the label where it does not exist). */
  readonly realRoot: string;
  private readonly resolved = new Map<TreePath, string | 'missing' | 'outside'>();
  /** Why a path resolved to 'missing': the errno code realpath gave. */
  private readonly missingCodes = new Map<TreePath, string>();

  constructor(root: string) {
    this.label = path.resolve(root);
    try {
      this.realRoot = fs.realpathSync.native(this.label);
    } catch {
      // No such folder: every read then reports 'missing', and analysis says which file.
      this.realRoot = this.label;
    }
  }

  displayPath(treePath: TreePath): string {
    return treePath === '' ? this.label : path.join(this.label, treePath);
  }

  stat(treePath: TreePath): StatResult {
    const resolved = this.resolveInside(treePath);
    if (resolved === 'missing') {
      // Path.exists() swallows only ENOENT, ENOTDIR, EBADF and ELOOP; a folder it may not search raises.
      const code = this.missingCodes.get(treePath);
      return code === 'EACCES' || code === 'EPERM' ? 'denied' : 'missing';
    }
    if (resolved === 'outside') return resolved;
    try {
      return fs.statSync(resolved).isDirectory() ? 'directory' : 'file';
    } catch {
      return 'missing';
    }
  }

  statSignature(treePath: TreePath): { signature: string; ageMs: number } | null {
    const resolved = this.resolveInside(treePath);
    if (resolved === 'missing' || resolved === 'outside') return null;
    try {
      const s = fs.statSync(resolved, { bigint: true });
      if (!s.isFile()) return null;
      const signature = `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
      return { signature, ageMs: Date.now() - Number(s.ctimeNs / 1_000_000n) };
    } catch {
      return null;
    }
  }

  readFile(treePath: TreePath): ReadResult {
    const resolved = this.resolveInside(treePath);
    if (resolved === 'missing') {
      // What open() would have said: a link loop or a file used as a folder is not "no such file".
      const code = this.missingCodes.get(treePath) ?? 'ENOENT';
      const detail = oserrorText(code, this.displayPath(treePath));
      return code === 'ENOENT'
        ? { ok: false, reason: 'missing', detail }
        : { ok: false, reason: 'io', detail, errorCode: code };
    }
    if (resolved === 'outside') {
      return {
        ok: false,
        reason: 'outside',
        detail: `leads outside the tree: '${this.displayPath(treePath)}'`,
      };
    }
    // Only regular files are opened: a device could stream forever, a FIFO block the run.
    const read = readRegularFile(resolved);
    if (read.ok) return { ok: true, bytes: read.bytes };
    const shown = this.displayPath(treePath);
    switch (read.failure) {
      case 'not-regular':
        if (read.kind === 'directory') return isADirectory(shown);
        return notRegularFile(read.kind);
      case 'too-large':
        return { ok: false, reason: 'io', detail: oserrorText('EFBIG', shown), errorCode: 'EFBIG' };
      case 'errno':
        if (read.code === 'EISDIR') return isADirectory(shown);
        if (read.code === 'ENOENT') return noSuchFile(shown);
        return { ok: false, reason: 'io', detail: oserrorText(read.code, shown), errorCode: read.code };
    }
  }

  /**
   * The real path of an entry if it exists inside the root, remembered for
   * the life of this DiskTree (one analysis: the tree is taken as stable).
   */
  private resolveInside(treePath: TreePath): string | 'missing' | 'outside' {
    let resolved = this.resolved.get(treePath);
    if (resolved === undefined) {
      resolved = this.resolveUncached(treePath);
      this.resolved.set(treePath, resolved);
    }
    return resolved;
  }

  private resolveUncached(treePath: TreePath): string | 'missing' | 'outside' {
    let real: string;
    try {
      real = fs.realpathSync.native(path.join(this.label, treePath));
    } catch (error) {
      // Path.exists() answers False for all of these (ENOENT, ENOTDIR, ELOOP, ...).
      this.missingCodes.set(treePath, (error as NodeJS.ErrnoException).code ?? 'ENOENT');
      return 'missing';
    }
    if (real !== this.realRoot && !real.startsWith(this.realRoot + path.sep)) return 'outside';
    return real;
  }
}

const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  ELOOP: 'Too many levels of symbolic links',
  EACCES: 'Permission denied',
  EISDIR: 'Is a directory',
  ENAMETOOLONG: 'File name too long',
  EIO: 'Input/output error',
  EFBIG: 'File too large',
};

/** Python's `str(OSError)`: "[Errno 40] Too many levels of symbolic links: '/x'". */
export function oserrorText(code: string, shownPath: string): string {
  const errno = (os.constants.errno as Record<string, number>)[code];
  return `[Errno ${errno ?? '?'}] ${STRERROR[code] ?? code}: '${shownPath}'`;
}
