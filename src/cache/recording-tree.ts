import { contentHash } from './content-hash.js';
import { literal, nullable, object, oneOf, string, type Assert, type SameShape } from '../shape.js';
import type { ReadResult, SourceTree, StatResult, TreePath } from '../tree/tree.js';

/** One thing analysis learned from the tree, in the order it asked. */
export type TreeAccess =
  | { readonly op: 'stat'; readonly path: TreePath; readonly result: StatResult }
  | {
      readonly op: 'read';
      readonly path: TreePath;
      readonly result: string;
      /** The file's stat signature when it was old enough to trust (see RACY_WINDOW_MS). */
      readonly signature: string | null;
    };

/** The shape of a TreeAccess read back from a cache file. */
export const TREE_ACCESS = oneOf(
  object({
    op: literal('stat'),
    path: string,
    result: literal('file', 'directory', 'missing', 'outside', 'denied'),
  }),
  object({ op: literal('read'), path: string, result: string, signature: nullable(string) }),
);
export type TreeAccessShapeMatches = Assert<SameShape<typeof TREE_ACCESS, TreeAccess>>;

/**
 * A file changed within this window of being recorded could change again
 * without its timestamps moving (the "racy git" problem), so its signature is
 * not trusted and it is re-read and re-hashed on replay.
 */
const RACY_WINDOW_MS = 2000;

const CONTENT_PREFIX = 'sha256:';

/** The content hash in a read's fingerprint, or null for a failed read. */
export function contentHashOf(fingerprint: string): string | null {
  return fingerprint.startsWith(CONTENT_PREFIX) ? fingerprint.slice(CONTENT_PREFIX.length) : null;
}

/** What a read contributes to the cache key: the content hash, or the failure. */
export function readFingerprint(read: ReadResult): string {
  if (!read.ok) return `failed:${read.reason}:${read.detail}`;
  return `${CONTENT_PREFIX}${contentHash(read.bytes)}`;
}

/**
 * A SourceTree that passes every call through and remembers it. Analysis is
 * a pure function of these answers, so replaying them later tells whether a
 * cached result still holds.
 */
export class RecordingTree implements SourceTree {
  readonly accesses: TreeAccess[] = [];

  constructor(private readonly inner: SourceTree) {}

  get label(): string {
    return this.inner.label;
  }

  displayPath(path: TreePath): string {
    return this.inner.displayPath(path);
  }

  stat(path: TreePath): StatResult {
    const result = this.inner.stat(path);
    this.accesses.push({ op: 'stat', path, result });
    return result;
  }

  /** The SHA-256 of every file content read (or known unchanged) so far. */
  contentHashes(): Set<string> {
    const hashes = new Set<string>();
    for (const access of this.accesses) {
      if (access.op === 'read' && access.result.startsWith(CONTENT_PREFIX))
        hashes.add(access.result.slice(CONTENT_PREFIX.length));
    }
    return hashes;
  }

  /**
   * replayMatches through this tree: true when every access still holds. The
   * ones checked are recorded as if made again (they are true of the tree),
   * so a stage answered from its record still counts among the inputs.
   */
  replay(accesses: readonly TreeAccess[]): boolean {
    for (const access of accesses) {
      if (!stillHolds(this.inner, access)) return false;
      this.accesses.push(access);
    }
    return true;
  }

  readFile(path: TreePath): ReadResult {
    const before = this.inner.statSignature?.(path) ?? null;
    const result = this.inner.readFile(path);
    const after = this.inner.statSignature?.(path) ?? null;
    const trusted =
      before !== null &&
      after !== null &&
      before.signature === after.signature &&
      after.ageMs > RACY_WINDOW_MS;
    this.accesses.push({
      op: 'read',
      path,
      result: readFingerprint(result),
      signature: trusted ? after.signature : null,
    });
    return result;
  }
}

/** True when the tree still answers every recorded access the same way. */
export function replayMatches(tree: SourceTree, accesses: readonly TreeAccess[]): boolean {
  for (const access of accesses) if (!stillHolds(tree, access)) return false;
  return true;
}

function stillHolds(tree: SourceTree, access: TreeAccess): boolean {
  if (access.op === 'stat') return tree.stat(access.path) === access.result;
  // An unchanged, old-enough signature means unchanged contents; otherwise compare hashes.
  if (access.signature !== null && tree.statSignature?.(access.path)?.signature === access.signature)
    return true;
  return readFingerprint(tree.readFile(access.path)) === access.result;
}
