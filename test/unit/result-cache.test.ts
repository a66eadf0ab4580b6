// The result cache may only ever answer what analysis would answer: every
// change to a file read, or to whether a probed path exists, must miss.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/analyze.js';
import { analyzeCached } from '../../src/cache/result-cache.js';
import { AnalysisError } from '../../src/diagnostics.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { DiskTree } from '../../src/tree/disk-tree.js';
import { VersionedTree } from './versioned-tree.js';
import { makeTempDir } from '../temp-dir.js';

const BACKENDS = 'vllm/v1/attention/backends';

function makeTree(): string {
  const root = makeTempDir('cache');
  fs.mkdirSync(path.join(root, BACKENDS), { recursive: true });
  fs.writeFileSync(
    path.join(root, BACKENDS, 'registry.py'),
    'class AttentionBackendEnum:\n    FLASH_ATTN = "vllm.v1.attention.backends.fa.FlashAttentionBackend"\n',
  );
  fs.writeFileSync(
    path.join(root, BACKENDS, 'fa.py'),
    'class FlashAttentionBackend:\n    def get_supported_head_sizes():\n        return [64]\n',
  );
  return root;
}

function cached(root: string, cacheDir: string): string {
  return renderMarkdown(analyzeCached(new DiskTree(root), { cacheDir, toolVersion: 'test' }));
}

function fresh(root: string): string {
  return renderMarkdown(analyze(new DiskTree(root)));
}

test('a hit gives the same document and an entry is written', () => {
  const root = makeTree();
  const cacheDir = makeTempDir('cachedir');
  const first = cached(root, cacheDir);
  // The entry, and its companions for runs after a change (stages, outlines).
  assert.deepEqual(
    fs
      .readdirSync(cacheDir)
      .map((name) => name.replace(/^[0-9a-f]{16}/, 'ROOT'))
      .sort(),
    ['ROOT.json', 'ROOT.outlines.json', 'ROOT.stages.json'],
  );
  assert.equal(cached(root, cacheDir), first);
  assert.equal(first, fresh(root));
});

test('a changed file that was read misses', () => {
  const root = makeTree();
  const cacheDir = makeTempDir('cachedir');
  cached(root, cacheDir);
  fs.writeFileSync(
    path.join(root, BACKENDS, 'fa.py'),
    'class FlashAttentionBackend:\n    def get_supported_head_sizes():\n        return [128]\n',
  );
  const after = cached(root, cacheDir);
  assert.match(after, /\| 128 \|/);
  assert.equal(after, fresh(root));
});

test('a file appearing where analysis found none misses', () => {
  const root = makeTree();
  const cacheDir = makeTempDir('cachedir');
  const before = cached(root, cacheDir);
  assert.doesNotMatch(before, /FA3\*/);
  fs.writeFileSync(path.join(root, BACKENDS, 'fa_utils.py'), 'def get_flash_attn_version():\n    return 2\n');
  const after = cached(root, cacheDir);
  assert.match(after, /FA3\*/);
  assert.equal(after, fresh(root));
});

test('errors are cached as errors, and fixing the input misses', () => {
  const root = makeTree();
  const cacheDir = makeTempDir('cachedir');
  const registry = path.join(root, BACKENDS, 'registry.py');
  const good = fs.readFileSync(registry);
  fs.writeFileSync(registry, 'class AttentionBackendEnum(:\n');
  assert.throws(() => cached(root, cacheDir), AnalysisError);
  assert.throws(() => cached(root, cacheDir), AnalysisError);
  fs.writeFileSync(registry, good);
  assert.equal(cached(root, cacheDir), fresh(root));
});

test('a corrupt or foreign cache entry is ignored', () => {
  const root = makeTree();
  const cacheDir = makeTempDir('cachedir');
  cached(root, cacheDir);
  for (const entry of fs.readdirSync(cacheDir)) fs.writeFileSync(path.join(cacheDir, entry), '{not json');
  assert.equal(cached(root, cacheDir), fresh(root));
  const other = renderMarkdown(analyzeCached(new DiskTree(root), { cacheDir, toolVersion: 'other-build' }));
  assert.equal(other, fresh(root));
});

test('an unwritable cache folder costs nothing but speed', () => {
  const root = makeTree();
  const blocker = path.join(makeTempDir('cachedir'), 'file');
  fs.writeFileSync(blocker, 'x');
  assert.equal(cached(root, path.join(blocker, 'sub')), fresh(root));
});

test('old-enough files with unchanged signatures are not re-read; a new signature is', () => {
  const tree = new VersionedTree({
    [`${BACKENDS}/registry.py`]:
      'class AttentionBackendEnum:\n    A = "vllm.v1.attention.backends.a.ABackend"\n',
    [`${BACKENDS}/a.py`]: 'class ABackend:\n    def get_supported_head_sizes():\n        return [64]\n',
  });
  const cacheDir = makeTempDir('cachedir');
  const options = { cacheDir, toolVersion: 'test' };
  const first = renderMarkdown(analyzeCached(tree, options));
  tree.resetReads();
  assert.equal(renderMarkdown(analyzeCached(tree, options)), first);
  assert.equal(tree.totalReads(), 0, 'a hit on trusted signatures reads no file');
  tree.write(
    `${BACKENDS}/a.py`,
    'class ABackend:\n    def get_supported_head_sizes():\n        return [256]\n',
  );
  const after = renderMarkdown(analyzeCached(tree, options));
  assert.match(after, /\| 256 \|/);
  assert.equal(after, renderMarkdown(analyze(tree)));
});
