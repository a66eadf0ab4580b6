// Reading a revision: resolution, the errors (not a repository, unknown
// revision, shallow and partial clones missing what is needed, git missing:
// each exit 2 with one line), and the CLI's --rev (stdout or -o, never the
// work tree's document; --check refused).

import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/analyze.js';
import { LATEST_VERSION } from '../../src/versions/versions.js';
import { renderJson } from '../../src/render/json.js';
import { RevisionError } from '../../src/tree/git-errors.js';
import { openRevisionTree } from '../../src/tree/git-repository.js';
import { bundledCli, runProcess } from '../robustness/helpers.js';
import {
  assertOneLineError,
  cliIn,
  commitAll,
  demoTree,
  git,
  initRepository,
  replaceWorkTree,
  revisionErrorCode,
  scratchDir,
  writeFiles,
} from './repo-builder.js';

const scratch = scratchDir('rev');
const demoDocument = fs.readFileSync(path.join(demoTree, 'docs/design/attention_backends.md'), 'utf8');
const registry = 'vllm/v1/attention/backends/registry.py';

// Two commits: the demo tree without its document, then a second backend file edited.
const repo = initRepository(path.join(scratch, 'repo'));
replaceWorkTree(repo, demoTree);
fs.rmSync(path.join(repo, 'docs'), { recursive: true });
const first = commitAll(repo, 'demo', '2026-02-01T00:00:00Z');
writeFiles(repo, { 'vllm/v1/attention/backends/triton_attn.py': '# emptied\n' });
const second = commitAll(repo, 'empty triton', '2026-02-02T00:00:00Z');
const notARepository = fs.mkdtempSync(path.join(scratch, 'plain-'));

/** A folder holding `node` only: a PATH on which git is not found. */
const noGitPath = path.join(scratch, 'no-git-bin');
fs.mkdirSync(noGitPath);
fs.symlinkSync(process.execPath, path.join(noGitPath, 'node'));

const cli = cliIn(scratch);

test("--rev writes the revision's document to stdout, and nothing into the work tree", () => {
  const r = cli(['--root', repo, '--rev', first]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, demoDocument);
  assert.equal(r.stderr, '');
  assert.ok(!fs.existsSync(path.join(repo, 'docs')), 'no document written into the work tree');
  // HEAD is the second commit: its document differs.
  assert.notEqual(cli(['--root', repo, '--rev', 'HEAD']).stdout, demoDocument);
  assert.equal(cli(['--root', repo, '--rev', 'HEAD~1']).stdout, demoDocument);
});

test('--rev with -o writes that file; with --format json the matrix', () => {
  const out = path.join(scratch, 'out', 'doc.md');
  const r = cli(['--root', repo, '--rev', first, '-o', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `Generated: ${out}\n`);
  assert.equal(fs.readFileSync(out, 'utf8'), demoDocument);
  const json = cli(['--root', repo, '--rev', first, '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  assert.equal(json.stdout, renderJson(analyze(demoTree, { generatorVersion: LATEST_VERSION })));
});

test('--rev without --root: the repository holding the current folder, from its top', () => {
  const r = cli(['--rev', first], { cwd: path.join(repo, 'vllm/v1') });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, demoDocument);
});

test('--rev on a bare clone', () => {
  const bare = path.join(scratch, 'bare.git');
  git(scratch, ['clone', '-q', '--bare', repo, bare]);
  const r = cli(['--root', bare, '--rev', first]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, demoDocument);
});

test('--rev refuses --check, --demo and file arguments', () => {
  assertOneLineError(
    cli(['--root', repo, '--rev', 'HEAD', '--check']),
    /--check .* cannot be used with --rev/,
  );
  assertOneLineError(cli(['--rev', 'HEAD', '--demo']), /--demo and --rev/);
  assertOneLineError(cli(['--root', repo, '--rev', 'HEAD', registry]), /--rev takes no file arguments/);
});

test('not a git repository: exit 2, one line', () => {
  assertOneLineError(cli(['--root', notARepository, '--rev', 'HEAD']), /is not a git repository/);
  assertOneLineError(
    cli(['--root', path.join(scratch, 'no-such'), '--rev', 'HEAD']),
    /is not a git repository/,
  );
  assert.equal(
    revisionErrorCode(() => openRevisionTree(notARepository, 'HEAD')),
    'not-a-git-repository',
  );
});

test('unknown revision: exit 2, one line', () => {
  for (const revision of ['no-such-branch', '-p', 'HEAD:vllm', `${second}0`, 'HEAD~5']) {
    assertOneLineError(cli(['--root', repo, `--rev=${revision}`]), /unknown revision/);
    assert.equal(
      revisionErrorCode(() => openRevisionTree(repo, revision)),
      'unknown-revision',
      revision,
    );
  }
});

test('git missing from PATH: exit 2, one line', () => {
  const env = { PATH: noGitPath };
  assertOneLineError(cli(['--root', repo, '--rev', 'HEAD'], { env }), /git was not found on PATH/);
  assert.equal(
    revisionErrorCode(() => openRevisionTree(repo, 'HEAD', { env })),
    'git-not-found',
  );
});

test('a shallow clone: its own commits read fine, older ones are unknown with a hint', () => {
  const shallow = path.join(scratch, 'shallow');
  git(scratch, ['clone', '-q', '--depth', '1', `file://${repo}`, shallow]);
  const head = cli(['--root', shallow, '--rev', 'HEAD']);
  assert.equal(head.code, 0, head.stderr);
  assert.equal(head.stdout, cli(['--root', repo, '--rev', second]).stdout);
  assertOneLineError(
    cli(['--root', shallow, '--rev', 'HEAD~1']),
    /unknown revision 'HEAD~1' .*shallow clone/,
  );
  assertOneLineError(cli(['--root', shallow, '--rev', first]), /shallow clone/);
});

test('a partial clone without the blobs: exit 2, one line, and nothing is downloaded', () => {
  const partial = path.join(scratch, 'partial');
  git(scratch, ['clone', '-q', '--filter=blob:none', '--no-checkout', `file://${repo}`, partial]);
  const missingBefore = git(partial, ['rev-list', '--objects', '--missing=print', 'HEAD']);
  assert.match(missingBefore, /^\?/m, 'the clone lacks blobs');
  assertOneLineError(
    cli(['--root', partial, '--rev', 'HEAD']),
    new RegExp(`HEAD:${registry.replaceAll('.', '\\.')}: git object [0-9a-f]{40} is missing .*partial clone`),
  );
  const tree = openRevisionTree(partial, 'HEAD');
  try {
    assert.throws(
      () => analyze(tree),
      (e: unknown) =>
        e instanceof RevisionError &&
        e.diagnostic.code === 'git-objects-missing' &&
        e.diagnostic.args.clone === 'partial' &&
        e.diagnostic.file === registry,
    );
  } finally {
    tree.close();
  }
  assert.equal(git(partial, ['rev-list', '--objects', '--missing=print', 'HEAD']), missingBefore);
});

test('the bundled CLI as a process: --rev works, errors are one line without a stack trace', async () => {
  const bin = await bundledCli();
  const ok = runProcess(bin, ['--root', repo, '--rev', first], {
    cwd: scratch,
    env: { ...process.env, VLLM_ATTENTION_DOCS_GENERATOR_VERSION: 'latest' },
  });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, demoDocument);
  const partial = path.join(scratch, 'partial-2');
  git(scratch, ['clone', '-q', '--filter=blob:none', '--no-checkout', `file://${repo}`, partial]);
  const failed = runProcess(bin, ['--root', partial, '--rev', 'HEAD'], { cwd: scratch });
  assert.equal(failed.code, 2);
  assert.match(failed.stderr, /^vllm-attention-docs: error: [^\n]*partial clone[^\n]*\n$/);
  const noGit = runProcess(bin, ['--root', repo, '--rev', 'HEAD'], {
    cwd: scratch,
    env: { PATH: noGitPath },
  });
  assert.equal(noGit.code, 2);
  assert.equal(
    noGit.stderr,
    'vllm-attention-docs: error: git was not found on PATH (reading a revision needs it)\n',
  );
});

test('the git reader works whatever flags the parent runs with (an ES module from -e here)', () => {
  const source = path.join(
    path.dirname(new URL(import.meta.url).pathname),
    '../../src/tree/git-repository.ts',
  );
  const code = `import { openRevisionTree } from ${JSON.stringify(source)};
const tree = openRevisionTree(process.argv[1], 'HEAD');
process.stdout.write(tree.stat(${JSON.stringify(registry)}));
tree.close();`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code, repo], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, 'file');
  assert.equal(r.status, 0);
});
