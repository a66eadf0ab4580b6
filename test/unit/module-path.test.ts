import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinTreePath, parentTreePath } from '../../src/tree/module-path.js';

test('joins like pathlib: empty segments dropped', () => {
  assert.deepEqual(joinTreePath('', 'vllm//v1/x.py'), { kind: 'inside', path: 'vllm/v1/x.py' });
  assert.deepEqual(joinTreePath('vllm/v1', 'a/b.py'), { kind: 'inside', path: 'vllm/v1/a/b.py' });
});

test('an absolute module path leads outside the tree', () => {
  assert.equal(joinTreePath('', '/etc/passwd.py').kind, 'outside');
});

test('climbing above the root leads outside', () => {
  assert.equal(joinTreePath('', '../x.py').kind, 'outside');
  assert.deepEqual(joinTreePath('a/b', '../x.py'), { kind: 'inside', path: 'a/x.py' });
  assert.equal(parentTreePath(''), null);
  assert.equal(parentTreePath('a'), '');
  assert.equal(parentTreePath('a/b/c.py'), 'a/b');
});

test('NUL makes the path not exist; an over-long name is an OS error', () => {
  assert.equal(joinTreePath('', 'a\0b.py').kind, 'invalid');
  assert.equal(joinTreePath('', `${'a'.repeat(300)}.py`).kind, 'name-too-long');
});
