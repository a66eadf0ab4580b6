// Git repositories built by the tests from trees of our own, in a temporary
// folder removed when the test file ends. Building is slow (a git process per
// step), so each test file builds its repositories once.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/analyze.js';
import { runCli } from '../../src/cli.js';
import { AnalysisError } from '../../src/diagnostics.js';
import { RevisionError } from '../../src/tree/git-errors.js';
import type { SourceTree } from '../../src/tree/tree.js';

export const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixtureTrees = path.join(projectDir, 'test/fixtures/trees');
export const demoTree = path.join(projectDir, 'examples/demo-vllm');

/** git's environment for building: no user or system configuration, fixed identity. */
export const buildEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  HOME: os.tmpdir(),
  LC_ALL: 'C',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
};

/** A temporary folder removed after this test file. */
export function scratchDir(label: string): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `vad-git-${label}-`)));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function git(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): string {
  const r = spawnSync('git', args, { cwd, env: { ...buildEnv, ...env }, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** A fresh repository with a work tree. */
export function initRepository(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['config', 'core.autocrlf', 'false']);
  git(dir, ['config', 'core.symlinks', 'true']);
  // Lets a partial clone be made from it over file://.
  git(dir, ['config', 'uploadpack.allowFilter', 'true']);
  return dir;
}

/** Makes the work tree hold exactly the files of `source` (a folder), keeping .git. */
export function replaceWorkTree(repo: string, source: string): void {
  for (const name of fs.readdirSync(repo)) {
    if (name !== '.git') fs.rmSync(path.join(repo, name), { recursive: true, force: true });
  }
  fs.cpSync(source, repo, { recursive: true, verbatimSymlinks: true });
}

/** Commits everything in the work tree (or, with stage: false, the index), at a fixed date; returns the commit id. */
export function commitAll(
  repo: string,
  message: string,
  date: string,
  options: { readonly stage?: boolean } = {},
): string {
  if (options.stage !== false) git(repo, ['add', '-A']);
  const env = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  git(repo, ['commit', '-q', '--allow-empty', '-m', message], env);
  return git(repo, ['rev-parse', 'HEAD']).trim();
}

/** Writes files (path -> contents) into a folder, making folders as needed. */
export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [name, contents] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), contents);
  }
}

/** analyze() as data: the matrix, or the error the reference would stop with. */
export function outcomeOf(tree: SourceTree | string): unknown {
  try {
    return { kind: 'matrix', matrix: analyze(tree) };
  } catch (error) {
    if (error instanceof AnalysisError) return { kind: 'error', diagnostic: error.diagnostic };
    throw error;
  }
}

/**
 * A repository whose history a test file writes step by step: `edit` replaces
 * text in a file of the work tree (which must hold it), `commit` commits all
 * at the next day of `month` (`2026-04`) and keeps the id by its subject.
 */
export function scriptedHistory(repo: string, month: string) {
  const commits: Record<string, string> = {};
  let day = 0;
  const read = (file: string): string => fs.readFileSync(path.join(repo, file), 'utf8');
  return {
    commits,
    read,
    edit(file: string, from: string, to: string): void {
      const text = read(file);
      assert.ok(text.includes(from), `${file} holds ${from}`);
      writeFiles(repo, { [file]: text.replace(from, to) });
    },
    commit(subject: string): void {
      day++;
      commits[subject] = commitAll(repo, subject, `${month}-${String(day).padStart(2, '0')}T12:00:00Z`);
    },
  };
}

/** The code of the RevisionError `body` throws (fails when it throws none). */
export function revisionErrorCode(body: () => unknown): string {
  try {
    body();
  } catch (error) {
    if (error instanceof RevisionError) return error.diagnostic.code;
    throw error;
  }
  assert.fail('no RevisionError');
}

/**
 * runCli with captured output, from `cwd` unless told. The demo tree has no
 * generator script: the runs ask for the newest version, which analyze()
 * follows for want of one, so they print no note about it.
 */
export function cliIn(defaultCwd: string) {
  return (argv: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) => {
    let stdout = '';
    let stderr = '';
    const code = runCli(argv, {
      cwd: options.cwd ?? defaultCwd,
      env: options.env ?? { ...process.env, VLLM_ATTENTION_DOCS_GENERATOR_VERSION: 'latest' },
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    return { code, stdout, stderr };
  };
}

export { assertOneLineError } from '../one-line-error.js';
