import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExplainArgs, runExplain } from '../../src/cli/explain.js';
import { parseGpu } from '../../src/explain/gpus.js';
import { MemoryTree } from '../../src/tree/memory-tree.js';
import { MINI_VLLM } from './mini-vllm.js';

function cli(argv: string[], cwd = '/'): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runExplain(argv, {
    cwd,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    findRoot: () => null,
    tree: new MemoryTree(MINI_VLLM, '/mini'),
  });
  return { code, out, err };
}

test('--gpu takes compute capabilities in the usual spellings and GPU names', () => {
  const cap = (text: string): string => {
    const r = parseGpu(text);
    return r.ok ? `${r.gpu.name} ${r.gpu.major}.${r.gpu.minor}` : r.message;
  };
  assert.equal(cap('9.0'), 'H100 9.0');
  assert.equal(cap('90'), 'H100 9.0');
  assert.equal(cap('sm_100a'), 'B200 10.0');
  assert.equal(cap('121'), 'DGX Spark 12.1');
  assert.equal(cap('rtx-4090'), 'RTX 4090 8.9');
  assert.equal(cap('GB10'), 'GB10 12.1');
  assert.equal(cap('jetson thor'), 'Jetson Thor 11.0');
  assert.match(cap('MI300X'), /a ROCm device; explain models the CUDA platform only/);
  assert.match(cap('cpu'), /a CPU device/);
  assert.match(cap('potato'), /unknown GPU name/);
});

test('exit codes: 0 chosen, 1 vLLM raises, 2 usage error (one line, no stack trace)', () => {
  const ok = cli(['--gpu', 'H100', '--head-size', '128', '--no-fixes']);
  assert.equal(ok.code, 0);
  assert.match(ok.out, /Chosen: FAST\n/);
  const none = cli([
    '--gpu',
    'T4',
    '--head-size',
    '96',
    '--dtype',
    'float32',
    '--kv-cache-dtype',
    'fp8',
    '--no-fixes',
  ]);
  assert.equal(none.code, 1);
  assert.match(none.out, /vLLM raises ValueError: No valid backend for cuda with AttentionSelectorConfig\(/);
  for (const argv of [
    ['--head-size', '128'],
    ['--gpu', 'MI300X', '--head-size', '128'],
    ['--gpu', 'H100', '--head-size', 'x'],
    ['--gpu', 'H100', '--head-size', '128', '--kernels', 'fa9'],
    ['--gpu', 'H100', '--head-size', '128', '--bogus'],
  ]) {
    const r = cli(argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.equal(r.out, '');
    assert.equal(r.err.split('\n').length, 2, r.err);
    assert.match(r.err, /^vllm-attention-docs explain: error: /);
  }
});

test('--format json prints the contract object; text shows reasons, fixes and the warning', () => {
  const json = cli(['--gpu', 'sm_90', '--head-size', '128', '--block-size', '16', '--format', 'json']);
  const r = JSON.parse(json.out);
  assert.equal(r.schemaVersion, 1);
  assert.deepEqual(r.priorities, ['FAST', 'SLOW']);
  assert.equal(r.chosen, 'SLOW');
  assert.equal(r.blockSizeWarning, '--block-size 16 precluded FAST. Using SLOW instead.');
  assert.deepEqual(r.backends[0].reasons, ['block_size not supported']);
  const text = cli(['--gpu', 'H100', '--head-size', '128', '--block-size', '16']).out;
  assert.match(text, / 1\. FAST {2}❌ block_size not supported\n/);
  assert.match(text, /valid with no --block-size \| --block-size 32 \| --block-size 64/);
  assert.match(text, /vLLM warns: --block-size 16 precluded FAST\. Using SLOW instead\./);
});

test('--model reads a config.json; explicit flags win', () => {
  const dir = mkdtempSync(join(tmpdir(), 'explain-cli-'));
  try {
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ hidden_size: 4096, num_attention_heads: 32, torch_dtype: 'bfloat16' }),
    );
    const r = JSON.parse(
      cli(['--gpu', 'H100', '--model', 'config.json', '--format', 'json', '--no-fixes'], dir).out,
    );
    assert.equal(r.config.headSize, 128);
    assert.deepEqual(r.derived[0], {
      field: 'headSize',
      value: 128,
      from: 'hidden_size // num_attention_heads',
    });
    const explicit = JSON.parse(
      cli(
        ['--gpu', 'H100', '--model', 'config.json', '--head-size', '64', '--format', 'json', '--no-fixes'],
        dir,
      ).out,
    );
    assert.equal(explicit.config.headSize, 64);
    writeFileSync(join(dir, 'bad.json'), '{');
    assert.match(cli(['--gpu', 'H100', '--model', 'bad.json'], dir).err, /--model bad\.json: not JSON/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('argument parsing: --opt=value, repeated --env, kernels none, auto backend', () => {
  const a = parseExplainArgs([
    '--gpu=9.0',
    '--head-size=64',
    '--env',
    'A=1',
    '--env=B=2',
    '--kernels',
    'none',
    '--attention-backend',
    'auto',
  ]);
  assert.deepEqual(a.setup.env, { A: '1', B: '2' });
  assert.deepEqual(a.setup.kernels, []);
  assert.equal(a.setup.attentionBackend, null);
  assert.equal(a.setup.headSize, 64);
});

test('a backend whose code loops forever or builds a huge value: an unknown at its line, not a hang', () => {
  const fast = 'vllm/v1/attention/backends/fast.py';
  const original = MINI_VLLM[fast];
  assert.ok(original.includes('        return [64, 128]\n'));
  const hostile: [string, RegExp][] = [
    [
      '        while True:\n            pass\n',
      /evaluation too long \(1000000 steps\) at vllm\/v1\/attention\/backends\/fast\.py:\d+/,
    ],
    [
      '        x = 7 ** 10 ** 9\n',
      /a value too large to build \(int \*\* int\) at vllm\/v1\/attention\/backends\/fast\.py:\d+/,
    ],
  ];
  for (const [body, reason] of hostile) {
    const tree = new MemoryTree(
      {
        ...MINI_VLLM,
        [fast]: original.replace('        return [64, 128]\n', `${body}        return [64, 128]\n`),
      },
      '/mini',
    );
    let out = '';
    let err = '';
    const code = runExplain(['--gpu', 'H100', '--head-size', '128'], {
      cwd: '/',
      stdout: (t) => (out += t),
      stderr: (t) => (err += t),
      findRoot: () => null,
      tree,
    });
    // An undetermined pick is exit 2, the unknown said with the line that caused it.
    assert.equal(code, 2, err);
    assert.match(out, /Chosen: undetermined/);
    assert.match(out, reason);
    assert.doesNotMatch(out, /registry\.py/);
  }
});
