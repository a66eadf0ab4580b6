// Stages of the last analysis (each section, each backend) with the tree
// accesses they made, kept beside its result-cache entry. When the result
// cache misses because some input changed, a stage whose own inputs all still
// hold is answered from its record, warnings included, and only the stages
// that read a changed file run again. A stage is a pure function of what it
// read (src/analyze.ts), so the answer is the one it would compute. A record
// whose shape is not right (a damaged file) is not used: the stage runs.

import type { StageRunner } from '../analyze.js';
import { WARNING_DIAGNOSTIC } from '../analysis-shapes.js';
import type { WarningDiagnostic } from '../diagnostics.js';
import { array, object, string, type Shape } from '../shape.js';
import { readCacheFile, writeCacheFile, type CacheOwner } from './cache-file.js';
import { TREE_ACCESS, type RecordingTree, type TreeAccess } from './recording-tree.js';

/** Bump when a stage's value or the file format changes. */
const STAGE_FORMAT = 3;

export interface StageRecord {
  readonly key: string;
  readonly accesses: readonly TreeAccess[];
  readonly warnings: readonly WarningDiagnostic[];
  readonly value: unknown;
}

/** A record's shape, its value aside: that is checked by the stage that uses it. */
const STAGE_RECORD_FRAME = object({
  key: string,
  accesses: array(TREE_ACCESS),
  warnings: array(WARNING_DIAGNOSTIC),
});

function isStageRecord(value: unknown): value is StageRecord {
  if (typeof value !== 'object' || value === null || !('value' in value)) return false;
  const { value: _value, ...frame } = value as Record<string, unknown>;
  return STAGE_RECORD_FRAME(frame);
}

/** Runs stages through `recording`, replaying the known ones whose inputs hold. */
export class StageBook implements StageRunner {
  private readonly made: StageRecord[] = [];

  constructor(
    private readonly recording: RecordingTree,
    private readonly known: ReadonlyMap<string, StageRecord> = new Map(),
  ) {}

  static read(file: string, owner: CacheOwner, recording: RecordingTree): StageBook {
    const body = readCacheFile(file, STAGE_FORMAT, owner) as { stages?: unknown } | null;
    const known = new Map<string, StageRecord>();
    if (body !== null && Array.isArray(body.stages)) {
      for (const record of body.stages as unknown[]) {
        if (isStageRecord(record)) known.set(record.key, record);
      }
    }
    return new StageBook(recording, known);
  }

  run<T>(key: string, warnings: WarningDiagnostic[], compute: () => T, shape: Shape<T>): T {
    const known = this.known.get(key);
    if (known !== undefined && shape(known.value) && this.recording.replay(known.accesses)) {
      warnings.push(...known.warnings);
      this.made.push(known);
      return known.value;
    }
    // A stage that stops the analysis (AnalysisError) leaves no record: it propagates.
    const firstAccess = this.recording.accesses.length;
    const firstWarning = warnings.length;
    const value = compute();
    this.made.push({
      key,
      accesses: this.recording.accesses.slice(firstAccess),
      warnings: warnings.slice(firstWarning),
      value,
    });
    return value;
  }

  /** This run's stages, made or replayed (a history walk hands them to the next commit's book). */
  records(): readonly StageRecord[] {
    return this.made;
  }

  /** Keeps this run's stages for the next run; best effort. */
  write(file: string, owner: CacheOwner): void {
    writeCacheFile(file, STAGE_FORMAT, owner, { stages: this.made });
  }
}
