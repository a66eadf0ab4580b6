// Reading and parsing tree files, each parsed at most once per run. The
// reference re-reads and re-parses some files (mla/common.py once per MLA
// backend); we read again too, which is cheap, but parse again only if the
// bytes changed. Parsing is deterministic, so the answers are the same, and
// every stage of the analysis sees through the tree every file it uses (a
// cache of stages relies on that: src/cache/stage-cache.ts).

import type { PySyntaxError } from '../python/errors.js';
import type { ParseResult } from '../python/parse.js';
import { indexModule, type ModuleIndex } from './module-index.js';
import { parseModuleBytesMemoized } from './parse-cache.js';
import type { ReadFailure, SourceTree, TreePath } from '../tree/tree.js';

export type ModuleFailure =
  | {
      readonly kind: 'read';
      readonly reason: ReadFailure;
      readonly detail: string;
      /** The errno code of an 'io' failure. */
      readonly errorCode?: string;
    }
  | { readonly kind: 'parse'; readonly error: PySyntaxError };

export type ModuleLoad =
  | { readonly ok: true; readonly module: ModuleIndex }
  | { readonly ok: false; readonly failure: ModuleFailure };

/** Bytes in, module or syntax error out; the project's parser unless a test injects another. */
export type ModuleParser = (bytes: Uint8Array) => ParseResult;

/**
 * Bytes in, the module's index or its syntax error out: what `ast.parse`
 * accepts or rejects, however much of the tree is actually built.
 */
export type ModuleIndexer = (
  bytes: Uint8Array,
) =>
  { readonly ok: true; readonly module: ModuleIndex } | { readonly ok: false; readonly error: PySyntaxError };

/** An indexer that parses whole modules with `parse`. */
export function fullParseIndexer(parse: ModuleParser = parseModuleBytesMemoized): ModuleIndexer {
  return (bytes) => {
    const parsed = parse(bytes);
    return parsed.ok ? { ok: true, module: indexModule(parsed.module) } : parsed;
  };
}

export class ModuleCache {
  private readonly loaded = new Map<TreePath, { readonly bytes: Uint8Array; readonly load: ModuleLoad }>();

  constructor(
    readonly tree: SourceTree,
    private readonly indexer: ModuleIndexer = fullParseIndexer(),
  ) {}

  /** `ast.parse(path.read_text())`, as data. */
  load(path: TreePath): ModuleLoad {
    const read = this.tree.readFile(path);
    if (!read.ok) {
      const { reason, detail, errorCode } = read;
      return { ok: false, failure: { kind: 'read', reason, detail, ...(errorCode && { errorCode }) } };
    }
    const earlier = this.loaded.get(path);
    if (earlier !== undefined && Buffer.compare(earlier.bytes, read.bytes) === 0) return earlier.load;
    const indexed = this.indexer(read.bytes);
    const load: ModuleLoad = indexed.ok
      ? indexed
      : { ok: false, failure: { kind: 'parse', error: indexed.error } };
    this.loaded.set(path, { bytes: read.bytes, load });
    return load;
  }

  /** `path.exists()`: files and folders alike. */
  exists(path: TreePath): boolean {
    const kind = this.tree.stat(path);
    return kind === 'file' || kind === 'directory';
  }
}
