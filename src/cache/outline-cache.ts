// Outlines of the files the last run parsed, kept beside its result-cache
// entry. When the result cache misses (some input changed), a file whose
// bytes are the same as then is already known to parse, or to fail and how:
// it is not parsed whole again, only the top-level statements holding what
// the extractors ask for (src/python/outline.ts). A changed file is parsed
// whole, as without the cache. Any trouble with the file means "no outlines".

import type { PySyntaxError, PySyntaxWarning } from '../python/errors.js';
import {
  parseModuleBytesWithOutline,
  parseOutlineGroup,
  prepareOutlineSourceBytes,
  type ModuleOutline,
  type OutlineGroup,
  type OutlineSource,
} from '../python/outline.js';
import { parseModuleBytes } from '../python/parse.js';
import { indexModule, indexOutlinedModule, type ModuleIndex } from '../extract/module-index.js';
import type { ModuleIndexer } from '../extract/modules.js';
import { PY_SYNTAX_ERROR, PY_SYNTAX_WARNING } from '../analysis-shapes.js';
import {
  array,
  boolean,
  literal,
  nullable,
  object,
  oneOf,
  string,
  type Assert,
  type SameShape,
  type Shape,
} from '../shape.js';
import { readCacheFile, writeCacheFile, type CacheOwner } from './cache-file.js';
import { contentHash } from './content-hash.js';

/** Bump when the outline or the file format changes. */
const OUTLINE_FORMAT = 4;

/** Parses accept any depth: each load compares `astDepth` with the limit where it stands. */
const ANY_DEPTH = { maxAstDepth: Infinity };

/** What a full parse of some bytes found: the outline, or the error ast.parse raises. */
export type OutlineRecord =
  | {
      readonly ok: true;
      readonly outline: ModuleOutline;
      readonly astDepth: number | null;
      readonly warnings: readonly PySyntaxWarning[];
    }
  | { readonly ok: false; readonly error: PySyntaxError; readonly warnings: readonly PySyntaxWarning[] };

/**
 * The outlines known from the last run, and those this run used or made
 * (the next run's).
 */
export class OutlineBook {
  private readonly used = new Map<string, OutlineRecord>();

  constructor(private readonly known: ReadonlyMap<string, OutlineRecord> = new Map()) {}

  static read(file: string, owner: CacheOwner): OutlineBook {
    const body = readCacheFile(file, OUTLINE_FORMAT, owner) as { records?: unknown } | null;
    const known = new Map<string, OutlineRecord>();
    const records = body?.records;
    if (typeof records === 'object' && records !== null) {
      // Keyed by the SHA-256 of the file's bytes; a damaged record is left out (that file is parsed whole).
      for (const [hash, record] of Object.entries(records)) {
        if (OUTLINE_RECORD(record)) known.set(hash, record);
      }
    }
    return new OutlineBook(known);
  }

  /**
   * Keeps, for the next run, the outlines of the bytes this run saw (the
   * `liveHashes`: files read, or known unchanged by a replayed stage), whether
   * parsed now or known from before; best effort.
   */
  write(file: string, owner: CacheOwner, liveHashes: ReadonlySet<string>): void {
    const records: Record<string, OutlineRecord> = {};
    for (const [hash, record] of [...this.known, ...this.used]) {
      if (liveHashes.has(hash)) records[hash] = record;
    }
    writeCacheFile(file, OUTLINE_FORMAT, owner, { records });
  }

  /** The indexer analysis reads modules through: lazy for known bytes, a full parse (recorded) for new ones. */
  readonly indexer: ModuleIndexer = (bytes) => {
    const hash = contentHash(bytes);
    const known = this.known.get(hash);
    if (known !== undefined) {
      this.used.set(hash, known);
      if (!known.ok) return { ok: false, error: known.error, warnings: known.warnings };
      return {
        ok: true,
        module: outlinedIndex(bytes, known.outline),
        astDepth: known.astDepth,
        warnings: known.warnings,
      };
    }
    const parsed = parseModuleBytesWithOutline(bytes, ANY_DEPTH);
    const warnings = parsed.warnings ?? [];
    if (parsed.ok) {
      const outline = { groups: parsed.outline.groups.filter(answersLookups) };
      this.used.set(hash, { ok: true, outline, astDepth: parsed.astDepth, warnings });
      return { ok: true, module: indexModule(parsed.module), astDepth: parsed.astDepth, warnings };
    }
    // Running out of memory or stack depends on the process, not on the bytes.
    if (parsed.error.kind !== 'MemoryError' && parsed.error.kind !== 'RecursionError')
      this.used.set(hash, { ok: false, error: parsed.error, warnings });
    return { ok: false, error: parsed.error, warnings };
  };
}

/** An index that parses groups of `bytes` on demand; the text is decoded on first need. */
function outlinedIndex(bytes: Uint8Array, outline: ModuleOutline): ModuleIndex {
  let source: OutlineSource | null | undefined;
  const groups = outline.groups;
  return indexOutlinedModule(
    groups,
    (i) => {
      if (source === undefined) {
        const prepared = prepareOutlineSourceBytes(bytes);
        source = prepared.ok ? prepared.source : null;
      }
      if (source === null) return null;
      const parsed = parseOutlineGroup(source, groups[i]);
      return parsed.ok ? parsed.body : null;
    },
    () => {
      // The outline did not fit the text (a damaged cache file): parse the whole module.
      const parsed = parseModuleBytes(bytes, ANY_DEPTH);
      if (!parsed.ok) throw new Error('the outline cache holds a parse for bytes that do not parse');
      return indexModule(parsed.module);
    },
  );
}

/**
 * Whether a group can hold an answer: a statement defining no class or
 * function and importing nothing with `from` is never parsed on demand, so the
 * outline kept on disk leaves it out (about a quarter of vLLM's groups).
 */
function answersLookups(group: OutlineGroup): boolean {
  return group.classNames.length > 0 || group.functionNames.length > 0 || group.hasImportFrom;
}

/** An integer (offsets and line numbers). */
const integer: Shape<number> = (v): v is number => Number.isSafeInteger(v);

const OUTLINE_GROUP = object({
  offset: integer,
  lineno: integer,
  classNames: array(string),
  functionNames: array(string),
  hasImportFrom: boolean,
});

const OUTLINE_RECORD = oneOf(
  object({
    ok: literal(true),
    outline: object({ groups: array(OUTLINE_GROUP) }),
    astDepth: nullable(integer),
    warnings: array(PY_SYNTAX_WARNING),
  }),
  object({ ok: literal(false), error: PY_SYNTAX_ERROR, warnings: array(PY_SYNTAX_WARNING) }),
);
export type OutlineRecordShapeMatches = Assert<SameShape<typeof OUTLINE_RECORD, OutlineRecord>>;
