// V8's compiled code for the CLI bundle, kept in the cache folder so that a
// run does not compile the bundle again (vm.Script's cachedData). Written
// after a run, when it holds the functions compiled lazily on the way (the
// parser's, after a run that parsed); one written at load time would hold
// little more than the top level. A code cache is code: it is read only from
// the cache folder that passes the result cache's checks (ours, a real folder,
// writable by no one else) and only as a regular file of ours with one link,
// opened without following links; it is used only for the same bundle
// (the fingerprint written into its first line at build time), the same Node
// and the same V8 flags, and V8 checks its own version and flags again and
// may still reject it, in which case the bundle compiles as without one.
//
// Gain (npm run bench:layers, newest tree, Node 20): 8-16 ms a cached run,
// about a fifth of an unchanged one (docs/design/performance.md).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { prepareCacheDir, untrustedCacheFile } from '../cache/cache-dir.js';
import { hash64Hex } from '../cache/name-hash.js';
import { readRegularFile } from '../files/regular-file.js';
import { forgetTemp, rememberTemp, sweepStaleTemps, tempPathFor } from '../files/temp-files.js';

/** The first line the build writes into the bundle: `// vllm-attention-docs bundle <sha256 hex>`. */
const FINGERPRINT_LINE = /^\/\/ vllm-attention-docs bundle ([0-9a-f]{64})\n/;

/** `v8-code-<16 hex digits of the key>.bin` */
const CODE_CACHE_FILE = /^v8-code-[0-9a-f]{16}\.bin$/;
const FORMAT = 'vllm-attention-docs v8 code cache 1';
/** Code caches kept at most (one per build, Node version and flags in use): the least recently written go. */
const MAX_CODE_CACHES = 4;
/** A code cache is a few hundred KB; a larger file is not one of ours. */
const MAX_CODE_CACHE_BYTES = 16 * 1024 * 1024;

/** The bundle's fingerprint from its first line, or null (not a built bundle: no code cache). */
export function bundleFingerprint(source: string): string | null {
  return FINGERPRINT_LINE.exec(source.slice(0, 128))?.[1] ?? null;
}

/** What a code cache must have been made by: the bundle, Node, and the flags V8 was started with. */
export function codeCacheKey(
  fingerprint: string,
  runtime: { readonly version: string; readonly arch: string; readonly execArgv: readonly string[] },
  nodeOptions: string | undefined,
): string {
  return JSON.stringify([fingerprint, runtime.version, runtime.arch, runtime.execArgv, nodeOptions ?? '']);
}

export interface CodeCache {
  /** The code, for vm.Script's cachedData. */
  readonly data: Buffer;
  /** Whether the run that wrote it parsed Python (so it holds the parser's code). */
  readonly afterParsing: boolean;
}

/** The file a key's code cache lives in. */
export function codeCacheFile(dir: string, key: string): string {
  return path.join(dir, `v8-code-${hash64Hex(key)}.bin`);
}

/**
 * The code cache for `key` in `dir`, or null: none, not ours to trust, damaged,
 * or made for another key. Never throws, never waits on what it finds.
 */
export function readCodeCache(dir: string, key: string): CodeCache | null {
  if (!trustedFolder(dir)) return null;
  const read = readRegularFile(codeCacheFile(dir, key), {
    noFollow: true,
    maxBytes: MAX_CODE_CACHE_BYTES,
    accept: untrustedCacheFile,
  });
  if (!read.ok) return null;
  const bytes = read.bytes;
  const newline = bytes.indexOf(10);
  if (newline < 0) return null;
  let header: unknown;
  try {
    header = JSON.parse(bytes.toString('utf8', 0, newline));
  } catch {
    return null;
  }
  if (typeof header !== 'object' || header === null) return null;
  const { format, key: madeFor, afterParsing, length } = header as Record<string, unknown>;
  if (format !== FORMAT || madeFor !== key || typeof afterParsing !== 'boolean') return null;
  const data = bytes.subarray(newline + 1);
  // A file cut short (or grown) is not what was written.
  if (length !== data.length) return null;
  return { data, afterParsing };
}

/**
 * Keeps `data` as the code cache for `key` (a private file, written whole
 * through a temporary file and a rename), and drops the oldest others past
 * MAX_CODE_CACHES; best effort: a cache that cannot be written only makes the
 * next run slower.
 */
export function writeCodeCache(dir: string, key: string, data: Uint8Array, afterParsing: boolean): void {
  try {
    if (!prepareCacheDir(dir).ok) return;
  } catch {
    return;
  }
  const file = codeCacheFile(dir, key);
  const header = JSON.stringify({ format: FORMAT, key, afterParsing, length: data.length });
  const temp = tempPathFor(file);
  try {
    rememberTemp(temp);
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeSync(fd, `${header}\n`);
      fs.writeSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch {
    try {
      fs.unlinkSync(temp);
    } catch {
      // Never made.
    }
    return;
  } finally {
    forgetTemp(temp);
  }
  dropOldCodeCaches(dir);
}

/** Whether `dir` exists and passes the cache folder's checks, without making it. */
function trustedFolder(dir: string): boolean {
  try {
    fs.lstatSync(dir);
  } catch {
    return false;
  }
  // It exists: prepareCacheDir only checks it (and narrows a folder of ours open to reading).
  return prepareCacheDir(dir).ok;
}

function dropOldCodeCaches(dir: string): void {
  sweepStaleTemps(dir, (prefix) => CODE_CACHE_FILE.test(prefix));
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => CODE_CACHE_FILE.test(name));
  } catch {
    return;
  }
  if (names.length <= MAX_CODE_CACHES) return;
  const dated = names.flatMap((name) => {
    const stats = fs.lstatSync(path.join(dir, name), { throwIfNoEntry: false });
    return stats?.isFile() ? [{ name, mtime: stats.mtimeMs }] : [];
  });
  dated.sort((a, b) => b.mtime - a.mtime);
  for (const { name } of dated.slice(MAX_CODE_CACHES)) {
    try {
      fs.unlinkSync(path.join(dir, name));
    } catch {
      // Gone already.
    }
  }
}
