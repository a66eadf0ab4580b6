// When --check rewrites the document it says what changed: the changed lines
// on stderr, at most 20, then how many more. stdout keeps the reference's line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BACKENDS, DOC, makeTree, run } from './helpers.js';

test('a stale row: the old and the new row on stderr', () => {
  const root = makeTree();
  assert.equal(run([], root).code, 0);
  const alpha = path.join(root, BACKENDS, 'alpha.py');
  fs.writeFileSync(alpha, fs.readFileSync(alpha, 'utf8').replace('[64, 128]', '[64, 128, 256]'));
  const doc = fs.readFileSync(path.join(root, DOC), 'utf8');
  const line = doc.split('\n').findIndex((l) => l.startsWith('| `ALPHA`')) + 1;
  const oldRow = doc.split('\n')[line - 1];

  const r = run(['--check'], root);
  assert.equal(r.code, 1);
  assert.equal(r.out, `🔄 Regenerated: ${path.join(root, DOC)}\n`);
  const newRow = oldRow.replace('| 64, 128 |', '| 64, 128, 256 |');
  assert.notEqual(newRow, oldRow);
  assert.equal(r.err, `@@ -${line} +${line} @@\n-${oldRow}\n+${newRow}\n`);
});

test('many changed lines: 20 shown, then how many more', () => {
  const root = makeTree();
  assert.equal(run([], root).code, 0);
  const docFile = path.join(root, DOC);
  const lines = fs.readFileSync(docFile, 'utf8').split('\n');
  assert.ok(lines.length > 40);
  // Spoil 30 lines, every other one: 30 hunks of one removed and one added line.
  const spoiled = lines.map((l, i) => (i % 2 === 1 && i < 60 ? `${l} (old)` : l));
  fs.writeFileSync(docFile, spoiled.join('\n'));
  const r = run(['--check'], root);
  assert.equal(r.code, 1);
  const err = r.err.split('\n').slice(0, -1);
  assert.equal(err.filter((l) => /^[-+]/.test(l)).length, 20);
  assert.equal(err[err.length - 1], '… 40 more changed lines');
  assert.equal(err[0], '@@ -2 +2 @@');
  assert.equal(err[1], `-${lines[1]} (old)`);
  assert.equal(err[2], `+${lines[1]}`);
});

test('a missing document, or one differing only in its last newline, says so', () => {
  const root = makeTree();
  const missing = run(['--check'], root);
  assert.equal(missing.code, 1);
  assert.equal(missing.err, '(the file did not exist)\n');
  const docFile = path.join(root, DOC);
  fs.writeFileSync(docFile, fs.readFileSync(docFile, 'utf8').replace(/\n$/, ''));
  const newline = run(['--check'], root);
  assert.equal(newline.code, 1);
  assert.equal(newline.err, '(only the newline at the end differs)\n');
});

test('up to date, or a plain run: nothing on stderr', () => {
  const root = makeTree();
  assert.equal(run([], root).err, '');
  const r = run(['--check'], root);
  assert.deepEqual([r.code, r.err], [0, '']);
});
