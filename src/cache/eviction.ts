// Keeping the cache folder bounded: entries (a tree's result, stages and
// outlines files) are evicted least recently used first once the folder holds
// more than MAX_CACHE_BYTES, and temporary files left by runs that died are
// swept. Runs after a change pay for this (one listing of the folder); a hit
// does not.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { sweepStaleTemps } from '../files/temp-files.js';
import { MAX_CACHE_FILE_BYTES } from './cache-file.js';

/** The whole folder's bound. */
export const MAX_CACHE_BYTES = MAX_CACHE_FILE_BYTES;

/** `<16 hex digits of the tree's key>[.stages|.outlines].json` */
const ENTRY_FILE = /^([0-9a-f]{16})(?:\.[a-z]+)?\.json$/;

interface EntryGroup {
  readonly files: string[];
  bytes: number;
  /** The latest modification time of its files: a hit touches the result file. */
  lastUsed: number;
}

/**
 * Removes whole entries, least recently used first, until the folder's entry
 * files total at most `maxBytes`; the entry `keep` (the one just written) stays.
 */
export function evictLeastRecentlyUsed(dir: string, keep: string, maxBytes = MAX_CACHE_BYTES): void {
  sweepStaleTemps(dir, (prefix) => ENTRY_FILE.test(prefix));
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const groups = new Map<string, EntryGroup>();
  let total = 0;
  for (const name of names) {
    const match = ENTRY_FILE.exec(name);
    if (match === null) continue;
    const file = path.join(dir, name);
    const stats = fs.lstatSync(file, { throwIfNoEntry: false });
    if (stats === undefined || !stats.isFile()) continue;
    let group = groups.get(match[1]);
    if (group === undefined) {
      group = { files: [], bytes: 0, lastUsed: 0 };
      groups.set(match[1], group);
    }
    group.files.push(file);
    group.bytes += stats.size;
    group.lastUsed = Math.max(group.lastUsed, stats.mtimeMs);
    total += stats.size;
  }
  if (total <= maxBytes) return;
  const candidates = [...groups]
    .filter(([key]) => key !== keep)
    .sort((a, b) => a[1].lastUsed - b[1].lastUsed);
  for (const [, group] of candidates) {
    if (total <= maxBytes) break;
    for (const file of group.files) {
      try {
        fs.unlinkSync(file);
      } catch {
        // Gone already.
      }
    }
    total -= group.bytes;
  }
}
