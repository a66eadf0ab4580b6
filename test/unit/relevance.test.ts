import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fnmatchToRegExp, isRelevantFile, pyPathString } from '../../src/relevance.js';

test('fnmatch * crosses folders, like Python fnmatch', () => {
  const re = fnmatchToRegExp('vllm/v1/attention/backends/*.py');
  assert.ok(re.test('vllm/v1/attention/backends/flash_attn.py'));
  assert.ok(re.test('vllm/v1/attention/backends/mla/flashmla.py'));
  assert.ok(!re.test('vllm/v1/attention/backends/flash_attn.pyc'));
  assert.ok(!re.test('xvllm/v1/attention/backends/a.py'));
});

test('fnmatch ? and character classes', () => {
  assert.ok(fnmatchToRegExp('a?c').test('abc'));
  assert.ok(!fnmatchToRegExp('a?c').test('ac'));
  assert.ok(fnmatchToRegExp('[!x]y').test('zy'));
  assert.ok(!fnmatchToRegExp('[!x]y').test('xy'));
  assert.ok(fnmatchToRegExp('a.b').test('a.b'));
  assert.ok(!fnmatchToRegExp('a.b').test('axb'));
});

test('relevant files: backends, cuda.py, the doc, the script and the inputs the script does not list; not others', () => {
  const root = '/repo';
  assert.ok(isRelevantFile('vllm/platforms/cuda.py', root));
  assert.ok(isRelevantFile('./vllm/platforms/cuda.py', root));
  assert.ok(isRelevantFile('docs/design/attention_backends.md', root));
  assert.ok(isRelevantFile('/repo/vllm/v1/attention/backends/registry.py', root));
  assert.ok(!isRelevantFile('/elsewhere/vllm/platforms/cuda.py', root));
  assert.ok(!isRelevantFile('vllm/platforms/rocm.py', root));
  assert.ok(!isRelevantFile('README.md', root));
  // Read by the reference but not among its patterns: a change there must run the hook too.
  assert.ok(isRelevantFile('vllm/utils/flashinfer.py', root));
  assert.ok(isRelevantFile('vllm/vllm_flash_attn/flash_attn_interface.py', root));
  assert.ok(isRelevantFile('vllm/v1/attention/backend.py', root));
  assert.ok(!isRelevantFile('vllm/v1/attention/selector.py', root));
  assert.ok(isRelevantFile('vllm/v1/attention/backends/mla/prefill/selector.py', root));
});

test('pyPathString normalises like str(Path(...))', () => {
  assert.equal(pyPathString('./a//b/'), 'a/b');
  assert.equal(pyPathString('/x/./y'), '/x/y');
  assert.equal(pyPathString('x/../y'), 'x/../y');
  assert.equal(pyPathString(''), '.');
  assert.equal(pyPathString('.'), '.');
});
