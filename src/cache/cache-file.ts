// The CLI's cache files: JSON stamped with a format number and their owner
// (the build that wrote them and the tree they describe). Reading one that is
// missing, damaged or not ours gives null; writing is atomic and best effort.
// A cache that cannot be read or written only makes a run slower.

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Who a cache file belongs to: the same build, for the same tree. */
export interface CacheOwner {
  readonly toolVersion: string;
  readonly root: string;
}

interface Stamp extends CacheOwner {
  readonly format: number;
}

/** The file's JSON object when it has this format and owner, else null. */
export function readCacheFile(
  file: string,
  format: number,
  owner: CacheOwner,
): Record<string, unknown> | null {
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    if (typeof data !== 'object' || data === null) return null;
    const stamp = data as Partial<Stamp>;
    if (stamp.format !== format || stamp.toolVersion !== owner.toolVersion || stamp.root !== owner.root)
      return null;
    return data as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** Writes `body` stamped with the format and owner, through a temporary file and a rename. */
export function writeCacheFile(file: string, format: number, owner: CacheOwner, body: object): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ format, ...owner, ...body }));
    fs.renameSync(temp, file);
  } catch {
    // Not kept: the next run is slower, nothing else.
  }
}
