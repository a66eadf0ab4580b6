// The tree of a commit, read through git as a checkout of it would show it:
// blobs are files, trees and submodules (gitlinks, an empty folder in a
// checkout) are folders, symbolic links are followed the way the kernel
// follows them, and a path that resolves outside the tree is 'outside',
// never read. Nothing is written anywhere.

import { oserrorText } from './disk-tree.js';
import { GitObjectUnavailable, type GitObjectStore } from './git-objects.js';
import {
  isADirectory,
  noSuchFile,
  type EntryKind,
  type ReadResult,
  type SourceTree,
  type TreePath,
} from './tree.js';

/** Linux follows at most 40 symbolic links while resolving one path (ELOOP after). */
const MAX_LINKS = 40;

/** Something resolved to: a node of the commit's tree, its path from the repository's top. */
interface Node {
  readonly kind: 'tree' | 'gitlink' | 'blob';
  readonly oid: string;
  readonly names: readonly string[];
}

type Resolution =
  | { readonly kind: 'found'; readonly node: Node }
  | { readonly kind: 'missing'; readonly code: 'ENOENT' | 'ENOTDIR' | 'ELOOP' }
  | { readonly kind: 'outside' };

/** What a GitTree needs from its repository. */
export interface GitTreeSource {
  readonly store: GitObjectStore;
  /** Turns an object git could not give into the RevisionError to throw. */
  unavailable(error: GitObjectUnavailable, treePath: TreePath | null): never;
  /** Ends what reading this tree started (the git process), when the tree owns it. */
  close?(): void;
}

export interface GitTreeOptions {
  /** The commit whose tree this is (full object id). */
  readonly commit: string;
  /**
   * The tree's folder inside the repository ('' for its top, 'a/b' for a
   * work tree's subfolder), as `git rev-parse --show-prefix` gives it.
   */
  readonly prefix: string;
  /**
   * How messages name the tree: `REV:` gives `REV:vllm/x.py` (git's own
   * spelling), a folder path gives `/that/folder/vllm/x.py`.
   */
  readonly label: string;
}

const utf8 = new TextDecoder();

export class GitTree implements SourceTree {
  readonly label: string;
  readonly commit: string;
  private readonly prefixNames: readonly string[];
  private root: readonly Node[] | null | undefined;
  private readonly resolved = new Map<TreePath, Resolution>();
  private readonly consulted = new Set<string>();
  private readonly blobsFound = new Set<string>();

  constructor(
    private readonly source: GitTreeSource,
    options: GitTreeOptions,
  ) {
    this.label = options.label;
    this.commit = options.commit;
    this.prefixNames = options.prefix.split('/').filter((name) => name !== '');
  }

  displayPath(treePath: TreePath): string {
    if (treePath === '') return this.label.endsWith(':') ? this.label.slice(0, -1) : this.label;
    return this.label.endsWith(':') || this.label.endsWith('/')
      ? `${this.label}${treePath}`
      : `${this.label}/${treePath}`;
  }

  stat(treePath: TreePath): EntryKind | 'outside' {
    const resolution = this.resolve(treePath);
    if (resolution.kind !== 'found') return resolution.kind === 'outside' ? 'outside' : 'missing';
    return resolution.node.kind === 'blob' ? 'file' : 'directory';
  }

  readFile(treePath: TreePath): ReadResult {
    const resolution = this.resolve(treePath);
    const shown = this.displayPath(treePath);
    if (resolution.kind === 'outside')
      return { ok: false, reason: 'outside', detail: `leads outside the tree: '${shown}'` };
    if (resolution.kind === 'missing') {
      if (resolution.code === 'ENOENT') return noSuchFile(shown);
      return {
        ok: false,
        reason: 'io',
        detail: oserrorText(resolution.code, shown),
        errorCode: resolution.code,
      };
    }
    const node = resolution.node;
    if (node.kind !== 'blob') return isADirectory(shown);
    return { ok: true, bytes: this.guard(treePath, () => this.source.store.blob(node.oid)) };
  }

  /** The blob's id stands for its contents: equal ids, equal bytes, so a cache need not read them. */
  statSignature(treePath: TreePath): { signature: string; ageMs: number } | null {
    const oid = this.blobId(treePath);
    return oid === null ? null : { signature: `git:${oid}`, ageMs: Number.POSITIVE_INFINITY };
  }

  /** Ends the git process behind this tree if it owns one (openRevisionTree's do); idempotent. */
  close(): void {
    this.source.close?.();
  }

  /** The object id of the file at this path (after links), or null if it is not a file. */
  blobId(treePath: TreePath): string | null {
    const resolution = this.resolve(treePath);
    return resolution.kind === 'found' && resolution.node.kind === 'blob' ? resolution.node.oid : null;
  }

  /**
   * Every repository path whose entry decided an answer so far (files,
   * missing names, links and their targets). Two commits that agree on all
   * of them give every answer alike: `git log -- PATHS` lists where they may not.
   */
  consultedPaths(): ReadonlySet<string> {
    return this.consulted;
  }

  /** The ids of the files found so far (at consulted paths). */
  consultedBlobs(): ReadonlySet<string> {
    return this.blobsFound;
  }

  private resolve(treePath: TreePath): Resolution {
    let resolution = this.resolved.get(treePath);
    if (resolution === undefined) {
      resolution = this.guard(treePath, () => this.resolveUncached(treePath));
      this.resolved.set(treePath, resolution);
    }
    return resolution;
  }

  private resolveUncached(treePath: TreePath): Resolution {
    const root = this.rootStack();
    if (root === null) return { kind: 'missing', code: 'ENOENT' };
    const walked = this.walk(root, treePath === '' ? [] : treePath.split('/'));
    if (walked.kind !== 'found') return walked;
    const names = walked.node.names;
    this.consulted.add(names.join('/'));
    // Confinement, like a checkout's realpath check: the end must lie in the tree's folder.
    const rootNames = root[root.length - 1].names;
    if (names.length < rootNames.length || rootNames.some((name, i) => names[i] !== name))
      return { kind: 'outside' };
    if (walked.node.kind === 'blob') this.blobsFound.add(walked.node.oid);
    return walked;
  }

  /** The nodes from the repository's top down to the tree's folder; null if that is not a folder at this commit. */
  private rootStack(): readonly Node[] | null {
    if (this.root === undefined) {
      const top: Node = { kind: 'tree', oid: this.source.store.commitTree(this.commit), names: [] };
      const stack: Node[] = [top];
      const walked = this.walk(stack, this.prefixNames, stack);
      this.root = walked.kind === 'found' && walked.node.kind !== 'blob' ? stack : null;
    }
    return this.root;
  }

  /**
   * Follows `components` from the top of `start`, as path resolution does:
   * '..' goes to the physical parent, a link's target continues from the
   * link's folder, an absolute target or a climb above the repository leads
   * outside. `into`, when given, receives the final stack.
   */
  private walk(start: readonly Node[], components: readonly string[], into?: Node[]): Resolution {
    const stack = into ?? [...start];
    const todo = [...components].reverse();
    let links = 0;
    while (todo.length > 0) {
      const name = todo.pop() as string;
      const current = stack[stack.length - 1];
      if (current.kind === 'blob') {
        this.consulted.add(current.names.join('/'));
        return { kind: 'missing', code: 'ENOTDIR' };
      }
      if (name === '' || name === '.') continue;
      if (name === '..') {
        if (stack.length === 1) return { kind: 'outside' };
        stack.pop();
        continue;
      }
      const names = [...current.names, name];
      // A submodule is an empty folder in a checkout: nothing below it.
      const entry = current.kind === 'gitlink' ? undefined : this.source.store.tree(current.oid).get(name);
      if (entry === undefined) {
        this.consulted.add(names.join('/'));
        return { kind: 'missing', code: 'ENOENT' };
      }
      if (entry.kind === 'link') {
        this.consulted.add(names.join('/'));
        if (++links > MAX_LINKS) return { kind: 'missing', code: 'ELOOP' };
        const target = utf8.decode(this.source.store.blob(entry.oid));
        if (target === '') return { kind: 'missing', code: 'ENOENT' };
        if (target.startsWith('/')) return { kind: 'outside' };
        // An empty segment ('a//b', a trailing '/') still requires a folder there, as '.' does.
        for (const segment of target.split('/').reverse()) todo.push(segment === '' ? '.' : segment);
        continue;
      }
      stack.push({ kind: entry.kind, oid: entry.oid, names });
    }
    return { kind: 'found', node: stack[stack.length - 1] };
  }

  private guard<T>(treePath: TreePath, body: () => T): T {
    try {
      return body();
    } catch (error) {
      if (error instanceof GitObjectUnavailable) this.source.unavailable(error, treePath);
      throw error;
    }
  }
}
