// A best-effort cache of analysis results, for repeated runs. An entry holds
// every stat and read the analysis made (with content hashes) and its
// outcome; it is used only if the tree answers every one of them the same way
// again, so a cached result is the result analysis would compute. When some
// input changed, two companion files make the new analysis cheaper: the
// stages whose own inputs still hold are replayed (stage-cache.ts), and files
// whose bytes are unchanged are parsed only where the extractors look
// (outline-cache.ts). Any cache trouble means "no cache", never a failure.

import * as path from 'node:path';
import { analyzeWith } from '../analyze.js';
import { AnalysisError, type ErrorDiagnostic } from '../diagnostics.js';
import type { FeatureMatrix } from '../matrix.js';
import type { SourceTree } from '../tree/tree.js';
import type { GeneratorVersion } from '../versions/versions.js';
import { readCacheFile, writeCacheFile, type CacheOwner } from './cache-file.js';
import { OutlineBook } from './outline-cache.js';
import { RecordingTree, replayMatches, type TreeAccess } from './recording-tree.js';
import { StageBook } from './stage-cache.js';

/** Bump when analysis or the entry format changes, so old entries are ignored. */
const CACHE_FORMAT = 3;

type Outcome =
  | { readonly kind: 'matrix'; readonly matrix: FeatureMatrix }
  | { readonly kind: 'error'; readonly diagnostic: ErrorDiagnostic };

/**
 * The entry's file: named by a 64-bit hash of the root. Not a cryptographic
 * one (loading node:crypto would cost a cache hit more than the lookup): the
 * entry records its root and is ignored when that differs, so a collision is
 * only a miss.
 */
function entryFile(cacheDir: string, tree: SourceTree, suffix: string): string {
  return path.join(cacheDir, `${hash64Hex(tree.label)}${suffix}.json`);
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
  options: { cacheDir: string; toolVersion: string; generatorVersion?: GeneratorVersion },
): FeatureMatrix {
  const owner: CacheOwner = { toolVersion: options.toolVersion, root: tree.label };
  const file = entryFile(options.cacheDir, tree, '');
  const entry = readCacheFile(file, CACHE_FORMAT, owner);
  if (entry !== null && Array.isArray(entry.accesses) && typeof entry.outcome === 'object') {
    if (replayMatches(tree, entry.accesses as TreeAccess[])) return settle(entry.outcome as Outcome);
  }

  const stagesFile = entryFile(options.cacheDir, tree, '.stages');
  const outlinesFile = entryFile(options.cacheDir, tree, '.outlines');
  const recording = new RecordingTree(tree);
  const stages = StageBook.read(stagesFile, owner, recording);
  const outlines = OutlineBook.read(outlinesFile, owner);
  let outcome: Outcome;
  try {
    outcome = {
      kind: 'matrix',
      matrix: analyzeWith(recording, {
        indexer: outlines.indexer,
        stages,
        generatorVersion: options.generatorVersion,
      }),
    };
  } catch (error) {
    if (!(error instanceof AnalysisError)) throw error;
    outcome = { kind: 'error', diagnostic: error.diagnostic };
  }
  writeCacheFile(file, CACHE_FORMAT, owner, { accesses: recording.accesses, outcome });
  stages.write(stagesFile, owner);
  outlines.write(outlinesFile, owner, recording.contentHashes());
  return settle(outcome);
}
