// A process-wide memo of parse results by content, for long-lived library
// users (an editor, a watch loop, a test suite): analysing a tree again only
// parses the files whose bytes changed. Parsing is deterministic and the
// trees are never mutated by the extractors, so sharing them is safe.

import { parseModuleBytes, type ParseResult } from '../python/parse.js';

/** Keep at most this much source (bytes) worth of parsed modules. */
const MAX_SOURCE_BYTES = 32 * 1024 * 1024;

interface MemoEntry {
  readonly bytes: Uint8Array;
  readonly result: ParseResult;
}

/** Candidates by a cheap key (length and a sampled hash); equality is then checked byte for byte. */
const memo = new Map<string, MemoEntry[]>();
let memoBytes = 0;

/** Any depth: callers compare `astDepth` with the limit where they stand. */
const ANY_DEPTH = { maxAstDepth: Infinity };

/** parseModuleBytes at any depth, answered from the memo when the same bytes were parsed before. */
export function parseModuleBytesMemoized(bytes: Uint8Array): ParseResult {
  if (bytes.length > MAX_SOURCE_BYTES / 4) return parseModuleBytes(bytes, ANY_DEPTH);
  const key = sampleKey(bytes);
  const candidates = memo.get(key);
  if (candidates !== undefined) {
    const hit = candidates.find((c) => Buffer.compare(c.bytes, bytes) === 0);
    if (hit !== undefined) {
      // Refresh its place: the Map's order is the eviction order.
      memo.delete(key);
      memo.set(key, candidates);
      return hit.result;
    }
  }
  const result = parseModuleBytes(bytes, ANY_DEPTH);
  const copy = Uint8Array.from(bytes);
  memo.set(key, [...(candidates ?? []), { bytes: copy, result }]);
  memoBytes += copy.length;
  for (const [oldKey, old] of memo) {
    if (memoBytes <= MAX_SOURCE_BYTES) break;
    memo.delete(oldKey);
    for (const entry of old) memoBytes -= entry.bytes.length;
  }
  return result;
}

/** Length plus an FNV-1a hash of up to 256 bytes sampled across the file. */
function sampleKey(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  const step = Math.max(1, Math.floor(bytes.length / 256));
  for (let i = 0; i < bytes.length; i += step) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193);
  }
  return `${bytes.length}:${h >>> 0}`;
}
