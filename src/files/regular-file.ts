// Reading a file only if it is a regular file: a device, FIFO or socket is
// never read (a character device can stream forever, a FIFO blocks until a
// writer comes), and what is read is bounded when the caller asks.

import * as fs from 'node:fs';

export type NonRegularKind = 'directory' | 'character device' | 'block device' | 'FIFO' | 'socket';

export type RegularFileRead =
  | { readonly ok: true; readonly bytes: Buffer }
  /** open() or read() failed with this errno code (ENOENT, EACCES, ELOOP, ...). */
  | { readonly ok: false; readonly failure: 'errno'; readonly code: string }
  | { readonly ok: false; readonly failure: 'not-regular'; readonly kind: NonRegularKind }
  | { readonly ok: false; readonly failure: 'too-large'; readonly size: number };

export interface RegularFileOptions {
  /** Refuse a symbolic link at the last component (O_NOFOLLOW: ELOOP). */
  readonly noFollow?: boolean;
  /** Refuse a file larger than this many bytes. */
  readonly maxBytes?: number;
  /** Checked on the open file before reading (e.g. its owner); a string refuses it with that errno-like code. */
  readonly accept?: (stats: fs.Stats) => string | null;
}

/** What a non-regular entry is, for messages; null for a regular file. */
export function nonRegularKind(stats: fs.Stats): NonRegularKind | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'directory';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  if (stats.isFIFO()) return 'FIFO';
  return 'socket';
}

/**
 * The bytes of `file` if it is a regular file. Checked by stat before opening
 * (opening some devices has effects of its own), opened non-blocking (a FIFO
 * swapped in meanwhile cannot block), and checked again on the open file.
 */
export function readRegularFile(file: string, options: RegularFileOptions = {}): RegularFileRead {
  if (!options.noFollow) {
    // lstat under O_NOFOLLOW is the fstat below; a followed path is checked here first.
    let before: fs.Stats;
    try {
      before = fs.statSync(file);
    } catch (error) {
      return errnoFailure(error);
    }
    const kind = nonRegularKind(before);
    if (kind !== null) return { ok: false, failure: 'not-regular', kind };
  }
  const { O_RDONLY, O_NONBLOCK, O_NOFOLLOW } = fs.constants;
  let fd: number;
  try {
    fd = fs.openSync(file, O_RDONLY | O_NONBLOCK | (options.noFollow ? O_NOFOLLOW : 0));
  } catch (error) {
    return errnoFailure(error);
  }
  try {
    const stats = fs.fstatSync(fd);
    const kind = nonRegularKind(stats);
    if (kind !== null) return { ok: false, failure: 'not-regular', kind };
    const refusal = options.accept?.(stats) ?? null;
    if (refusal !== null) return { ok: false, failure: 'errno', code: refusal };
    const max = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
    if (stats.size > max) return { ok: false, failure: 'too-large', size: stats.size };
    const bytes = readAll(fd, stats.size, max);
    if (bytes === null) return { ok: false, failure: 'too-large', size: max + 1 };
    return { ok: true, bytes };
  } catch (error) {
    return errnoFailure(error);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads to the end, or null past `max` bytes (a file may grow after fstat).
 * A non-blocking descriptor with nothing to read yet (EAGAIN) ends the read.
 */
export function readAll(fd: number, sizeHint: number, max: number): Buffer | null {
  const chunks: Buffer[] = [];
  let total = 0;
  let chunkSize = Math.min(Math.max(sizeHint + 1, 8192), max + 1);
  for (;;) {
    const chunk = Buffer.allocUnsafe(chunkSize);
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') break;
      throw error;
    }
    if (n === 0) break;
    chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    total += n;
    if (total > max) return null;
    chunkSize = Math.min(65536, max + 1 - total);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

function errnoFailure(error: unknown): RegularFileRead {
  return { ok: false, failure: 'errno', code: (error as NodeJS.ErrnoException).code ?? 'EIO' };
}
