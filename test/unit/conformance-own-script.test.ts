// The helpers of `npm run conformance -- --own-script`: which generator version a
// tree carries (by the git blob id of its script), and reading a recorded oracle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareVersionLabels, recordedOutcome, treeVersionLabel } from '../../scripts/conformance.js';
import { gitBlobId } from '../../src/node-builtins.js';
import { GENERATOR_VERSIONS, versionOfBlob } from '../../src/versions/versions.js';

function withTempDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'own-script-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('gitBlobId is the id git gives the content', () => {
  // `printf 'hello\n' | git hash-object --stdin` and `git hash-object /dev/null`
  assert.equal(gitBlobId(Buffer.from('hello\n')), 'ce013625030ba8dba906f756967f9e9ca394464a');
  assert.equal(gitBlobId(new Uint8Array()), 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
});

test('versions are known by blob, one blob each; version 8 came back at a second commit', () => {
  assert.equal(new Set(GENERATOR_VERSIONS.flatMap((known) => known.blobs)).size, 15);
  assert.equal(versionOfBlob('bbbf4f4b64f25b2c5ffa463ab202b0fb65e2ff8a')?.alsoAt.length, 1);
  assert.equal(versionOfBlob('0'.repeat(40)), null);
});

test('a tree without the script, and one with an unknown script', () => {
  withTempDir((dir) => {
    assert.equal(treeVersionLabel(dir), 'no script');
    mkdirSync(join(dir, 'tools', 'pre_commit'), { recursive: true });
    writeFileSync(join(dir, 'tools', 'pre_commit', 'generate_attention_backend_docs.py'), 'hello\n');
    assert.equal(treeVersionLabel(dir), 'unknown script (blob ce0136250)');
  });
});

test('version labels sort by number, others after', () => {
  const labels = ['no script', 'v10', 'v2', 'unknown script (blob 1)', 'v1'];
  assert.deepEqual(labels.sort(compareVersionLabels), [
    'v1',
    'v2',
    'v10',
    'no script',
    'unknown script (blob 1)',
  ]);
});

test('recorded oracle: a document, a crash, nothing recorded', () => {
  withTempDir((oracle) => {
    writeFileSync(join(oracle, 'aaa.exit'), '0\n');
    writeFileSync(join(oracle, 'aaa.md'), '# doc\n');
    writeFileSync(join(oracle, 'aaa.stderr'), '  Warning: Could not parse <ROOT>/x.py: boom\n');
    assert.deepEqual(recordedOutcome(oracle, 'aaa'), {
      kind: 'document',
      document: '# doc\n',
      stderr: '  Warning: Could not parse <ROOT>/x.py: boom\n',
    });

    writeFileSync(join(oracle, 'bbb.exit'), '1\n');
    writeFileSync(
      join(oracle, 'bbb.stderr'),
      'warn\nTraceback (most recent call last):\n  File "<ROOT>/t.py", line 1\nIndexError: list index out of range\n',
    );
    assert.deepEqual(recordedOutcome(oracle, 'bbb'), {
      kind: 'crash',
      crashLine: 'IndexError: list index out of range',
      stderr: 'warn\n',
      exitCode: 1,
    });

    const missing = recordedOutcome(oracle, 'ccc');
    assert.equal(missing.kind, 'failed');
  });
});
