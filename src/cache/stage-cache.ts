// Stages of the last analysis (each section, each backend) with the tree
// accesses they made, kept beside its result-cache entry. When the result
// cache misses because some input changed, a stage whose own inputs all still
// hold is answered from its record, warnings included, and only the stages
// that read a changed file run again. A stage is a pure function of what it
// read (src/analyze.ts), so the answer is the one it would compute. A record
// whose shape is not right (a damaged file) is not used: the stage runs.
//
// A Python module a stage loaded is recorded by what the stage asked of it
// (which class, which functions, its imports) and which top-level statements
// held the answers (their text's hash and their line), not by the whole
// file's bytes: an edit elsewhere in the file (another class, a comment at the
// end) leaves every answer the same, so the stage is answered from its record.
// The edited file must still parse, without warnings and shallow enough for
// any call, as it did; the outline cache finds that out by parsing only the
// statements that changed (outline-cache.ts).
//
// Gain (npm run bench:layers, newest tree, Node 20): 95-143 ms of an edited
// run; without stages every edit is nearly a cold run.

import type { StageRunner } from '../analyze.js';
import { WARNING_DIAGNOSTIC } from '../analysis-shapes.js';
import type { WarningDiagnostic } from '../diagnostics.js';
import type { IndexedModule, ModuleLoadObserver, OutlinedStatement } from '../extract/modules.js';
import { answersQuery, type ModuleQuery } from '../extract/module-index.js';
import {
  array,
  literal,
  nullable,
  object,
  oneOf,
  record,
  string,
  type Assert,
  type SameShape,
  type Shape,
} from '../shape.js';
import type { TreePath } from '../tree/tree.js';
import { readCacheFile, writeCacheFile, type CacheOwner } from './cache-file.js';
import { TREE_ACCESS, type RecordingTree, type TreeAccess } from './recording-tree.js';

/** Bump when a stage's value or the file format changes. */
const STAGE_FORMAT = 4;

/**
 * A module a stage loaded: its read (as a read access records it: while the bytes are
 * the same, so is everything else) and each question the stage asked (ModuleQuery as a
 * key) with the statements that answered it.
 */
export interface ModuleAccess {
  readonly op: 'module';
  readonly path: TreePath;
  readonly read: Extract<TreeAccess, { op: 'read' }>;
  /** By question (queryKey): the statements holding its answer, as `<hash>:<line>`, in order. */
  readonly answers: Readonly<Record<string, readonly string[]>>;
}

export type StageAccess = TreeAccess | ModuleAccess;

const MODULE_ACCESS = object({
  op: literal('module'),
  path: string,
  read: object({ op: literal('read'), path: string, result: string, signature: nullable(string) }),
  answers: record(array(string)),
});
export type ModuleAccessShapeMatches = Assert<SameShape<typeof MODULE_ACCESS, ModuleAccess>>;
const STAGE_ACCESS: Shape<StageAccess> = oneOf(TREE_ACCESS, MODULE_ACCESS);

export interface StageRecord {
  readonly key: string;
  readonly accesses: readonly StageAccess[];
  readonly warnings: readonly WarningDiagnostic[];
  readonly value: unknown;
}

/** A record's shape, its value aside: that is checked by the stage that uses it. */
const STAGE_RECORD_FRAME = object({
  key: string,
  accesses: array(STAGE_ACCESS),
  warnings: array(WARNING_DIAGNOSTIC),
});

function isStageRecord(value: unknown): value is StageRecord {
  if (typeof value !== 'object' || value === null || !('value' in value)) return false;
  const { value: _value, ...frame } = value as Record<string, unknown>;
  return STAGE_RECORD_FRAME(frame);
}

/** How to index a module's bytes now (the outline cache's indexer), to check a recorded module access. */
export type ModuleOracle = (bytes: Uint8Array, path: TreePath) => IndexedModule;

/** A module loaded by the stage running now. */
interface StageLoad {
  /** Where its read is among the recording's accesses. */
  readonly index: number;
  readonly path: TreePath;
  readonly statements: readonly OutlinedStatement[];
  readonly queries: Map<string, ModuleQuery>;
}

/** Runs stages through `recording`, replaying the known ones whose inputs hold. */
export class StageBook implements StageRunner, ModuleLoadObserver {
  private readonly made: StageRecord[] = [];
  /** Stages computed (not answered from a record) in this run. */
  private computed = 0;
  /** Modules loaded by the stage running now; null between stages. */
  private loads: StageLoad[] | null = null;

  /**
   * @param modules where a recorded module access is checked; without it modules are
   *   recorded by their bytes like any file
   */
  constructor(
    private readonly recording: RecordingTree,
    private readonly known: ReadonlyMap<string, StageRecord> = new Map(),
    private readonly modules: ModuleOracle | null = null,
  ) {}

  static read(file: string, owner: CacheOwner, recording: RecordingTree, modules: ModuleOracle): StageBook {
    const body = readCacheFile(file, STAGE_FORMAT, owner) as { stages?: unknown } | null;
    const known = new Map<string, StageRecord>();
    if (body !== null && Array.isArray(body.stages)) {
      for (const record of body.stages as unknown[]) {
        if (isStageRecord(record)) known.set(record.key, record);
      }
    }
    return new StageBook(recording, known, modules);
  }

  run<T>(key: string, warnings: WarningDiagnostic[], compute: () => T, shape: Shape<T>): T {
    const known = this.known.get(key);
    if (known !== undefined && shape(known.value) && this.replay(known.accesses)) {
      warnings.push(...known.warnings);
      this.made.push(known);
      return known.value;
    }
    // A stage that stops the analysis (AnalysisError) leaves no record: it propagates.
    this.computed++;
    const firstAccess = this.recording.accesses.length;
    const firstWarning = warnings.length;
    const loads: StageLoad[] = [];
    this.loads = loads;
    let value: T;
    try {
      value = compute();
    } finally {
      this.loads = null;
    }
    const recorded = this.recording.accesses.slice(firstAccess);
    const accesses: StageAccess[] = [...recorded];
    for (const load of loads)
      accesses[load.index - firstAccess] = moduleAccess(load, recorded[load.index - firstAccess]);
    this.made.push({ key, accesses, warnings: warnings.slice(firstWarning), value });
    return value;
  }

  /** ModuleLoadObserver: a module a stage loaded, when it can be recorded by what was asked of it. */
  loaded(path: TreePath, indexed: IndexedModule): ((query: ModuleQuery) => void) | null {
    if (this.loads === null || this.modules === null || !recordableByQuestions(indexed)) return null;
    const index = this.recording.accesses.length - 1;
    const read = this.recording.accesses[index];
    if (read?.op !== 'read' || read.path !== path) return null;
    const load: StageLoad = { index, path, statements: indexed.statements, queries: new Map() };
    this.loads.push(load);
    return (query) => load.queries.set(queryKey(query), query);
  }

  /** True when every access still holds; those checked count as made (see RecordingTree.replay). */
  private replay(accesses: readonly StageAccess[]): boolean {
    for (const access of accesses) {
      if (access.op === 'module' ? !this.moduleStillAnswers(access) : !this.recording.replay([access]))
        return false;
    }
    return true;
  }

  /**
   * The module holds the same bytes, or it parses as the stage needs it and answers every
   * question from the same statements.
   */
  private moduleStillAnswers(access: ModuleAccess): boolean {
    if (this.recording.replay([access.read])) return true;
    if (this.modules === null) return false;
    // Read through the recording: the new result entry needs the bytes it now holds.
    const read = this.recording.readFile(access.path);
    if (!read.ok) return false;
    const indexed = this.modules(read.bytes, access.path);
    if (!recordableByQuestions(indexed)) return false;
    for (const [key, expected] of Object.entries(access.answers)) {
      const query = queryOfKey(key);
      if (query === null || !sameStatements(answering(indexed.statements, query), expected)) return false;
    }
    return true;
  }

  /** This run's stages, made or replayed (a history walk hands them to the next commit's book). */
  records(): readonly StageRecord[] {
    return this.made;
  }

  /** Keeps this run's stages for the next run; best effort. */
  write(file: string, owner: CacheOwner): void {
    // Every stage answered from its record, and no other record: the file already says this.
    if (this.computed === 0 && this.made.length === this.known.size) return;
    writeCacheFile(file, STAGE_FORMAT, owner, { stages: this.made });
  }
}

/**
 * Whether what a stage got from a module is fixed by the questions it asked: the module
 * parsed, without SyntaxWarnings (a load reports them again), shallow enough that no call
 * depth makes it a RecursionError, and with its statements outlined.
 */
function recordableByQuestions(
  indexed: IndexedModule,
): indexed is IndexedModule & { ok: true; statements: readonly OutlinedStatement[] } {
  return (
    indexed.ok &&
    indexed.statements !== undefined &&
    indexed.warnings.length === 0 &&
    indexed.astDepth === null
  );
}

function moduleAccess(load: StageLoad, read: TreeAccess): StageAccess {
  if (read.op !== 'read') return read;
  const answers: Record<string, readonly string[]> = {};
  for (const [key, query] of load.queries) answers[key] = answering(load.statements, query);
  return { op: 'module', path: load.path, read, answers };
}

/** The statements holding the answer to `query`, as `<hash>:<line>`: the same list, the same answer. */
function answering(statements: readonly OutlinedStatement[], query: ModuleQuery): string[] {
  const found: string[] = [];
  for (const statement of statements) {
    if (answersQuery(statement, query)) found.push(`${statement.statementHash}:${statement.lineno}`);
  }
  return found;
}

function sameStatements(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function queryKey(query: ModuleQuery): string {
  return query.kind === 'class' || query.kind === 'function' ? `${query.kind}:${query.name}` : query.kind;
}

function queryOfKey(key: string): ModuleQuery | null {
  if (key === 'all-functions' || key === 'import-froms') return { kind: key };
  const colon = key.indexOf(':');
  const kind = key.slice(0, colon);
  if (colon < 0 || (kind !== 'class' && kind !== 'function')) return null;
  return { kind, name: key.slice(colon + 1) };
}
