// The pre-commit hook, run by the real pre-commit program: a throwaway git
// repo holds a copy of the demo tree and, as its .pre-commit-config.yaml, the
// README's example as written, its `repo:` pointing at a throwaway git copy of
// this project's working tree (so uncommitted work is what gets tested) that
// has the tag the example names. pre-commit installs the hook the way it does for users:
// `npm install` in the hook repo (which builds, through `prepare`), `npm pack`,
// `npm install -g`. Three cases: document current -> passed; a backend file
// changed -> failed and the document rewritten; only an irrelevant file
// changed -> skipped.
//
// Slow (one npm install of the dev tools, from npm's cache when warm). Skipped
// with a message when pre-commit is not installed, except on CI (CI set), where
// .ci/run installs it and its absence is a failure.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isRelevantFile } from '../../src/relevance.js';
import { demoTree, fencedBlockAfter, makeTempDir, projectDir } from './helpers.js';

const HOOK_ID = 'attention-backend-docs';
const DOC = 'docs/design/attention_backends.md';
const COMMAND_TIMEOUT_MS = 15 * 60_000;

function preCommitVersion(): string | null {
  const r = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

const version = preCommitVersion();
const onCi = Boolean(process.env.CI);
const skipReason =
  version === null && !onCi
    ? 'pre-commit is not installed (apt-get install pre-commit, or pipx install pre-commit); .ci/run installs it'
    : false;

/** The hook definition, read as text: the file is small and flat, no YAML parser needed. */
function hookDefinition(): Record<string, string> {
  const text = fs.readFileSync(path.join(projectDir, '.pre-commit-hooks.yaml'), 'utf8');
  const fields: Record<string, string> = {};
  for (const m of text.matchAll(/^(?:- | {2})(\w+): (.*)$/gm)) fields[m[1]] = m[2];
  return fields;
}

test('the hook definition: id, node, --check, filenames, one run at a time', () => {
  const hook = hookDefinition();
  assert.equal(hook.id, HOOK_ID);
  assert.equal(hook.language, 'node');
  assert.equal(hook.entry, 'vllm-attention-docs --check');
  assert.equal(hook.pass_filenames, 'true');
  assert.equal(hook.require_serial, 'true');
});

test("the hook's files pattern selects exactly the files the reference calls relevant", () => {
  // pre-commit applies `files` with Python's re.search; for this pattern JavaScript's RegExp agrees.
  const files = new RegExp(hookDefinition().files);
  const samples = [
    'vllm/v1/attention/backends/flash_attn.py',
    'vllm/v1/attention/backends/mla/flashmla.py',
    'vllm/v1/attention/backends/mla/deep/er.py',
    'vllm/v1/attention/backends/registry.py',
    'vllm/v1/attention/backends/fa_utils.py',
    'vllm/v1/attention/backends/.py',
    'vllm/v1/attention/backends/notes.md',
    'vllm/v1/attention/backends/flash_attn.pyc',
    'vllm/v1/attention/backends/flash_attn.py.orig',
    'vllm/v1/attention/backends',
    'vllm/v1/attention/selector.py',
    'vllm/model_executor/layers/attention/mla_attention.py',
    'vllm/model_executor/layers/attention/mla_attentionXpy',
    'vllm/model_executor/layers/attention/other.py',
    'vllm/platforms/cuda.py',
    'vllm/platforms/rocm.py',
    'vllm/utils/flashinfer.py',
    'vllm/vllm_flash_attn/flash_attn_interface.py',
    'vllm/v1/attention/backend.py',
    'vllm/v1/attention/backend.pyx',
    'tools/pre_commit/generate_attention_backend_docs.py',
    'docs/design/attention_backends.md',
    'docs/design/attention_backends.md.bak',
    'xdocs/design/attention_backends.md',
    'a/vllm/platforms/cuda.py',
    'README.md',
  ];
  let relevant = 0;
  for (const file of samples) {
    const expected = isRelevantFile(file, '/repo');
    if (expected) relevant++;
    assert.equal(files.test(file), expected, file);
  }
  assert.ok(relevant > 5 && relevant < samples.length - 5, 'samples on both sides');
});

/** The README's .pre-commit-config.yaml example: its rev, and the text with another `repo:`. */
function readmeHookExample(): { rev: string; withRepo: (repo: string) => string } {
  const readme = fs.readFileSync(path.join(projectDir, 'README.md'), 'utf8');
  const block = fencedBlockAfter(readme, '## Use it as a pre-commit hook');
  assert.ok(block !== null, 'README.md has no example under "## Use it as a pre-commit hook"');
  const rev = /^ {4}rev: (\S+)$/m.exec(block)?.[1];
  assert.ok(rev !== undefined && /^ {2}- repo: \S+$/m.test(block), block);
  return { rev, withRepo: (repo) => block.replace(/^( {2}- repo: )\S+$/m, `$1${repo}`) };
}

interface Run {
  readonly code: number | null;
  readonly output: string;
}

function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Run {
  const r = spawnSync(command, args, { ...options, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
  if (r.error) throw r.error;
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

function mustRun(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): string {
  const r = run(command, args, options);
  assert.equal(r.code, 0, `${command} ${args.join(' ')} failed:\n${r.output}`);
  return r.output;
}

/** Copy the files git would put in a clone of the working tree (tracked or new, not ignored), as they are now. */
function copyWorkingTree(to: string, env: NodeJS.ProcessEnv): void {
  const listed = mustRun('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: projectDir,
    env,
  });
  for (const file of listed.split('\0')) {
    if (file === '') continue;
    const from = path.join(projectDir, file);
    let kind: fs.Stats;
    try {
      kind = fs.lstatSync(from);
    } catch {
      continue; // deleted in the working tree
    }
    const target = path.join(to, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if (kind.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), target);
    else if (kind.isFile()) fs.copyFileSync(from, target);
  }
}

function initRepo(dir: string, env: NodeJS.ProcessEnv): void {
  mustRun('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  mustRun('git', ['add', '-A'], { cwd: dir, env });
  mustRun('git', ['commit', '-q', '--no-verify', '-m', 'initial'], { cwd: dir, env });
}

/** A backend file of the demo tree with a `get_supported_head_sizes` returning a list: add a head size. */
function changeABackend(repo: string): string {
  const backends = path.join(repo, 'vllm/v1/attention/backends');
  const candidates = fs
    .readdirSync(backends, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.py'))
    .sort();
  for (const file of candidates) {
    const full = path.join(backends, file);
    const text = fs.readFileSync(full, 'utf8');
    const changed = text.replace(/(def get_supported_head_sizes\b[\s\S]*?return \[)/, '$1 4096, ');
    if (changed !== text) {
      fs.writeFileSync(full, changed);
      return path.relative(repo, full);
    }
  }
  throw new Error('no demo backend defines get_supported_head_sizes with a list');
}

test(
  'pre-commit runs the hook: passes when current, fails and rewrites when a backend changed, skips otherwise',
  { skip: skipReason },
  () => {
    assert.notEqual(
      version,
      null,
      'CI is set but pre-commit is not installed: .ci/run installs it (apt-get install pre-commit)',
    );
    // Removed at exit, passed or failed; VAD_KEEP_TEMP=1 keeps it (pre-commit-home/pre-commit.log).
    const work = makeTempDir('pre-commit');
    const gitConfig = path.join(work, 'gitconfig');
    fs.writeFileSync(gitConfig, '');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'),
      // No user or system git configuration (hooks paths, signing) leaks in.
      GIT_CONFIG_GLOBAL: gitConfig,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.invalid',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.invalid',
      // pre-commit installs the hook with npm: use the packages already in npm's cache first.
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      npm_config_loglevel: 'error',
    };
    delete env.SKIP; // pre-commit's own variable for skipping hooks

    const hookRepo = path.join(work, 'hook-repo');
    fs.mkdirSync(hookRepo);
    copyWorkingTree(hookRepo, env);
    initRepo(hookRepo, env);
    const example = readmeHookExample();
    mustRun('git', ['tag', example.rev], { cwd: hookRepo, env });

    const repo = path.join(work, 'vllm');
    fs.cpSync(demoTree, repo, { recursive: true });
    fs.writeFileSync(path.join(repo, '.pre-commit-config.yaml'), example.withRepo(hookRepo));
    initRepo(repo, env);
    const docFile = path.join(repo, DOC);
    const committedDoc = fs.readFileSync(docFile, 'utf8');

    // Install first, so a broken install reads as such and not as a hook failure.
    mustRun('pre-commit', ['install-hooks'], { cwd: repo, env });

    // 1. The document is current: the hook runs on every relevant file and passes.
    const current = run('pre-commit', ['run', '--all-files'], { cwd: repo, env });
    assert.equal(current.code, 0, current.output);
    assert.match(current.output, /attention backend docs\.+Passed/);
    assert.equal(fs.readFileSync(docFile, 'utf8'), committedDoc);

    // 2. A backend changed (staged, as at commit time): the hook fails and rewrites the document.
    const backend = changeABackend(repo);
    mustRun('git', ['add', backend], { cwd: repo, env });
    const stale = run('pre-commit', ['run'], { cwd: repo, env });
    assert.equal(stale.code, 1, stale.output);
    assert.match(stale.output, /attention backend docs\.+Failed/);
    assert.match(stale.output, /files were modified by this hook/);
    assert.match(stale.output, /Regenerated: /);
    assert.match(stale.output, /^\+\| .*\b4096\b/m, 'the changed row is shown');
    const rewritten = fs.readFileSync(docFile, 'utf8');
    assert.notEqual(rewritten, committedDoc);
    assert.match(rewritten, /\b4096\b/, 'the new head size is in the document');
    const changedFiles = mustRun('git', ['status', '--porcelain'], { cwd: repo, env });
    assert.match(changedFiles, new RegExp(`^ M ${DOC}$`, 'm'));

    // 3. Commit the backend change with the document left stale, then change only an irrelevant file:
    //    the hook must be skipped (were it run, it would fail on the stale document).
    mustRun('git', ['checkout', '--', DOC], { cwd: repo, env });
    mustRun('git', ['commit', '-q', '--no-verify', '-m', 'backend change, document stale'], {
      cwd: repo,
      env,
    });
    const irrelevant = path.join(repo, 'vllm/platforms/notes.txt');
    fs.mkdirSync(path.dirname(irrelevant), { recursive: true });
    fs.writeFileSync(irrelevant, 'not a backend\n');
    mustRun('git', ['add', path.relative(repo, irrelevant)], { cwd: repo, env });
    const unrelated = run('pre-commit', ['run'], { cwd: repo, env });
    assert.equal(unrelated.code, 0, unrelated.output);
    assert.match(unrelated.output, /attention backend docs\.+\(no files to check\)Skipped/);
    assert.equal(fs.readFileSync(docFile, 'utf8'), committedDoc, 'a skipped hook leaves the document alone');
  },
);
