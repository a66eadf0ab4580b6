// Paths that lead outside the tree (absolute module paths, relative imports
// climbing above the root, symbolic links leading out) are never followed:
// the run warns (`path-outside-tree`) and treats them as missing. The files
// outside hold content that would change the document if it were read.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisError } from '../../src/diagnostics.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import {
  addBackend,
  backendsDir,
  copyBaseTree,
  baseDocument,
  makeTempDir,
  registryFile,
  runInProcess,
  analyzeAsSeed,
} from './helpers.js';

const demoDoc = fs.readFileSync(baseDocument, 'utf8');

/** A backend module that, if read, adds a row with head size 77 and DCP support. */
const TEMPTING_BACKEND = `class OutsideImpl:
    can_return_lse_for_decode = True


class OutsideBackend:
    @staticmethod
    def get_impl_cls():
        return OutsideImpl

    @staticmethod
    def get_supported_head_sizes():
        return [77]
`;

/** A folder outside every tree, holding tempting Python files. */
function outsideFolder(): string {
  const dir = makeTempDir('outside');
  fs.writeFileSync(path.join(dir, 'evil.py'), TEMPTING_BACKEND);
  fs.writeFileSync(path.join(dir, 'cuda.py'), 'def get_valid_backends(use_mla):\n    return ["OUTSIDE"]\n');
  return dir;
}

function outsideWarnings(root: string): string[] {
  return analyzeAsSeed(root)
    .warnings.filter((w) => w.code === 'path-outside-tree')
    .map((w) => `${w.file}:${w.args.path}`);
}

function generate(root: string): { code: number | null; doc: string; stderr: string } {
  const r = runInProcess(['--root', root, '-o', '-'], root);
  return { code: r.code, doc: r.stdout, stderr: r.stderr };
}

test('an absolute module path in a class path is not followed', () => {
  const outside = outsideFolder();
  const root = copyBaseTree('abs');
  // "/<outside>/evil.OutsideBackend": the reference builds REPO_ROOT / "/<outside>/evil.py", an absolute path.
  fs.appendFileSync(
    path.join(root, registryFile),
    `    OUTSIDE = "${path.join(outside, 'evil')}.OutsideBackend"\n`,
  );
  const r = generate(root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.doc, demoDoc, 'the backend is treated as missing');
  assert.match(r.stderr, /Warning: .*registry\.py: not following '\/.*evil\.py': it leads outside the tree/);
  assert.deepEqual(outsideWarnings(root), [`${registryFile}:${path.join(outside, 'evil.py')}`]);
});

test('a backend file that is a symbolic link leading out of the tree is not read', () => {
  const outside = outsideFolder();
  const root = copyBaseTree('link-file');
  const file = addBackend(root, {
    name: 'OUTSIDE',
    module: 'vllm.v1.attention.backends.linked',
    className: 'OutsideBackend',
  });
  fs.symlinkSync(path.join(outside, 'evil.py'), file);
  const r = generate(root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.doc, demoDoc);
  assert.deepEqual(outsideWarnings(root), [`${registryFile}:${backendsDir}/linked.py`]);
});

test('a folder that is a symbolic link leading out of the tree is not entered', () => {
  const outside = outsideFolder();
  const root = copyBaseTree('link-dir');
  fs.symlinkSync(outside, path.join(root, backendsDir, 'ext'));
  addBackend(root, {
    name: 'OUTSIDE',
    module: 'vllm.v1.attention.backends.ext.evil',
    className: 'OutsideBackend',
  });
  const r = generate(root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.doc, demoDoc);
  assert.deepEqual(outsideWarnings(root), [`${registryFile}:${backendsDir}/ext/evil.py`]);
});

test('a relative import climbing above the root is not followed (and the impl keeps the default)', () => {
  const root = copyBaseTree('climb');
  // The importing file sits 4 folders deep; 6 dots name the folder above the root.
  addBackend(root, {
    name: 'CLIMB',
    module: 'vllm.v1.attention.backends.climb',
    className: 'ClimbBackend',
    contents: `from ......evil import OutsideImpl


class ClimbImpl(OutsideImpl):
    pass


class ClimbBackend:
    @staticmethod
    def get_impl_cls():
        return ClimbImpl

    @staticmethod
    def get_supported_head_sizes():
        return [77]
`,
  });
  // The tempting file is right where the reference would look: <root>/../evil.py.
  fs.writeFileSync(path.join(path.dirname(root), 'evil.py'), TEMPTING_BACKEND);
  try {
    const matrix = analyzeAsSeed(root);
    const climb = matrix.backends.find((b) => b.name === 'CLIMB');
    assert.ok(climb, 'the backend itself is documented');
    assert.equal(climb.supportsDcp, false, 'the outside base class was not read');
    assert.deepEqual(
      matrix.warnings.map((w) => [w.code, w.file, w.line, w.args.path]),
      [['path-outside-tree', `${backendsDir}/climb.py`, 1, '......evil']],
    );
  } finally {
    fs.rmSync(path.join(path.dirname(root), 'evil.py'), { force: true });
  }
});

test('a relative import whose file is a symbolic link leading out is not read', () => {
  const outside = outsideFolder();
  const root = copyBaseTree('link-import');
  fs.symlinkSync(path.join(outside, 'evil.py'), path.join(root, backendsDir, 'base_impl.py'));
  addBackend(root, {
    name: 'LINKED_PARENT',
    module: 'vllm.v1.attention.backends.linked_parent',
    className: 'LinkedBackend',
    contents: `from .base_impl import OutsideImpl


class LinkedImpl(OutsideImpl):
    pass


class LinkedBackend:
    @staticmethod
    def get_impl_cls():
        return LinkedImpl
`,
  });
  const matrix = analyzeAsSeed(root);
  assert.equal(matrix.backends.find((b) => b.name === 'LINKED_PARENT')?.supportsDcp, false);
  assert.deepEqual(outsideWarnings(root), [`${backendsDir}/linked_parent.py:${backendsDir}/base_impl.py`]);
});

test('a section file (cuda.py) that links out of the tree: its section falls back, with a warning', () => {
  const outside = outsideFolder();
  const root = copyBaseTree('link-cuda');
  const cuda = path.join(root, 'vllm/platforms/cuda.py');
  fs.rmSync(cuda);
  const missingDoc = generate(root).doc;
  fs.symlinkSync(path.join(outside, 'cuda.py'), cuda);
  const r = generate(root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.doc, missingDoc, 'the same document as with no cuda.py at all');
  assert.doesNotMatch(r.doc, /OUTSIDE/);
  assert.deepEqual(outsideWarnings(root), ['vllm/platforms/cuda.py:vllm/platforms/cuda.py']);
});

test('a registry that links out of the tree: exit 2, one line, never read', () => {
  const outside = outsideFolder();
  fs.writeFileSync(path.join(outside, 'registry.py'), 'class AttentionBackendEnum:\n    X = "vllm.x.X"\n');
  const root = copyBaseTree('link-registry');
  fs.rmSync(path.join(root, registryFile));
  fs.symlinkSync(path.join(outside, 'registry.py'), path.join(root, registryFile));
  assert.throws(
    () => analyzeAsSeed(root),
    (e: unknown) =>
      e instanceof AnalysisError &&
      e.diagnostic.code === 'registry-unreadable' &&
      /outside/.test(String(e.diagnostic.args.reason)),
  );
  const r = runInProcess(['--root', root, '-o', path.join(root, 'out.md')], root);
  assert.equal(r.code, 2);
  assert.match(
    r.stderr,
    /^vllm-attention-docs: error: cannot read [^\n]*registry\.py: [^\n]*outside the tree\n$/,
  );
  assert.ok(!fs.existsSync(path.join(root, 'out.md')));
});

test('links that stay inside the tree are followed as usual, and a linked root works', () => {
  const root = copyBaseTree('link-inside');
  const real = path.join(root, backendsDir, 'triton_attn.py');
  const moved = path.join(root, 'vllm/elsewhere_triton.py');
  fs.renameSync(real, moved);
  fs.symlinkSync(moved, real);
  assert.equal(renderMarkdown(analyzeAsSeed(root)), demoDoc);
  assert.deepEqual(outsideWarnings(root), []);

  const linkedRoot = path.join(makeTempDir('root-link'), 'tree');
  fs.symlinkSync(root, linkedRoot);
  const r = generate(linkedRoot);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.doc, demoDoc);
  assert.equal(r.stderr, '');
});

test('symbolic link loops: a looping backend file is missing (as for the reference), a looping registry is exit 2 with one line', () => {
  const root = copyBaseTree('loop');
  const a = addBackend(root, {
    name: 'LOOP',
    module: 'vllm.v1.attention.backends.loop_a',
    className: 'LoopBackend',
  });
  const b = path.join(root, backendsDir, 'loop_b.py');
  fs.symlinkSync(b, a);
  fs.symlinkSync(a, b);
  const r = generate(root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.doc, demoDoc, 'the reference answers Path.exists() = False on a loop and skips the backend');
  assert.equal(r.stderr, '');

  const registry = path.join(root, registryFile);
  fs.rmSync(registry);
  fs.symlinkSync(registry, registry);
  const failed = runInProcess(['--root', root, '-o', path.join(root, 'out.md')], root);
  assert.equal(failed.code, 2, 'the reference crashes with OSError [Errno 40]');
  assert.match(failed.stderr, /^vllm-attention-docs: error: cannot read [^\n]*registry\.py: [^\n]+\n$/);
});

test('a looping registry is reported as a link loop, not as a missing file', {}, () => {
  const root = copyBaseTree('loop-msg');
  const registry = path.join(root, registryFile);
  fs.rmSync(registry);
  fs.symlinkSync(registry, registry);
  const r = runInProcess(['--root', root, '-o', '-'], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /registry\.py: too many levels of symbolic links\n$/);
});
