// A git repository (a work tree or a bare one) and the trees of its commits.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorCode } from '../diagnostics.js';
import { gitEnvironment, gitErrorLine, runGit } from './git-command.js';
import { revisionFail } from './git-errors.js';
import { GitObjectReader, GitObjectStore, type GitObjectUnavailable } from './git-objects.js';
import { GitTree } from './git-tree.js';
import type { TreePath } from './tree.js';

export interface GitRepositoryOptions {
  /** The environment git runs in (PATH, HOME, ...); process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
}

export class GitRepository {
  private store: GitObjectStore | null = null;
  private cloneKindMemo: 'partial' | 'shallow' | 'full' | null = null;

  private constructor(
    /** The folder it was opened at, as given (absolute). */
    readonly root: string,
    /** Its git directory (absolute). */
    readonly gitDir: string,
    /** Where `root` lies inside the repository's tree: '' at the top (and for a bare repository). */
    readonly prefix: string,
    readonly shallow: boolean,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /**
   * The repository at `root`: a work tree (or a folder inside one: its tree
   * then starts there, as a checkout's would) or a bare repository.
   */
  static open(root: string, options: GitRepositoryOptions = {}): GitRepository {
    const absolute = path.resolve(root);
    let isFolder = false;
    try {
      isFolder = fs.statSync(absolute).isDirectory();
    } catch {
      // Reported below.
    }
    if (!isFolder) revisionFail('not-a-git-repository', { path: absolute, reason: 'no such folder' });
    const env = gitEnvironment(options.env ?? process.env);
    const run = runGit(
      [
        'rev-parse',
        '--absolute-git-dir',
        '--is-inside-work-tree',
        '--is-shallow-repository',
        '--show-prefix',
      ],
      { env, cwd: absolute },
    );
    const stderr = run.stderr;
    if (run.status !== 0) {
      if (/not a git repository/i.test(stderr)) revisionFail('not-a-git-repository', { path: absolute });
      revisionFail('git-failed', { command: 'rev-parse', message: gitErrorLine(stderr) });
    }
    // Four lines; --show-prefix prints an empty one (or none) outside a work tree.
    const [gitDir, insideWorkTree, shallow, prefix = ''] = run.stdout.toString('utf8').split('\n');
    return new GitRepository(
      absolute,
      gitDir,
      insideWorkTree === 'true' ? prefix.replace(/\/$/, '') : '',
      shallow === 'true',
      env,
    );
  }

  /** The folder of the repository's top: the work tree's root, or the bare repository itself. */
  topLevel(): string {
    if (this.prefix === '') return this.root;
    const run = runGit(['rev-parse', '--show-toplevel'], { env: this.env, cwd: this.root });
    if (run.status !== 0)
      revisionFail('git-failed', { command: 'rev-parse', message: gitErrorLine(run.stderr) });
    return run.stdout.toString('utf8').replace(/\n$/, '');
  }

  /** The commit `revision` names (full object id), or a RevisionError saying it names none. */
  resolveCommit(revision: string): string {
    const unknown = (): never =>
      revisionFail('unknown-revision', {
        revision,
        repository: this.root,
        shallow: this.shallow ? 'yes' : 'no',
      });
    // A leading '-' would be read as an option.
    if (revision === '' || revision.startsWith('-') || revision.includes('\0')) unknown();
    const run = this.run(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`], {
      allowFailure: true,
    });
    const commit = run.stdout.toString('utf8').trim();
    if (run.status !== 0 || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit)) unknown();
    return commit;
  }

  /** `git ARGS` in this repository; a failure is a RevisionError unless allowed. */
  run(
    args: readonly string[],
    options: { readonly allowFailure?: boolean } = {},
  ): { status: number; stdout: Buffer; stderr: string } {
    const result = runGit(['--git-dir', this.gitDir, ...args], { env: this.env });
    if (result.status !== 0 && options.allowFailure !== true) {
      const code: ErrorCode = /promisor remote|missing|bad object|unable to read/i.test(result.stderr)
        ? 'git-objects-missing'
        : 'git-failed';
      if (code === 'git-objects-missing')
        revisionFail(code, {
          revision: args.join(' '),
          object: '(unknown)',
          repository: this.root,
          clone: this.cloneKind(),
        });
      revisionFail(code, { command: args[0] ?? '', message: gitErrorLine(result.stderr) });
    }
    return result;
  }

  /** The tree of `commit` (a full object id from resolveCommit), named in messages by `label`. */
  tree(
    commit: string,
    options: { readonly label: string; readonly revision?: string; readonly owned?: boolean },
  ): GitTree {
    const revision = options.revision ?? commit;
    return new GitTree(
      {
        store: this.objects(),
        unavailable: (error, treePath) => this.unavailable(error, revision, treePath),
        close: options.owned === true ? () => this.close() : undefined,
      },
      { commit, prefix: this.prefix, label: options.label },
    );
  }

  /** The object store shared by every tree of this repository (one git process, started on first use). */
  objects(): GitObjectStore {
    this.store ??= new GitObjectStore(new GitObjectReader(this.gitDir, this.env));
    return this.store;
  }

  /** Ends the git process, if one was started. */
  close(): void {
    this.store?.close();
    this.store = null;
  }

  /** What kind of clone this is, for saying why an object is missing. */
  cloneKind(): 'partial' | 'shallow' | 'full' {
    if (this.cloneKindMemo === null) {
      const promisor = this.run(
        ['config', '--get-regexp', '^(extensions\\.partialclone|remote\\..*\\.promisor)$'],
        {
          allowFailure: true,
        },
      );
      if (promisor.stdout.length > 0) this.cloneKindMemo = 'partial';
      else this.cloneKindMemo = this.shallow ? 'shallow' : 'full';
    }
    return this.cloneKindMemo;
  }

  private unavailable(error: GitObjectUnavailable, revision: string, treePath: TreePath | null): never {
    const message = error.gitMessage;
    if (message === 'ENOENT') revisionFail('git-not-found', {});
    if (message === null || /promisor remote|missing|bad object|unable to read|is not a/i.test(message)) {
      revisionFail(
        'git-objects-missing',
        { revision, object: error.object, repository: this.root, clone: this.cloneKind() },
        treePath,
      );
    }
    revisionFail('git-failed', { command: 'cat-file', message: gitErrorLine(message) });
  }
}

/**
 * The tree of `revision` in the repository at `root` (a work tree, a folder
 * inside one, or a bare repository), read through git without a checkout.
 * Messages name files `REVISION:path` (path from the repository's top, as
 * `git show` takes it) unless `label` says otherwise. Call
 * `close()` when done (the git process also ends with this one).
 */
export function openRevisionTree(
  root: string,
  revision: string,
  options: GitRepositoryOptions & { readonly label?: string } = {},
): GitTree {
  const repository = GitRepository.open(root, options);
  try {
    const commit = repository.resolveCommit(revision);
    // git's own spelling: REV:path from the repository's top.
    const label = options.label ?? `${revision}:${repository.prefix === '' ? '' : `${repository.prefix}/`}`;
    return repository.tree(commit, { label, revision, owned: true });
  } catch (error) {
    repository.close();
    throw error;
  }
}
