// A best-effort cache of analysis results, for repeated runs. An entry holds
// every stat and read the analysis made (with content hashes) and its
// outcome; it is used only if the tree answers every one of them the same way
// again, so a cached result is the result analysis would compute. When some
// input changed, two companion files make the new analysis cheaper: the
// stages whose own inputs still hold are replayed (stage-cache.ts), and files
// whose bytes are unchanged are parsed only where the extractors look
// (outline-cache.ts). Any cache trouble means "no cache", never a failure.
//
// Gain of a hit over replaying every stage (npm run bench:layers, newest
// tree, Node 20): 10-12 ms, a fifth of an unchanged run.

import * as path from 'node:path';
import { analyzeWith } from '../analyze.js';
import { ERROR_DIAGNOSTIC, FEATURE_MATRIX } from '../analysis-shapes.js';
import { AnalysisError, type ErrorDiagnostic } from '../diagnostics.js';
import type { FeatureMatrix } from '../matrix.js';
import { array, literal, object, oneOf, type Assert, type SameShape } from '../shape.js';
import { DiskTree } from '../tree/disk-tree.js';
import type { SourceTree, TreePath } from '../tree/tree.js';
import type { GeneratorVersion } from '../versions/versions.js';
import { prepareCacheDir, type CacheNotice } from './cache-dir.js';
import { readCacheFile, touchCacheFile, writeCacheFile, type CacheOwner } from './cache-file.js';
import { evictLeastRecentlyUsed } from './eviction.js';
import { hash64Hex } from './name-hash.js';
import { OutlineBook } from './outline-cache.js';
import {
  contentHashOf,
  RecordingTree,
  replayMatches,
  TREE_ACCESS,
  type TreeAccess,
} from './recording-tree.js';
import { StageBook } from './stage-cache.js';

/** Bump when analysis or the entry format changes, so old entries are ignored. */
const CACHE_FORMAT = 4;

type Outcome =
  | { readonly kind: 'matrix'; readonly matrix: FeatureMatrix }
  | { readonly kind: 'error'; readonly diagnostic: ErrorDiagnostic };

/** What a miss needs of the last entry: its accesses (which files it read, with what contents). */
const ENTRY_ACCESSES = (value: unknown): value is { accesses: TreeAccess[] } =>
  typeof value === 'object' &&
  value !== null &&
  Object.keys(value).length === 2 &&
  array(TREE_ACCESS)((value as { accesses?: unknown }).accesses);

const OUTCOME = oneOf(
  object({ kind: literal('matrix'), matrix: FEATURE_MATRIX }),
  object({ kind: literal('error'), diagnostic: ERROR_DIAGNOSTIC }),
);
/** The whole entry's shape, checked in two parts: its accesses on every run, its outcome on a hit. */
export const RESULT_ENTRY = object({ accesses: array(TREE_ACCESS), outcome: OUTCOME });
export type OutcomeShapeMatches = Assert<
  SameShape<typeof RESULT_ENTRY, { accesses: import('./recording-tree.js').TreeAccess[]; outcome: Outcome }>
>;

/**
 * The tree's key: its real path for a directory on disk, so every spelling
 * of a root (links, `..`) shares one entry; its label otherwise.
 */
function treeKey(tree: SourceTree): string {
  return tree instanceof DiskTree ? tree.realRoot : tree.label;
}

/** An entry's files are named by a 64-bit hash of the tree's key (the entry records its key). */
function entryName(key: string): string {
  return hash64Hex(key);
}

/** What each file read held (its content hash), by path: a changed file is compared with its last version. */
function contentsRead(accesses: readonly TreeAccess[]): Map<TreePath, string> {
  const contents = new Map<TreePath, string>();
  for (const access of accesses) {
    const hash = access.op === 'read' ? contentHashOf(access.result) : null;
    if (hash !== null) contents.set(access.path, hash);
  }
  return contents;
}

function settle(outcome: Outcome): FeatureMatrix {
  if (outcome.kind === 'error') throw new AnalysisError(outcome.diagnostic);
  return outcome.matrix;
}

export interface CacheOptions {
  readonly cacheDir: string;
  /** The build's fingerprint: entries of another build are ignored. */
  readonly toolVersion: string;
  /** Told once when the cache folder cannot be trusted and the run goes without it. */
  readonly onNotice?: (notice: CacheNotice) => void;
  /** The generator version asked for; by default the tree's own (the script is an input like any file). */
  readonly generatorVersion?: GeneratorVersion;
}

/**
 * analyze(tree), answered from the cache when every input is unchanged.
 * Throws AnalysisError exactly where analyze does.
 */
export function analyzeCached(tree: SourceTree, options: CacheOptions): FeatureMatrix {
  const dir = prepareCacheDir(options.cacheDir);
  if (!dir.ok) {
    if (dir.unsafe !== null) options.onNotice?.({ dir: options.cacheDir, reason: dir.unsafe });
    return analyzeWith(tree, { generatorVersion: options.generatorVersion });
  }
  const key = treeKey(tree);
  const owner: CacheOwner = { toolVersion: options.toolVersion, root: key };
  const name = entryName(key);
  const file = path.join(options.cacheDir, `${name}.json`);
  const entry = readCacheFile(file, CACHE_FORMAT, owner);
  // The accesses are checked first: the outcome (the whole matrix) only on a hit.
  const lastRun = ENTRY_ACCESSES(entry) ? entry : null;
  const lastOutcome = lastRun === null ? undefined : (lastRun as { outcome?: unknown }).outcome;
  if (lastRun !== null && replayMatches(tree, lastRun.accesses) && OUTCOME(lastOutcome)) {
    touchCacheFile(file);
    return settle(lastOutcome);
  }

  const stagesFile = path.join(options.cacheDir, `${name}.stages.json`);
  const outlinesFile = path.join(options.cacheDir, `${name}.outlines.json`);
  const recording = new RecordingTree(tree);
  const outlines = OutlineBook.read(outlinesFile, owner, contentsRead(lastRun?.accesses ?? []));
  const stages = StageBook.read(stagesFile, owner, recording, outlines.indexer);
  let outcome: Outcome;
  try {
    outcome = {
      kind: 'matrix',
      matrix: analyzeWith(recording, {
        indexer: outlines.indexer,
        stages,
        observeModules: stages,
        generatorVersion: options.generatorVersion,
      }),
    };
  } catch (error) {
    if (!(error instanceof AnalysisError)) {
      // A record that passed every check and still does not fit (an outline for other bytes):
      // analyse afresh, and keep nothing from this run.
      return analyzeWith(tree, { generatorVersion: options.generatorVersion });
    }
    outcome = { kind: 'error', diagnostic: error.diagnostic };
  }
  writeCacheFile(file, CACHE_FORMAT, owner, { accesses: recording.accesses, outcome });
  stages.write(stagesFile, owner);
  outlines.write(outlinesFile, owner, recording.contentHashes());
  evictLeastRecentlyUsed(options.cacheDir, name);
  return settle(outcome);
}
