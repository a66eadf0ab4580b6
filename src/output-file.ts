// Writing the document where the reference's `Path.write_text` would, and
// --check's comparison, which reads the old file the way `Path.read_text()`
// does. A regular file that is ours to replace is replaced whole (temporary
// file, then rename), so no reader ever sees half a document; anything else is
// written through in place, as write_text does: a device, a FIFO or a pipe
// (`-o /dev/null`, `-o /dev/stdout`), and a file a rename could not
// reproduce (hard-linked, owned by someone else, in a folder we cannot write).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeDirectories } from './files/directories.js';
import { readAll, readRegularFile } from './files/regular-file.js';
import { forgetTemp, rememberTemp, sweepStaleTemps, tempPathFor } from './files/temp-files.js';
import { decodeSourceBytes } from './python/source.js';
import { osErrorText } from './render/diagnostics-text.js';

export type ExistingDocument =
  { kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'unreadable'; reason: string };

/**
 * What is read of a file that is not a regular one (`-o /dev/zero --check`):
 * enough to tell it from any document, without reading forever.
 */
const MAX_NON_REGULAR_READ = 64 * 1024 * 1024;

/** read_text() of the current document: UTF-8, universal newlines. */
export function readExistingDocument(file: string): ExistingDocument {
  let bytes: Buffer;
  const read = readRegularFile(file);
  if (read.ok) bytes = read.bytes;
  else if (read.failure === 'errno') {
    if (read.code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: describeFsError(errnoError(read.code, file), 'read') };
  } else if (read.failure === 'not-regular' && read.kind === 'directory') {
    return { kind: 'unreadable', reason: describeFsError(errnoError('EISDIR', file), 'read') };
  } else {
    try {
      bytes = readNonRegular(file);
    } catch (error) {
      return { kind: 'unreadable', reason: describeFsError(error, 'read') };
    }
  }
  const decoded = decodeSourceBytes(bytes);
  if (!decoded.ok) return { kind: 'unreadable', reason: decoded.error.msg };
  return { kind: 'text', text: decoded.text };
}

/** A device or FIFO, read without blocking and up to a bound. */
function readNonRegular(file: string): Buffer {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    return readAll(fd, 0, MAX_NON_REGULAR_READ) ?? Buffer.alloc(MAX_NON_REGULAR_READ + 1);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * `output.parent.mkdir(parents=True, exist_ok=True); output.write_text(text)`,
 * whole or not at all where the target is a regular file of ours. Throws the
 * errno error write_text's open() would raise (EACCES for a read-only file,
 * EISDIR, ENXIO for a FIFO no one reads, which write_text would wait on).
 */
export function writeDocument(file: string, text: string): void {
  makeDirectories(path.dirname(file));
  let target: fs.Stats | null;
  try {
    target = fs.statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    target = null;
  }
  if (target === null) {
    // A dangling symbolic link: open() creates the file it names.
    if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) writeInPlace(file, text, 'regular');
    else replaceWhole(file, text, null);
    return;
  }
  if (target.isDirectory()) throw errnoError('EISDIR', file);
  if (!target.isFile()) {
    writeInPlace(file, text, 'other');
    return;
  }
  // write_text writes through links: replace what the link names, not the link.
  const real = fs.realpathSync(file);
  // open(O_WRONLY) refuses a read-only file (root excepted, as access() knows).
  fs.accessSync(real, fs.constants.W_OK);
  if (!replaceWhole(real, text, target)) writeInPlace(real, text, 'regular');
}

/**
 * Writes `text` to a new file beside `file` and renames it over `file`, keeping
 * an existing file's mode, owner and group. False (nothing changed) when that
 * would not be the same file with new contents: more than one hard link, an
 * owner or group we cannot give it, or a folder we cannot create files in.
 */
function replaceWhole(file: string, text: string, existing: fs.Stats | null): boolean {
  if (existing !== null && existing.nlink > 1) return false;
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}`;
  sweepStaleTemps(dir, (p) => p === prefix);
  const temp = tempPathFor(file, prefix);
  let fd: number;
  try {
    // New files get write_text's mode (0666 less the umask).
    fd = fs.openSync(temp, 'wx', existing === null ? 0o666 : 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // An existing file we may write but not replace is written in place; a new one cannot be made.
    if (existing !== null && (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')) return false;
    throw error;
  }
  rememberTemp(temp);
  try {
    try {
      if (existing !== null) {
        const made = fs.fstatSync(fd);
        if (made.uid !== existing.uid || made.gid !== existing.gid)
          fs.fchownSync(fd, existing.uid, existing.gid);
        fs.fchmodSync(fd, existing.mode & 0o7777);
      }
    } catch {
      fs.closeSync(fd);
      fs.unlinkSync(temp);
      return false;
    }
    try {
      writeAll(fd, Buffer.from(text, 'utf8'));
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    try {
      fs.unlinkSync(temp);
    } catch {
      // Nothing was left behind.
    }
    throw error;
  } finally {
    forgetTemp(temp);
  }
  return true;
}

/**
 * open(file, 'w') and write, as write_text does. A device or FIFO is opened
 * non-blocking, so a FIFO with no reader is an error (ENXIO) rather than a wait.
 */
function writeInPlace(file: string, text: string, kind: 'regular' | 'other'): void {
  const { O_WRONLY, O_CREAT, O_TRUNC, O_NONBLOCK } = fs.constants;
  const fd = fs.openSync(file, O_WRONLY | O_CREAT | O_TRUNC | (kind === 'other' ? O_NONBLOCK : 0), 0o666);
  try {
    writeAll(fd, Buffer.from(text, 'utf8'));
  } finally {
    fs.closeSync(fd);
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes every byte; a non-blocking descriptor that is full (a pipe) is waited on briefly and retried. */
function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  while (done < bytes.length) {
    try {
      done += fs.writeSync(fd, bytes, done, bytes.length - done);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

function errnoError(code: string, file?: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(code);
  error.code = code;
  if (file !== undefined) error.path = file;
  return error;
}

/** A file system error in plain words, with the path concerned. */
export function describeFsError(error: unknown, action: 'read' | 'write' = 'write'): string {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string') {
    // Writing, ENOENT also means a parent that is not a folder (procfs answers so).
    const reason =
      e.code === 'ENOENT' && action === 'write'
        ? 'no such file or directory (or a parent cannot hold folders)'
        : osErrorText(e.code);
    // The caller names the file; the temporary file's name would only confuse.
    const shown = e.path && !/\.tmp$/.test(e.path) ? ` (${e.path})` : '';
    return `${reason}${shown}`;
  }
  return String(error);
}
