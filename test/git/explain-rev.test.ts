// explain --rev: the selection evaluated on a commit's tree read through git,
// equal to explain on a checkout of it; revision errors in one line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../src/cli.js';
import {
  commitAll,
  demoTree,
  initRepository,
  replaceWorkTree,
  scratchDir,
  writeFiles,
} from './repo-builder.js';

const scratch = scratchDir('explain-rev');
const repo = initRepository(path.join(scratch, 'repo'));
replaceWorkTree(repo, demoTree);
const first = commitAll(repo, 'the tree', '2026-03-01T00:00:00Z');
// The second commit breaks the selector module: explain on it cannot evaluate the selection.
writeFiles(repo, { 'vllm/v1/attention/selector.py': 'def (\n' });
commitAll(repo, 'broken selector', '2026-03-02T00:00:00Z');

function explain(args: string[], cwd = scratch): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = runCli(['explain', ...args], {
    cwd,
    env: process.env,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

const setup = ['--gpu', 'H100', '--head-size', '128', '--format', 'json', '--no-fixes'];

test('explain --rev answers as explain on a checkout of that commit', () => {
  const checkout = path.join(scratch, 'checkout');
  fs.cpSync(demoTree, checkout, { recursive: true });
  const onCheckout = explain(['--root', checkout, ...setup]);
  assert.equal(onCheckout.code, 0, onCheckout.stderr);
  const onRevision = explain(['--root', repo, '--rev', first, ...setup]);
  assert.equal(onRevision.code, 0, onRevision.stderr);
  assert.equal(onRevision.stdout, onCheckout.stdout);
  // Without --root: the repository holding the current folder.
  assert.equal(explain(['--rev', first, ...setup], path.join(repo, 'vllm')).stdout, onRevision.stdout);
});

test("explain --rev on the work tree's own HEAD sees the commit, not the files on disk", () => {
  const r = explain(['--root', repo, '--rev', 'HEAD', ...setup]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^vllm-attention-docs explain: error: /);
});

test('explain --rev: an unknown revision or no repository is one line, exit 2', () => {
  const unknown = explain(['--root', repo, '--rev', 'no-such-rev', ...setup]);
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.stderr,
    /^vllm-attention-docs explain: error: unknown revision 'no-such-rev'[^\n]*\n$/,
  );
  const plain = fs.mkdtempSync(path.join(scratch, 'plain-'));
  const notRepo = explain(['--root', plain, '--rev', 'HEAD', ...setup]);
  assert.equal(notRepo.code, 2);
  assert.match(notRepo.stderr, /is not a git repository \(neither a work tree nor a bare repository\)\n$/);
});
