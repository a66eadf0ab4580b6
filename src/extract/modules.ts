// Reading and parsing tree files, each parsed at most once per run. The
// reference re-reads and re-parses some files (mla/common.py once per MLA
// backend); we read again too, which is cheap, but parse again only if the
// bytes changed. Parsing is deterministic, so the answers are the same, and
// every stage of the analysis sees through the tree every file it uses (a
// cache of stages relies on that: src/cache/stage-cache.ts).

import type { PySyntaxError, PySyntaxWarning } from '../python/errors.js';
import { warning, type WarningDiagnostic } from '../diagnostics.js';
import { astDepthLimit, RECURSION_ERROR, type ParseResult } from '../python/parse.js';
import {
  indexModule,
  observedIndex,
  type ModuleIndex,
  type ModuleQuery,
  type StatementSummary,
} from './module-index.js';
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
 * accepts or rejects, however much of the tree is actually built, at any
 * depth of the caller's stack. `astDepth` (see ParseResult) decides the
 * RecursionError of a given call. `path` is where the bytes were read (an
 * indexer may know an earlier version of that file).
 */
export type ModuleIndexer = (bytes: Uint8Array, path: TreePath) => IndexedModule;

export type IndexedModule =
  | {
      readonly ok: true;
      readonly module: ModuleIndex;
      readonly astDepth: number | null;
      readonly warnings: readonly PySyntaxWarning[];
      /** The module's top-level statements as an outline has them, where the indexer knows it. */
      readonly statements?: readonly OutlinedStatement[];
    }
  | { readonly ok: false; readonly error: PySyntaxError; readonly warnings: readonly PySyntaxWarning[] };

/** A top-level statement of an outline (src/python/outline.ts): what it holds, its own text's hash, its line. */
export interface OutlinedStatement extends StatementSummary {
  readonly statementHash: string;
  readonly lineno: number;
}

/**
 * Told of every module a load read and indexed (the stage cache records what a
 * stage asked of which modules); gives back where to report the questions
 * asked of it, or null to hear none.
 */
export interface ModuleLoadObserver {
  loaded(path: TreePath, indexed: IndexedModule): ((query: ModuleQuery) => void) | null;
}

/** An indexer that parses whole modules with `parse`. */
export function fullParseIndexer(parse: ModuleParser = parseModuleBytesMemoized): ModuleIndexer {
  return (bytes) => {
    const parsed = parse(bytes);
    const warnings = parsed.warnings ?? [];
    return parsed.ok
      ? { ok: true, module: indexModule(parsed.module), astDepth: parsed.astDepth ?? null, warnings }
      : { ok: false, error: parsed.error, warnings };
  };
}

export class ModuleCache {
  /**
   * How many times the reference has called ast.parse so far (those after its
   * read_text() succeeded): its first calls allow less nesting (astDepthLimit).
   * Analysis stages replayed from a cache add the calls they made.
   */
  astParseCalls = 0;

  private readonly loaded = new Map<
    TreePath,
    { readonly bytes: Uint8Array; readonly indexed: IndexedModule }
  >();

  constructor(
    readonly tree: SourceTree,
    private readonly indexer: ModuleIndexer = fullParseIndexer(),
    /** Where the SyntaxWarnings of each parse go, as the reference prints them during ast.parse. */
    private readonly warnings: WarningDiagnostic[] = [],
    /** Told of each module read and indexed, and of what is asked of it. */
    private readonly observer: ModuleLoadObserver | null = null,
  ) {}

  /**
   * `ast.parse(path.read_text())`, as data, called with `pythonFrames` frames on the
   * reference's stack (src/extract/reference-stack.ts): a deeper call, or one of the
   * first few, fails sooner.
   */
  load(path: TreePath, pythonFrames: number): ModuleLoad {
    const read = this.tree.readFile(path);
    if (!read.ok) {
      const { reason, detail, errorCode } = read;
      return { ok: false, failure: { kind: 'read', reason, detail, ...(errorCode && { errorCode }) } };
    }
    const earlier = this.loaded.get(path);
    let indexed: IndexedModule;
    if (earlier !== undefined && Buffer.compare(earlier.bytes, read.bytes) === 0) indexed = earlier.indexed;
    else {
      indexed = this.indexer(read.bytes, path);
      this.loaded.set(path, { bytes: read.bytes, indexed });
    }
    // read_text() raises a decode error before ast.parse is called.
    if (indexed.ok || indexed.error.kind !== 'UnicodeDecodeError') {
      this.astParseCalls++;
      // Every call warns again: the reference parses some files more than once.
      for (const w of indexed.warnings)
        this.warnings.push(warning('python-syntax-warning', { message: w.msg }, path, w.lineno));
    }
    const onQuery = this.observer?.loaded(path, indexed) ?? null;
    if (!indexed.ok) return { ok: false, failure: { kind: 'parse', error: indexed.error } };
    if (indexed.astDepth !== null && indexed.astDepth > astDepthLimit(pythonFrames, this.astParseCalls))
      return { ok: false, failure: { kind: 'parse', error: RECURSION_ERROR } };
    return { ok: true, module: onQuery === null ? indexed.module : observedIndex(indexed.module, onQuery) };
  }

  /** `path.exists()`: files and folders alike. */
  exists(path: TreePath): boolean {
    const kind = this.tree.stat(path);
    return kind === 'file' || kind === 'directory';
  }
}
