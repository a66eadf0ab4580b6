// The CLI's contract around files: write whole or not at all, --check's exit
// codes and its respect for an up-to-date file, errors as one line with exit 2.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir } from '../temp-dir.js';
import { makeTree, run } from './helpers.js';

test('generates into docs/design under the tree found from the current folder', () => {
  const root = makeTree();
  const sub = path.join(root, 'vllm/v1');
  const r = run([], sub);
  const doc = path.join(root, 'docs/design/attention_backends.md');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, `Generated: ${doc}\n`);
  assert.match(fs.readFileSync(doc, 'utf8'), /\| `ALPHA` \| fp16, bf16 \| `auto` \| Any \| 64, 128 \|/);
});

test('--check: 1 and rewrite when stale, 0 and untouched when current', () => {
  const root = makeTree();
  const out = path.join(root, 'out/doc.md');
  const first = run(['--root', root, '-o', out, '--check'], root);
  assert.equal(first.code, 1);
  assert.equal(first.out, `🔄 Regenerated: ${out}\n`);
  const old = new Date(2000, 0, 1);
  fs.utimesSync(out, old, old);
  const before = fs.readFileSync(out);
  const second = run(['--root', root, '-o', out, '--check'], root);
  assert.equal(second.code, 0);
  assert.equal(second.out, `✅ Up to date: ${out}\n`);
  assert.deepEqual(fs.readFileSync(out), before);
  assert.equal(fs.statSync(out).mtimeMs, old.getTime());
});

test('--check compares after universal newlines, like read_text()', () => {
  const root = makeTree();
  const out = path.join(root, 'doc.md');
  assert.equal(run(['--root', root, '-o', out], root).code, 0);
  fs.writeFileSync(out, fs.readFileSync(out, 'utf8').replaceAll('\n', '\r\n'));
  assert.equal(run(['--root', root, '-o', out, '--check'], root).code, 0);
});

test('relative -o is shown as pathlib shows it', () => {
  const root = makeTree();
  const r = run(['--root', root, '-o', './x//y.md'], root);
  assert.equal(r.out, 'Generated: x/y.md\n');
  assert.ok(fs.existsSync(path.join(root, 'x/y.md')));
});

test('no relevant file among those passed: exit 0 without writing', () => {
  const root = makeTree();
  const r = run(['--root', root, 'README.md', 'vllm/utils/other.py'], root);
  assert.equal(r.code, 0);
  assert.equal(r.out, '');
  assert.ok(!fs.existsSync(path.join(root, 'docs')));
  assert.equal(run(['--root', root, 'vllm/platforms/cuda.py'], root).code, 0);
  assert.ok(fs.existsSync(path.join(root, 'docs/design/attention_backends.md')));
});

test('no tree found: one line, exit 2', () => {
  const empty = makeTempDir('empty');
  const r = run([], empty);
  assert.equal(r.code, 2);
  assert.equal(r.err.trim().split('\n').length, 1);
  assert.match(r.err, /no vLLM tree found/);
});

test('registry with a syntax error: one line naming the file and line, exit 2, old document kept', () => {
  const root = makeTree();
  const out = path.join(root, 'doc.md');
  fs.writeFileSync(out, 'keep me\n');
  fs.writeFileSync(
    path.join(root, 'vllm/v1/attention/backends/registry.py'),
    'class AttentionBackendEnum(:\n',
  );
  const r = run(['--root', root, '-o', out], root);
  assert.equal(r.code, 2);
  assert.equal(r.err.trim().split('\n').length, 1);
  assert.match(r.err, /registry\.py:1/);
  assert.equal(fs.readFileSync(out, 'utf8'), 'keep me\n');
});

test(
  'unwritable output folder: exit 2 and a clear message',
  { skip: process.getuid?.() === 0 ? 'root can write anywhere' : false },
  () => {
    const root = makeTree();
    const locked = path.join(root, 'locked');
    fs.mkdirSync(locked, { mode: 0o500 });
    const r = run(['--root', root, '-o', path.join(locked, 'doc.md')], root);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot write/);
  },
);

test('output under a regular file (cannot be a folder): exit 2, one line', () => {
  const root = makeTree();
  fs.writeFileSync(path.join(root, 'afile'), 'x');
  const r = run(['--root', root, '-o', path.join(root, 'afile/doc.md')], root);
  assert.equal(r.code, 2);
  assert.equal(r.err.trim().split('\n').length, 1);
  assert.match(r.err, /cannot write/);
});

test('no temporary files are left next to the document', () => {
  const root = makeTree();
  const dir = path.join(root, 'o');
  run(['--root', root, '-o', path.join(dir, 'doc.md')], root);
  run(['--root', root, '-o', path.join(dir, 'doc.md'), '--check'], root);
  assert.deepEqual(fs.readdirSync(dir), ['doc.md']);
});
