// A best-effort cache of whole analysis results, for repeated runs on inputs
// that have not changed (CI, --check after a rebase). An entry holds every stat and read analysis made (with
// content hashes) and its outcome; it is used only if the tree answers every
// one of them the same way again, so a cached result is the result analysis
// would compute. Any cache trouble means "no cache", never a failure.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../analyze.js';
import { AnalysisError, type ErrorDiagnostic } from '../diagnostics.js';
import type { FeatureMatrix } from '../matrix.js';
import type { SourceTree } from '../tree/tree.js';
import { RecordingTree, replayMatches, type TreeAccess } from './recording-tree.js';

/** Bump when analysis or the entry format changes, so old entries are ignored. */
const CACHE_FORMAT = 2;

type Outcome =
  | { readonly kind: 'matrix'; readonly matrix: FeatureMatrix }
  | { readonly kind: 'error'; readonly diagnostic: ErrorDiagnostic };

interface CacheEntry {
  readonly format: number;
  readonly toolVersion: string;
  readonly root: string;
  readonly accesses: readonly TreeAccess[];
  readonly outcome: Outcome;
}

/** `$XDG_CACHE_HOME/vllm-attention-docs`, else `~/.cache/vllm-attention-docs`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : path.join(os.homedir(), '.cache');
  return path.join(base, 'vllm-attention-docs');
}

/**
 * The entry's file: named by a 64-bit hash of the root. Not a cryptographic
 * one (loading node:crypto would cost a cache hit more than the lookup): the
 * entry records its root and is ignored when that differs, so a collision is
 * only a miss.
 */
function entryFile(cacheDir: string, tree: SourceTree): string {
  return path.join(cacheDir, `${hash64Hex(tree.label)}.json`);
}

/** Two independent 32-bit multiplicative string hashes (cyrb53's mixing), as 16 hex digits. */
function hash64Hex(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

function readEntry(file: string, tree: SourceTree, toolVersion: string): CacheEntry | null {
  try {
    const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheEntry;
    if (entry.format !== CACHE_FORMAT || entry.toolVersion !== toolVersion || entry.root !== tree.label)
      return null;
    if (!Array.isArray(entry.accesses) || typeof entry.outcome !== 'object' || entry.outcome === null)
      return null;
    return entry;
  } catch {
    return null;
  }
}

function writeEntry(file: string, entry: CacheEntry): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(entry));
    fs.renameSync(temp, file);
  } catch {
    // A cache that cannot be written is just a slower next run.
  }
}

function settle(outcome: Outcome): FeatureMatrix {
  if (outcome.kind === 'error') throw new AnalysisError(outcome.diagnostic);
  return outcome.matrix;
}

/**
 * analyze(tree), answered from the cache when every input is unchanged.
 * Throws AnalysisError exactly where analyze does.
 */
export function analyzeCached(
  tree: SourceTree,
  options: { cacheDir: string; toolVersion: string },
): FeatureMatrix {
  const file = entryFile(options.cacheDir, tree);
  const entry = readEntry(file, tree, options.toolVersion);
  if (entry !== null && replayMatches(tree, entry.accesses)) return settle(entry.outcome);

  const recording = new RecordingTree(tree);
  let outcome: Outcome;
  try {
    outcome = { kind: 'matrix', matrix: analyze(recording) };
  } catch (error) {
    if (!(error instanceof AnalysisError)) throw error;
    outcome = { kind: 'error', diagnostic: error.diagnostic };
  }
  writeEntry(file, {
    format: CACHE_FORMAT,
    toolVersion: options.toolVersion,
    root: tree.label,
    accesses: recording.accesses,
    outcome,
  });
  return settle(outcome);
}
