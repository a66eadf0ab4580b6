// Which generator version a tree carries: its script's git blob id, computed
// here from the bytes (nothing of the tree runs).

import { gitBlobId } from '../node-builtins.js';
import type { SourceTree, TreePath } from '../tree/tree.js';
import { GENERATOR_VERSIONS, type GeneratorVersion } from './versions.js';

export const GENERATOR_SCRIPT: TreePath = 'tools/pre_commit/generate_attention_backend_docs.py';

/** How the version was chosen: named by the user, found from the script, or the newest for want of one. */
export type VersionSource =
  | { readonly kind: 'requested' }
  | { readonly kind: 'script'; readonly blob: string }
  | { readonly kind: 'no-script' }
  | { readonly kind: 'unknown-script'; readonly blob: string };

export interface ChosenVersion {
  readonly version: GeneratorVersion;
  readonly source: VersionSource;
}

const CR = 0x0d;
const LF = 0x0a;

/** The bytes with CRLF turned into LF, as git stores a file a Windows checkout converted. */
function withoutCarriageReturns(bytes: Uint8Array): Uint8Array | null {
  if (!bytes.includes(CR)) return null;
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === CR && bytes[i + 1] === LF) continue;
    out.push(bytes[i]);
  }
  return Uint8Array.from(out);
}

/**
 * The version of the tree's own script (also when a Windows checkout turned its
 * line ends into CRLF); the newest when it has none or one we do not know.
 */
export function identifyVersion(
  tree: SourceTree,
  versions: readonly GeneratorVersion[] = GENERATOR_VERSIONS,
): ChosenVersion {
  const newest = versions[versions.length - 1];
  // A stat first: a cache replays "still missing" without reading anything.
  const read = tree.stat(GENERATOR_SCRIPT) === 'file' ? tree.readFile(GENERATOR_SCRIPT) : null;
  if (read === null || !read.ok) return { version: newest, source: { kind: 'no-script' } };
  const withBlob = (blob: string): GeneratorVersion | null =>
    versions.find((v) => v.blobs.includes(blob)) ?? null;
  const blob = gitBlobId(read.bytes);
  const known = withBlob(blob);
  if (known !== null) return { version: known, source: { kind: 'script', blob } };
  const lf = withoutCarriageReturns(read.bytes);
  const knownLf = lf === null ? null : withBlob(gitBlobId(lf));
  if (knownLf !== null) return { version: knownLf, source: { kind: 'script', blob } };
  return { version: newest, source: { kind: 'unknown-script', blob } };
}
