// What the command says when there is no tree to read: a vLLM checkout from
// before the registry is named as such, and our own messages about files that
// cannot be read use plain words, not Python's "[Errno 2] ..." (which stays
// only in the line the reference itself prints).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/analyze.js';
import { AnalysisError } from '../../src/diagnostics.js';
import { diagnosticText } from '../../src/render/diagnostics-text.js';
import { MemoryTree } from '../../src/tree/memory-tree.js';
import { makeTempDir } from '../temp-dir.js';
import { BACKENDS, makeTree, run } from './helpers.js';

const PREDATES =
  /^vllm-attention-docs: error: the vLLM at (\S+) predates the attention-backend registry: it has no vllm\/v1\/attention\/backends\/registry\.py \(in vLLM since 2026-01-09; the document this tool writes since 2026-01-28\)\n$/;

/** A checkout of vLLM as it was before the registry: a vllm package with vllm/attention/. */
function makeOldCheckout(marker: 'vllm/__init__.py' | 'vllm/attention/'): string {
  const root = makeTempDir('old-vllm');
  fs.mkdirSync(path.join(root, 'vllm/attention/backends'), { recursive: true });
  fs.mkdirSync(path.join(root, 'vllm/v1/attention/backends'), { recursive: true });
  if (marker === 'vllm/__init__.py') {
    fs.writeFileSync(path.join(root, 'vllm/__init__.py'), '');
    fs.rmSync(path.join(root, 'vllm/attention'), { recursive: true });
  }
  return root;
}

test('a vLLM checkout older than the registry is named as such, found from inside or given as --root', () => {
  for (const marker of ['vllm/__init__.py', 'vllm/attention/'] as const) {
    const root = makeOldCheckout(marker);
    const inside = run([], path.join(root, 'vllm/v1/attention/backends'));
    assert.equal(inside.code, 2, marker);
    assert.equal(PREDATES.exec(inside.err)?.[1], root, inside.err);
    const given = run(['--root', root], makeTempDir('elsewhere'));
    assert.equal(given.code, 2);
    assert.equal(PREDATES.exec(given.err)?.[1], root, given.err);
    assert.ok(!fs.existsSync(path.join(root, 'docs')), 'nothing written');
  }
});

test('no vLLM anywhere: "no vLLM tree found", naming --root', () => {
  const r = run([], makeTempDir('empty'));
  assert.equal(r.code, 2);
  assert.match(
    r.err,
    /^vllm-attention-docs: error: no vLLM tree found at or above \S+ \(no vllm\/v1\/attention\/backends\/registry\.py\); pass --root DIR\n$/,
  );
});

test("pre-commit's irrelevant files are still a no-op in an old checkout", () => {
  const root = makeOldCheckout('vllm/__init__.py');
  assert.deepEqual(run(['--check', 'README.md'], root), { code: 0, out: '', err: '' });
});

test('--root on a folder without vllm/: the registry cannot be read, in plain words', () => {
  const root = makeTempDir('not-vllm');
  const r = run(['--root', root], root);
  assert.equal(r.code, 2);
  assert.equal(
    r.err,
    `vllm-attention-docs: error: cannot read ${path.join(root, BACKENDS, 'registry.py')}: no such file\n`,
  );
});

test('a section file that cannot be read: plain words; a backend file: the reference words', () => {
  const root = makeTree();
  // cuda.py a folder (its section falls back); alpha.py's parent class in a module that is a folder.
  fs.mkdirSync(path.join(root, 'vllm/platforms/cuda.py'), { recursive: true });
  const registry = path.join(root, BACKENDS, 'registry.py');
  fs.appendFileSync(registry, '    BROKEN = "vllm.v1.attention.backends.broken.BrokenBackend"\n');
  fs.mkdirSync(path.join(root, BACKENDS, 'broken.py'));
  const r = run(['--root', root, '-o', '-'], root);
  assert.equal(r.code, 0, r.err);
  const lines = r.err.split('\n');
  const cuda = path.join(root, 'vllm/platforms/cuda.py');
  assert.ok(
    lines.includes(
      `  Warning: Could not read ${cuda}: it is a directory (its section falls back, as in the reference)`,
    ),
    r.err,
  );
  // The reference prints this line itself: its text, Python's included, is kept.
  const broken = path.join(root, BACKENDS, 'broken.py');
  assert.ok(
    lines.includes(`  Warning: Could not parse ${broken}: [Errno 21] Is a directory: '${broken}'`),
    r.err,
  );
});

test('diagnostic text of read failures: plain words for every kind, the Python text kept as data', () => {
  const tree = new MemoryTree({ 'vllm/v1/attention/backends/registry.py/x': '' });
  let error: unknown;
  try {
    analyze(tree);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof AnalysisError);
  const d = error.diagnostic;
  assert.equal(d.args.readFailure, 'directory');
  assert.match(String(d.args.reason), /^\[Errno 21\] Is a directory: /);
  const show = { showPath: (p: string) => `/t/${p}` };
  assert.equal(diagnosticText(d, show), `error: cannot read /t/${d.file}: it is a directory`);
  const words = (args: Record<string, string>): string =>
    diagnosticText({ ...d, args: { reason: '[Errno 99] x', ...args } }, show);
  assert.match(words({ readFailure: 'missing' }), /: no such file$/);
  assert.match(words({ readFailure: 'outside' }), /: it leads outside the tree$/);
  assert.match(words({ readFailure: 'io', errorCode: 'ELOOP' }), /: too many levels of symbolic links$/);
  assert.match(words({ readFailure: 'io', errorCode: 'EACCES' }), /: permission denied$/);
  assert.match(words({}), /: \[Errno 99\] x$/, 'no read failure: the exception text');
});
