// The CLI's cache files: JSON stamped with a format number and their owner
// (the build that wrote them and the tree they describe), around a body.
// Reading one that is missing, damaged, too large, not a regular file of ours
// or not stamped for us gives null, and is never waited on (no links are
// followed, no FIFO or device is read); callers check the body's shape.
// Writing is atomic and best effort. A cache that cannot be read or written
// only makes a run slower.

import * as fs from 'node:fs';
import { readRegularFile } from '../files/regular-file.js';
import { forgetTemp, rememberTemp, tempPathFor } from '../files/temp-files.js';
import { untrustedCacheFile } from './cache-dir.js';

/** Who a cache file belongs to: the same build, for the same tree. */
export interface CacheOwner {
  readonly toolVersion: string;
  /** The tree's real path (one entry however the root is spelt). */
  readonly root: string;
}

/** No cache file is read past this size (the whole cache is bounded by the same). */
export const MAX_CACHE_FILE_BYTES = 64 * 1024 * 1024;

/** The file's body when it is stamped with this format and owner, else null. */
export function readCacheFile(file: string, format: number, owner: CacheOwner): unknown {
  const read = readRegularFile(file, {
    noFollow: true,
    maxBytes: MAX_CACHE_FILE_BYTES,
    accept: untrustedCacheFile,
  });
  if (!read.ok) return null;
  let data: unknown;
  try {
    data = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null) return null;
  const stamp = data as Record<string, unknown>;
  if (stamp.format !== format || stamp.toolVersion !== owner.toolVersion || stamp.root !== owner.root)
    return null;
  return stamp.body ?? null;
}

/** Writes `body` stamped with the format and owner, through a private temporary file and a rename. */
export function writeCacheFile(file: string, format: number, owner: CacheOwner, body: object): void {
  const temp = tempPathFor(file);
  try {
    const text = cacheJson({ format, ...owner, body });
    rememberTemp(temp);
    fs.writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
    fs.renameSync(temp, file);
  } catch {
    // Not kept: the next run is slower, nothing else.
    try {
      fs.unlinkSync(temp);
    } catch {
      // Never made.
    }
  } finally {
    forgetTemp(temp);
  }
}

/**
 * JSON of a cache file. A Python int is a bigint here, which JSON cannot hold: one that
 * reaches a record (a registry member `= 1`) is written as {"bigint": "1"}, a shape no
 * record accepts, so that record is not used, and the rest of the file is.
 */
function cacheJson(value: object): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { bigint: String(v) } : v));
  }
}

/** Marks a cache file as just used (least recently used files are evicted first). */
export function touchCacheFile(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Only the eviction order suffers.
  }
}
