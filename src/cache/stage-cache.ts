// Stages of the last analysis (each section, each backend) with the tree
// accesses they made, kept beside its result-cache entry. When the result
// cache misses because some input changed, a stage whose own inputs all still
// hold is answered from its record, warnings included, and only the stages
// that read a changed file run again. A stage is a pure function of what it
// read (src/analyze.ts), so the answer is the one it would compute.

import type { StageRunner } from '../analyze.js';
import type { WarningDiagnostic } from '../diagnostics.js';
import { readCacheFile, writeCacheFile, type CacheOwner } from './cache-file.js';
import type { RecordingTree, TreeAccess } from './recording-tree.js';

/** Bump when a stage's value or the file format changes. */
const STAGE_FORMAT = 1;

export interface StageRecord {
  readonly key: string;
  readonly accesses: readonly TreeAccess[];
  readonly warnings: readonly WarningDiagnostic[];
  readonly value: unknown;
}

/** Runs stages through `recording`, replaying the known ones whose inputs hold. */
export class StageBook implements StageRunner {
  private readonly made: StageRecord[] = [];

  constructor(
    private readonly recording: RecordingTree,
    private readonly known: ReadonlyMap<string, StageRecord> = new Map(),
  ) {}

  static read(file: string, owner: CacheOwner, recording: RecordingTree): StageBook {
    const data = readCacheFile(file, STAGE_FORMAT, owner);
    const known = new Map<string, StageRecord>();
    if (data !== null && Array.isArray(data.stages)) {
      for (const record of data.stages as unknown[]) {
        if (isStageRecord(record)) known.set(record.key, record);
      }
    }
    return new StageBook(recording, known);
  }

  run<T>(key: string, warnings: WarningDiagnostic[], compute: () => T): T {
    const known = this.known.get(key);
    if (known !== undefined && this.recording.replay(known.accesses)) {
      warnings.push(...known.warnings);
      this.made.push(known);
      return known.value as T;
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

function isStageRecord(value: unknown): value is StageRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.key === 'string' &&
    Array.isArray(record.accesses) &&
    Array.isArray(record.warnings) &&
    'value' in record
  );
}
