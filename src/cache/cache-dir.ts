// Where the CLI keeps what it caches, and whether that folder can be trusted.
// A cache another local user can write is a way to put anything into our
// document: the folder is used only if it is a real folder (not a link) owned
// by the current user and not writable by anyone else, the way git refuses a
// repository it does not own. It is created 0700.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeDirectories } from '../files/directories.js';

/** `$XDG_CACHE_HOME/vllm-attention-docs`, else `~/.cache/vllm-attention-docs`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : path.join(os.homedir(), '.cache');
  return path.join(base, 'vllm-attention-docs');
}

/** Whether VLLM_ATTENTION_DOCS_NO_CACHE asks for no cache: only a true value does (1, true, yes, on). */
export function cacheDisabledByEnv(env: NodeJS.ProcessEnv): boolean {
  const value = env.VLLM_ATTENTION_DOCS_NO_CACHE;
  return value !== undefined && /^\s*(1|true|yes|on)\s*$/i.test(value);
}

/** Why a cache folder that exists is not used. */
export type UnsafeCacheReason = 'symbolic-link' | 'not-a-directory' | 'not-owned' | 'writable-by-others';

/** The run went without its cache because the folder could not be trusted. */
export interface CacheNotice {
  readonly dir: string;
  readonly reason: UnsafeCacheReason;
}

export type CacheDirStatus =
  | { readonly ok: true }
  /** Could not be made (read-only, /proc, ...): runs are just slower, nothing to say. */
  | { readonly ok: false; readonly unsafe: null }
  | { readonly ok: false; readonly unsafe: UnsafeCacheReason };

/** The effective user id, or null where there is none (not POSIX). */
export function currentUid(): number | null {
  return typeof process.geteuid === 'function' ? process.geteuid() : null;
}

/**
 * Makes the folder (0700, parents as XDG asks) if missing, then checks it:
 * not a link, a folder, ours, not writable by group or others. A folder of
 * ours open to others only for reading is narrowed to 0700.
 */
export function prepareCacheDir(dir: string): CacheDirStatus {
  let stats = lstatOrNull(dir);
  if (stats === null) {
    try {
      makeDirectories(path.dirname(dir), 0o700);
      fs.mkdirSync(dir, { mode: 0o700 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return { ok: false, unsafe: null };
    }
    stats = lstatOrNull(dir);
    if (stats === null) return { ok: false, unsafe: null };
  }
  const unsafe = unsafeReason(stats);
  if (unsafe !== null) return { ok: false, unsafe };
  if ((stats.mode & 0o077) !== 0) {
    try {
      fs.chmodSync(dir, 0o700);
    } catch {
      // Readable by others is not a risk to us; only writable would be.
    }
  }
  return { ok: true };
}

function lstatOrNull(file: string): fs.Stats | null {
  try {
    return fs.lstatSync(file);
  } catch {
    return null;
  }
}

function unsafeReason(stats: fs.Stats): UnsafeCacheReason | null {
  if (stats.isSymbolicLink()) return 'symbolic-link';
  if (!stats.isDirectory()) return 'not-a-directory';
  const uid = currentUid();
  if (uid !== null && stats.uid !== uid) return 'not-owned';
  if ((stats.mode & 0o022) !== 0) return 'writable-by-others';
  return null;
}

/**
 * Whether a cache file (opened without following links) can be trusted: a
 * single-link file of ours that no one else may write. Null when it can.
 */
export function untrustedCacheFile(stats: fs.Stats): string | null {
  const uid = currentUid();
  if (uid !== null && stats.uid !== uid) return 'EPERM';
  if ((stats.mode & 0o022) !== 0 || stats.nlink !== 1) return 'EPERM';
  return null;
}
