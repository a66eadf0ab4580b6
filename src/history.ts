// The matrix along a repository's history: every commit that touched an input
// of the analysis, analysed through git (no checkout), newest first. A walk
// over hundreds of commits costs about as much as a few dozen trees: objects
// are read once by id, files parsed once by content, and each stage of the
// analysis (a section, a backend) is replayed from the commit before when
// none of the files it read changed, which with git is a comparison of blob
// ids (GitTree.statSignature).

import { analyzeWith, type StageRunner } from './analyze.js';
import { RecordingTree } from './cache/recording-tree.js';
import { StageBook, type StageRecord } from './cache/stage-cache.js';
import { AnalysisError, type ErrorDiagnostic } from './diagnostics.js';
import { fullParseIndexer, type ModuleIndexer } from './extract/modules.js';
import type { FeatureMatrix } from './matrix.js';
import { parseModuleBytes } from './python/parse.js';
import { revisionFail } from './tree/git-errors.js';
import type { GitObjectStore } from './tree/git-objects.js';
import { GitRepository, type GitRepositoryOptions } from './tree/git-repository.js';
import type { GeneratorVersion } from './versions/versions.js';

/** Where a walk starts: after a revision, or after a date (committer date; a bare date is 00:00 UTC). */
export type HistoryBound = { readonly revision: string } | { readonly date: string };

export interface CommitRange {
  /** Start after this (exclusive); the whole history when absent. */
  readonly since?: HistoryBound;
  /** End at this revision (inclusive); HEAD when absent. */
  readonly until?: string;
}

export interface CommitInfo {
  /** Full object id. */
  readonly commit: string;
  /** Committer date, ISO 8601 with its zone (`2026-05-27T10:13:22+00:00`). */
  readonly date: string;
  readonly subject: string;
}

export type AnalysisOutcome =
  | { readonly kind: 'matrix'; readonly matrix: FeatureMatrix }
  /** Where the reference script crashes on that commit's tree. */
  | { readonly kind: 'error'; readonly diagnostic: ErrorDiagnostic };

export interface HistoryEntry extends CommitInfo {
  readonly outcome: AnalysisOutcome;
}

export interface History {
  /** The commits that touched an input, newest first, each with its analysis. */
  readonly entries: readonly HistoryEntry[];
  /** The state the range starts from (the `since` commit, or the last one before the date); null from the first commit. */
  readonly base: HistoryEntry | null;
  /** The repository paths the walk watched: every input any analysed commit consulted. */
  readonly paths: readonly string[];
  readonly stats: HistoryStats;
}

export interface HistoryStats {
  readonly commitsAnalysed: number;
  /** Stages computed, and stages answered from an earlier commit because none of their inputs changed. */
  readonly stagesRun: number;
  readonly stagesReplayed: number;
  /** Files parsed: each distinct blob once while it stays among the inputs. */
  readonly filesParsed: number;
  /** Objects (commits, trees, blobs) read from git: each distinct one once. */
  readonly objectsRead: number;
}

export interface WalkOptions extends CommitRange, GitRepositoryOptions {
  /** The generator version every commit is analysed with; by default each commit's own script's. */
  readonly generatorVersion?: GeneratorVersion;
  /**
   * How messages inside the matrices (warning details) name the tree; the same
   * for every commit, so facts carried from one commit to the next read alike.
   * Default: the repository's folder, as a checkout there would show them.
   */
  readonly label?: string;
}

/**
 * The commits in the range whose changes touched `paths` (repository paths;
 * a folder stands for everything below it), following first parents only so
 * that each one's tree is the state after the one before; newest first.
 */
export function listCommits(
  root: string,
  options: CommitRange & GitRepositoryOptions & { readonly paths: readonly string[] },
): CommitInfo[] {
  const repository = GitRepository.open(root, options);
  try {
    return commitsTouching(repository, resolveRange(repository, options), options.paths);
  } finally {
    repository.close();
  }
}

/**
 * Every commit in the range that changed an input of the analysis, with its
 * FeatureMatrix (or the error the reference would stop with), newest first.
 *
 * The inputs are found, not guessed: the paths each analysed commit
 * consulted. Between two listed commits none of those paths changed, so
 * every commit in between has the older one's matrix; when an analysis
 * consults a path not watched yet, the commits are listed again with it,
 * until no new path turns up.
 */
export function walkHistory(root: string, options: WalkOptions = {}): History {
  const repository = GitRepository.open(root, options);
  try {
    const range = resolveRange(repository, options);
    const walker = new Walker(repository, options.label ?? repository.root, options.generatorVersion);
    const base = range.base === null ? null : walker.analyse(range.base);
    if (base === null) walker.analyse(range.until);
    let listed: CommitInfo[];
    for (;;) {
      const watched = walker.paths.size;
      listed = commitsTouching(repository, range, [...walker.paths]);
      // Oldest first: each commit's stages are replayed from the one before.
      for (const info of [...listed].reverse()) walker.analyse(info.commit);
      if (walker.paths.size === watched) break;
    }
    const entry = (info: CommitInfo): HistoryEntry => ({ ...info, outcome: walker.outcome(info.commit) });
    return {
      entries: listed.map(entry),
      base: range.base === null ? null : entry(describeCommit(repository, range.base)),
      paths: [...walker.paths].sort(),
      stats: { ...walker.stats, objectsRead: repository.objects().objectsRead },
    };
  } finally {
    repository.close();
  }
}

/** Analyses commits of one repository, carrying stage records and watched paths from one to the next. */
class Walker {
  readonly paths = new Set<string>();
  readonly stats = { commitsAnalysed: 0, stagesRun: 0, stagesReplayed: 0, filesParsed: 0 };
  private readonly outcomes = new Map<string, AnalysisOutcome>();
  private readonly stageRecords = new Map<string, StageRecord>();
  private readonly modules: BlobIndexMemo;

  constructor(
    private readonly repository: GitRepository,
    private readonly label: string,
    private readonly generatorVersion: GeneratorVersion | undefined,
  ) {
    this.modules = new BlobIndexMemo(repository.objects(), () => this.stats.filesParsed++);
  }

  /** Analyses `commit` once; later calls return the same outcome. */
  analyse(commit: string): AnalysisOutcome {
    const known = this.outcomes.get(commit);
    if (known !== undefined) return known;
    const tree = this.repository.tree(commit, { label: this.label });
    const recording = new RecordingTree(tree);
    const book = new StageBook(recording, this.stageRecords);
    let outcome: AnalysisOutcome;
    try {
      const stages = this.counting(book);
      const matrix = analyzeWith(recording, {
        stages,
        indexer: this.modules.indexer,
        generatorVersion: this.generatorVersion,
      });
      outcome = { kind: 'matrix', matrix };
    } catch (error) {
      if (!(error instanceof AnalysisError)) throw error;
      outcome = { kind: 'error', diagnostic: error.diagnostic };
    }
    // Only this commit's stages are kept for the next (when it ran them all): a
    // key that is not used now (a registry line that moved, say) would only
    // hold memory until the end of the walk.
    if (outcome.kind === 'matrix') this.stageRecords.clear();
    for (const record of book.records()) this.stageRecords.set(record.key, record);
    for (const path of tree.consultedPaths()) this.paths.add(path);
    // A commit the reference stops on read little (the registry, say): the next one needs what the one before had.
    if (outcome.kind === 'matrix') this.modules.retainOnly(tree.consultedBlobs());
    this.outcomes.set(commit, outcome);
    this.stats.commitsAnalysed++;
    return outcome;
  }

  outcome(commit: string): AnalysisOutcome {
    return this.analyse(commit);
  }

  private counting(book: StageBook): StageRunner {
    return {
      run: (key, warnings, compute, shape) => {
        let ran = false;
        const value = book.run(
          key,
          warnings,
          () => {
            ran = true;
            return compute();
          },
          shape,
        );
        if (ran) this.stats.stagesRun++;
        else this.stats.stagesReplayed++;
        return value;
      },
    };
  }
}

/**
 * Module indexes by blob id, kept for the files the last commit consulted:
 * the next commit has nearly all of them, and a stage that runs again there
 * (one of its files changed) finds the others parsed. Older versions are
 * dropped, so the memo holds one tree's inputs (about 1 MB of source, some
 * 12 bytes of heap per byte as syntax trees), not every version of a long
 * walk: live memory is what sets how far V8 lets the heap grow before it
 * collects, and so the walk's peak. A file that comes back later (a revert)
 * is parsed again.
 */
class BlobIndexMemo {
  private byBlob = new Map<string, ReturnType<ModuleIndexer>>();
  private readonly index = fullParseIndexer(parseModuleBytes);

  constructor(
    private readonly store: GitObjectStore,
    private readonly onParse: () => void,
  ) {}

  readonly indexer: ModuleIndexer = (bytes, path) => {
    const oid = this.store.idOf(bytes);
    const kept = oid === undefined ? undefined : this.byBlob.get(oid);
    if (kept !== undefined) return kept;
    this.onParse();
    const indexed = this.index(bytes, path);
    if (oid !== undefined) this.byBlob.set(oid, indexed);
    return indexed;
  };

  /** Drops every index but those of these blobs (the commit just analysed consulted them). */
  retainOnly(blobs: ReadonlySet<string>): void {
    const kept = new Map<string, ReturnType<ModuleIndexer>>();
    for (const oid of blobs) {
      const indexed = this.byBlob.get(oid);
      if (indexed !== undefined) kept.set(oid, indexed);
    }
    this.byBlob = kept;
  }
}

interface ResolvedRange {
  readonly until: string;
  /** The commit the range starts after, or null for the whole history. */
  readonly base: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function resolveRange(repository: GitRepository, range: CommitRange): ResolvedRange {
  const until = repository.resolveCommit(range.until ?? 'HEAD');
  const since = range.since;
  if (since === undefined) {
    if (repository.shallow)
      revisionFail('history-beyond-shallow', { bound: 'the first commit', repository: repository.root });
    return { until, base: null };
  }
  if ('revision' in since) {
    const base = repository.resolveCommit(since.revision);
    const ancestor = repository.run(['merge-base', '--is-ancestor', base, until], { allowFailure: true });
    if (ancestor.status !== 0) {
      if (repository.shallow)
        revisionFail('history-beyond-shallow', { bound: since.revision, repository: repository.root });
      revisionFail('revision-not-ancestor', { since: since.revision, until: range.until ?? 'HEAD' });
    }
    return { until, base };
  }
  if (!ISO_DATE.test(since.date)) revisionFail('invalid-date', { date: since.date });
  // A bare date is the start of that day in UTC, not git's "that day at the current time of day".
  const date = since.date.length === 10 ? `${since.date}T00:00:00Z` : since.date;
  const run = repository.run(['rev-list', '-1', '--first-parent', `--until=${date}`, until]);
  const base = run.stdout.toString('utf8').trim();
  if (base === '') {
    // Nothing that old: the history starts after the date (or, shallow, is cut before it).
    if (repository.shallow)
      revisionFail('history-beyond-shallow', { bound: since.date, repository: repository.root });
    return { until, base: null };
  }
  return { until, base };
}

const LOG_FORMAT = '--format=%H%x00%cI%x00%s';

function commitsTouching(
  repository: GitRepository,
  range: ResolvedRange,
  paths: readonly string[],
): CommitInfo[] {
  if (paths.length === 0) return [];
  const revisions = range.base === null ? [range.until] : [range.until, `^${range.base}`];
  const run = repository.run(['log', '--first-parent', '-z', LOG_FORMAT, ...revisions, '--', ...paths]);
  return parseLog(run.stdout.toString('utf8'));
}

function describeCommit(repository: GitRepository, commit: string): CommitInfo {
  const [info] = parseLog(repository.run(['log', '-1', '-z', LOG_FORMAT, commit]).stdout.toString('utf8'));
  return info;
}

/** `git log -z` with three NUL-separated fields: commit, date, subject. */
function parseLog(text: string): CommitInfo[] {
  const fields = text.split('\0');
  if (fields[fields.length - 1] === '') fields.pop();
  const commits: CommitInfo[] = [];
  for (let i = 0; i + 2 < fields.length; i += 3) {
    commits.push({ commit: fields[i].replace(/^\n/, ''), date: fields[i + 1], subject: fields[i + 2] });
  }
  return commits;
}
