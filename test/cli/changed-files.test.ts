// Positional arguments are the changed files pre-commit passes. The
// reference's rule stays (none relevant: exit 0 at once, nothing written), but
// a folder there is an error pointing to --root rather than a silent no-op
// (`vllm-attention-docs ~/vllm`, `--check .`), and a file is taken relative
// to the current folder, so `--check flash_attn.py` works from its folder.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from '../temp-dir.js';
import { BACKENDS, DOC, makeTree, run } from './helpers.js';

function assertFolderError(r: { code: number; out: string; err: string }, shown: string): void {
  assert.equal(r.code, 2, r.err);
  assert.equal(r.out, '');
  assert.equal(r.err.split('\n').length, 2, 'one line');
  assert.ok(r.err.startsWith(`vllm-attention-docs: error: ${shown} is a directory`), r.err);
  assert.ok(r.err.includes(`use --root ${shown}\n`), r.err);
}

test('a folder as argument: exit 2 pointing to --root, nothing written, in a tree or outside one', () => {
  const root = makeTree();
  assertFolderError(run([root], root), root);
  assertFolderError(run(['--check', '.'], root), '.');
  assertFolderError(run(['--check', 'vllm/platforms/cuda.py', 'vllm'], root), 'vllm');
  assert.ok(!fs.existsSync(path.join(root, 'docs')), 'nothing written');

  const elsewhere = makeTempDir('no-tree');
  assertFolderError(run([root], elsewhere), root);
  assertFolderError(run(['--check', '.'], elsewhere), '.');
});

test('files are taken relative to the current folder', () => {
  const root = makeTree();
  const backends = path.join(root, BACKENDS);
  fs.writeFileSync(path.join(backends, 'notes.txt'), 'not Python\n');

  // From the backends' folder: alpha.py is vllm/v1/attention/backends/alpha.py, a relevant file.
  const stale = run(['--check', 'alpha.py'], backends);
  assert.equal(stale.code, 1, stale.err);
  assert.equal(stale.out, `🔄 Regenerated: ${path.join(root, DOC)}\n`);
  assert.equal(run(['--check', 'alpha.py'], backends).code, 0, 'then up to date');

  // An irrelevant file there is still the reference's no-op.
  fs.rmSync(path.join(root, DOC));
  const irrelevant = run(['--check', 'notes.txt'], backends);
  assert.deepEqual(irrelevant, { code: 0, out: '', err: '' });
  assert.ok(!fs.existsSync(path.join(root, DOC)));

  // From above the tree, a path relative to here names the same file; relative to the tree it does not.
  const parent = path.dirname(root);
  const fromAbove = path.join(path.basename(root), BACKENDS, 'alpha.py');
  assert.equal(run(['--root', root, '--check', fromAbove], parent).code, 1);
  fs.rmSync(path.join(root, DOC));
  assert.equal(run(['--root', root, '--check', `${BACKENDS}/alpha.py`], parent).code, 0);
  assert.ok(!fs.existsSync(path.join(root, DOC)), 'not a file of the tree: nothing to do');
});

test("pre-commit's file lists behave as in the reference", () => {
  const root = makeTree();
  // Relevant among others (from the top of the tree, as pre-commit runs hooks): the document is written.
  const r = run(['--check', 'README.md', `${BACKENDS}/alpha.py`, `./${BACKENDS}//alpha.py`], root);
  assert.equal(r.code, 1, r.err);
  // None relevant, even files that do not exist: exit 0 at once, outside a tree too.
  assert.deepEqual(run(['--check', 'README.md', 'gone.py'], root), { code: 0, out: '', err: '' });
  assert.deepEqual(run(['notes.txt'], makeTempDir('no-tree')), { code: 0, out: '', err: '' });
});
