// The result cache may only ever answer what analysis would answer: every
// change to a file read, or to whether a probed path exists, must miss.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyze } from '../../src/analyze.js';
import { analyzeCached } from '../../src/cache/result-cache.js';
import { AnalysisError } from '../../src/diagnostics.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { DiskTree } from '../../src/tree/disk-tree.js';
import type { ReadResult, SourceTree } from '../../src/tree/tree.js';

const BACKENDS = 'vllm/v1/attention/backends';

function makeTree(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-cache-'));
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
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-cachedir-'));
  const first = cached(root, cacheDir);
  assert.equal(fs.readdirSync(cacheDir).length, 1);
  assert.equal(cached(root, cacheDir), first);
  assert.equal(first, fresh(root));
});

test('a changed file that was read misses', () => {
  const root = makeTree();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-cachedir-'));
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
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-cachedir-'));
  const before = cached(root, cacheDir);
  assert.doesNotMatch(before, /FA3\*/);
  fs.writeFileSync(path.join(root, BACKENDS, 'fa_utils.py'), 'def get_flash_attn_version():\n    return 2\n');
  const after = cached(root, cacheDir);
  assert.match(after, /FA3\*/);
  assert.equal(after, fresh(root));
});

test('errors are cached as errors, and fixing the input misses', () => {
  const root = makeTree();
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-cachedir-'));
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
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-cachedir-'));
  cached(root, cacheDir);
  const [entry] = fs.readdirSync(cacheDir);
  fs.writeFileSync(path.join(cacheDir, entry), '{not json');
  assert.equal(cached(root, cacheDir), fresh(root));
  const other = renderMarkdown(analyzeCached(new DiskTree(root), { cacheDir, toolVersion: 'other-build' }));
  assert.equal(other, fresh(root));
});

test('an unwritable cache folder costs nothing but speed', () => {
  const root = makeTree();
  const blocker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vad-cachedir-')), 'file');
  fs.writeFileSync(blocker, 'x');
  assert.equal(cached(root, path.join(blocker, 'sub')), fresh(root));
});

/** An in-memory tree whose files carry a version as their stat signature. */
class VersionedTree implements SourceTree {
  readonly label = '/versioned';
  reads = 0;
  private readonly files = new Map<string, { text: string; version: number }>();
  constructor(files: Record<string, string>) {
    for (const [p, text] of Object.entries(files)) this.files.set(p, { text, version: 1 });
  }
  write(p: string, text: string): void {
    this.files.set(p, { text, version: (this.files.get(p)?.version ?? 0) + 1 });
  }
  displayPath(p: string): string {
    return `${this.label}/${p}`;
  }
  stat(p: string): 'file' | 'directory' | 'missing' {
    if (this.files.has(p)) return 'file';
    return [...this.files.keys()].some((k) => k.startsWith(`${p}/`)) ? 'directory' : 'missing';
  }
  readFile(p: string): ReadResult {
    this.reads++;
    const f = this.files.get(p);
    return f
      ? { ok: true, bytes: new TextEncoder().encode(f.text) }
      : { ok: false, reason: 'missing', detail: p };
  }
  statSignature(p: string): { signature: string; ageMs: number } | null {
    const f = this.files.get(p);
    return f ? { signature: `v${f.version}`, ageMs: 60_000 } : null;
  }
}

test('old-enough files with unchanged signatures are not re-read; a new signature is', () => {
  const tree = new VersionedTree({
    [`${BACKENDS}/registry.py`]:
      'class AttentionBackendEnum:\n    A = "vllm.v1.attention.backends.a.ABackend"\n',
    [`${BACKENDS}/a.py`]: 'class ABackend:\n    def get_supported_head_sizes():\n        return [64]\n',
  });
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-cachedir-'));
  const options = { cacheDir, toolVersion: 'test' };
  const first = renderMarkdown(analyzeCached(tree, options));
  tree.reads = 0;
  assert.equal(renderMarkdown(analyzeCached(tree, options)), first);
  assert.equal(tree.reads, 0, 'a hit on trusted signatures reads no file');
  tree.write(
    `${BACKENDS}/a.py`,
    'class ABackend:\n    def get_supported_head_sizes():\n        return [256]\n',
  );
  const after = renderMarkdown(analyzeCached(tree, options));
  assert.match(after, /\| 256 \|/);
  assert.equal(after, renderMarkdown(analyze(tree)));
});
