// Outlines of the files the last run parsed, kept beside its result-cache
// entry. When the result cache misses (some input changed), a file whose
// bytes are the same as then is already known to parse, or to fail and how:
// it is not parsed whole again, only the top-level statements holding what
// the extractors ask for (src/python/outline.ts). A file that changed since
// the last run (the usual pre-commit case: one edited backend) is compared
// with its last outline statement by statement, and only the statements that
// changed are parsed (reparseChanged); where that cannot decide, it is parsed
// whole, as without the cache. Any trouble with the file means "no outlines".
//
// Gain (npm run bench:layers, newest tree, Node 20): 12-14 ms of a run with
// one backend file edited, 33 ms when the edited file is mla_attention.py,
// which every MLA backend reads; what brings an edit under 2.5x `node -e 0`.

import type { PySyntaxError, PySyntaxWarning } from '../python/errors.js';
import type { DepthTerms } from '../python/parser/parser.js';
import {
  parseModuleBytesWithOutline,
  parseOutlineGroup,
  prepareOutlineSourceBytes,
  reparseChanged,
  type ModuleOutline,
  type OutlineSource,
} from '../python/outline.js';
import type { StmtNode } from '../python/ast.js';
import { parseModuleBytes } from '../python/parse.js';
import { indexModule, indexOutlinedModule, type ModuleIndex } from '../extract/module-index.js';
import type { ModuleIndexer } from '../extract/modules.js';
import { PY_SYNTAX_ERROR, PY_SYNTAX_WARNING } from '../analysis-shapes.js';
import {
  array,
  literal,
  nullable,
  object,
  oneOf,
  string,
  type Assert,
  type SameShape,
  type Shape,
} from '../shape.js';
import type { TreePath } from '../tree/tree.js';
import { readCacheFile, writeCacheFile, type CacheOwner } from './cache-file.js';
import { contentHash } from './content-hash.js';

/** Bump when the outline or the file format changes. */
const OUTLINE_FORMAT = 6;

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

  /**
   * @param known records by the SHA-256 of their bytes, as read (each checked when first used)
   * @param previousContent the content hash each file had in the last run, where it read it
   */
  constructor(
    private readonly known: ReadonlyMap<string, unknown> = new Map(),
    private readonly previousContent: ReadonlyMap<TreePath, string> = new Map(),
  ) {}

  static read(file: string, owner: CacheOwner, previousContent?: ReadonlyMap<TreePath, string>): OutlineBook {
    const body = readCacheFile(file, OUTLINE_FORMAT, owner) as { records?: unknown } | null;
    const records = body?.records;
    const known =
      typeof records === 'object' && records !== null
        ? new Map(Object.entries(records as Record<string, unknown>))
        : new Map<string, unknown>();
    return new OutlineBook(known, previousContent);
  }

  /**
   * Keeps, for the next run, the outlines of the bytes this run saw (the
   * `liveHashes`: files read, or known unchanged by a replayed stage), whether
   * parsed now or known from before; best effort.
   */
  write(file: string, owner: CacheOwner, liveHashes: ReadonlySet<string>): void {
    const records: Record<string, unknown> = {};
    for (const [hash, stored] of this.known) if (liveHashes.has(hash)) records[hash] = stored;
    for (const [hash, record] of this.used) if (liveHashes.has(hash)) records[hash] = toStored(record);
    writeCacheFile(file, OUTLINE_FORMAT, owner, { records });
  }

  /** A known record, if it has the right shape (a damaged one is as good as none: that file is parsed). */
  private knownRecord(hash: string): OutlineRecord | undefined {
    const stored = this.known.get(hash);
    return stored !== undefined && STORED_RECORD(stored) ? fromStored(stored) : undefined;
  }

  /**
   * The indexer analysis reads modules through: lazy for bytes outlined before (in an
   * earlier run or this one), the changed statements parsed for a new version of a known
   * file, a full parse (recorded) for other new bytes.
   */
  readonly indexer: ModuleIndexer = (bytes, path) => {
    const hash = contentHash(bytes);
    const known = this.used.get(hash) ?? this.knownRecord(hash);
    if (known !== undefined) {
      this.used.set(hash, known);
      if (!known.ok) return { ok: false, error: known.error, warnings: known.warnings };
      return {
        ok: true,
        module: outlinedIndex(bytes, known.outline, this.parsedNow.get(hash) ?? null),
        astDepth: known.astDepth,
        warnings: known.warnings,
        statements: known.outline.groups,
      };
    }
    const changed = this.changedSince(path, bytes);
    if (changed !== null) {
      this.used.set(hash, { ok: true, outline: changed.outline, astDepth: null, warnings: [] });
      return {
        ok: true,
        module: changed.module,
        astDepth: null,
        warnings: [],
        statements: changed.outline.groups,
      };
    }
    const parsed = parseModuleBytesWithOutline(bytes, ANY_DEPTH);
    const warnings = parsed.warnings ?? [];
    if (parsed.ok) {
      this.used.set(hash, { ok: true, outline: parsed.outline, astDepth: parsed.astDepth, warnings });
      return {
        ok: true,
        module: indexModule(parsed.module),
        astDepth: parsed.astDepth,
        warnings,
        statements: parsed.outline.groups,
      };
    }
    // Running out of memory or stack depends on the process, not on the bytes.
    if (parsed.error.kind !== 'MemoryError' && parsed.error.kind !== 'RecursionError')
      this.used.set(hash, { ok: false, error: parsed.error, warnings });
    return { ok: false, error: parsed.error, warnings };
  };

  /**
   * The index and outline of new `bytes` at `path`, from the outline of what the file held
   * in the last run, parsing only the statements that changed; null when there is none or
   * only a full parse can tell (reparseChanged).
   */
  private changedSince(
    path: TreePath,
    bytes: Uint8Array,
  ): { outline: ModuleOutline; module: ModuleIndex } | null {
    const before = this.previousContent.get(path);
    const previous = before === undefined ? undefined : this.knownRecord(before);
    if (previous === undefined || !previous.ok || previous.astDepth !== null) return null;
    const prepared = prepareOutlineSourceBytes(bytes);
    if (!prepared.ok) return null;
    const changed = reparseChanged(previous.outline, prepared.source, previous.warnings.length);
    if (changed === null) return null;
    const ready = { source: prepared.source, parsed: changed.parsed };
    this.parsedNow.set(contentHash(bytes), ready);
    return { outline: changed.outline, module: outlinedIndex(bytes, changed.outline, ready) };
  }

  /**
   * The statements of changed files parsed in this run, by content: a stage checked against
   * a changed file and then run again asks for them (often the very statement that changed).
   */
  private readonly parsedNow = new Map<string, PreparedStatements>();
}

/** A source already prepared and some of its groups' statements already parsed, by group. */
interface PreparedStatements {
  readonly source: OutlineSource;
  readonly parsed: ReadonlyMap<number, readonly StmtNode[]>;
}

/**
 * An index that parses groups of `bytes` on demand; the text is decoded on first need.
 * `ready` holds a source already prepared and statements already parsed, by group.
 */
function outlinedIndex(
  bytes: Uint8Array,
  outline: ModuleOutline,
  ready: PreparedStatements | null,
): ModuleIndex {
  let source: OutlineSource | null | undefined = ready?.source;
  const groups = outline.groups;
  return indexOutlinedModule(
    groups,
    (i) => {
      const parsedNow = ready?.parsed.get(i);
      if (parsedNow !== undefined) return parsedNow;
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

/** An integer (offsets and line numbers). */
const integer: Shape<number> = (v): v is number => Number.isSafeInteger(v);

/**
 * A group as the file keeps it: [offset, lineno, hash, statementHash, classNames,
 * functionNames, hasImportFrom as 0 or 1]. Its keys, repeated for every group, were more
 * than half of the file.
 */
type StoredGroup = [number, number, string, string, string[], string[], 0 | 1];

const strings = array(string);
const STORED_GROUP: Shape<StoredGroup> = (v): v is StoredGroup =>
  Array.isArray(v) &&
  v.length === 7 &&
  integer(v[0]) &&
  integer(v[1]) &&
  string(v[2]) &&
  string(v[3]) &&
  strings(v[4]) &&
  strings(v[5]) &&
  (v[6] === 0 || v[6] === 1);

type StoredRecord =
  | {
      ok: true;
      outline: { groups: StoredGroup[]; textLength: number; depthTerms: DepthTerms };
      astDepth: number | null;
      warnings: PySyntaxWarning[];
    }
  | { ok: false; error: PySyntaxError; warnings: PySyntaxWarning[] };

const STORED_RECORD = oneOf(
  object({
    ok: literal(true),
    outline: object({
      groups: array(STORED_GROUP),
      textLength: integer,
      depthTerms: object({ lineTokens: integer, blocks: integer, elifs: integer }),
    }),
    astDepth: nullable(integer),
    warnings: array(PY_SYNTAX_WARNING),
  }),
  object({ ok: literal(false), error: PY_SYNTAX_ERROR, warnings: array(PY_SYNTAX_WARNING) }),
);
export type StoredRecordShapeMatches = Assert<SameShape<typeof STORED_RECORD, StoredRecord>>;

function toStored(record: OutlineRecord): StoredRecord {
  if (!record.ok) return { ok: false, error: record.error, warnings: [...record.warnings] };
  const { outline } = record;
  return {
    ok: true,
    outline: {
      groups: outline.groups.map((g) => [
        g.offset,
        g.lineno,
        g.hash,
        g.statementHash,
        [...g.classNames],
        [...g.functionNames],
        g.hasImportFrom ? 1 : 0,
      ]),
      textLength: outline.textLength,
      depthTerms: outline.depthTerms,
    },
    astDepth: record.astDepth,
    warnings: [...record.warnings],
  };
}

function fromStored(stored: StoredRecord): OutlineRecord {
  if (!stored.ok) return stored;
  const { outline } = stored;
  return {
    ...stored,
    outline: {
      groups: outline.groups.map(
        ([offset, lineno, hash, statementHash, classNames, functionNames, imports]) => ({
          offset,
          lineno,
          classNames,
          functionNames,
          hasImportFrom: imports === 1,
          hash,
          statementHash,
        }),
      ),
      textLength: outline.textLength,
      depthTerms: outline.depthTerms,
    },
  };
}
