// parse_mla_prefill_backends: from the use_* functions (up to version 11) and from the prefill registry (version 12 on).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MLA_ATTENTION_FILE, parseMlaPrefillBackends } from '../../src/extract/mla-prefill.js';
import { AnalysisError } from '../../src/diagnostics.js';
import { GENERATOR_VERSIONS } from '../../src/versions/versions.js';
import { contextOf, py } from './helpers.js';

test('MLA prefill: the backends whose use_* function has a capability check, FlashAttention always last', () => {
  const context = contextOf({
    [MLA_ATTENTION_FILE]: py(
      'def use_cudnn_prefill():',
      '    return is_device_capability_family(90)',
      'def use_flashinfer_prefill():',
      '    return False',
      'def use_trtllm_ragged_deepseek_prefill():',
      '    return current_platform.is_device_capability_family(100)',
    ),
  });
  const legacy = { name: null, dtypes: null, requiresR1Dims: null, classPath: null };
  assert.deepEqual(parseMlaPrefillBackends(context), [
    {
      ...legacy,
      id: 'TRTLLM_RAGGED',
      blackwellDefault: true,
      computeCapability: { kind: 'majors', majors: [10] },
      source: { file: MLA_ATTENTION_FILE, line: 6 },
    },
    {
      ...legacy,
      id: 'FLASH_ATTN',
      blackwellDefault: false,
      computeCapability: { kind: 'any' },
      source: null,
    },
  ]);
  assert.deepEqual(parseMlaPrefillBackends(contextOf({})), []);
});

const PREFILL = 'vllm/v1/attention/backends/mla/prefill/';
const v12 = GENERATOR_VERSIONS[11];

function prefillTree(extra: Record<string, string> = {}): Record<string, string> {
  return {
    [`${PREFILL}registry.py`]: py(
      'class MLAPrefillBackendEnum(Enum):',
      '    FLASH_ATTN = "vllm.p.fa.FaPrefill"',
      '    QUICK = "vllm.p.quick.QuickPrefill"',
      '    GONE = "vllm.p.gone.Gone"',
      '    EMPTY = ""',
    ),
    'vllm/p/fa.py': py(
      'class FaPrefill:',
      '    @staticmethod',
      '    def get_name():',
      '        return "FLASH_ATTN"',
    ),
    'vllm/p/quick.py': py(
      'class QuickPrefill:',
      '    requires_r1_mla_dimensions = 1',
      '    supported_dtypes: list = [torch.bfloat16, "float32"]',
      '    def get_name():',
      '        if x:',
      '            return "early"',
      '        return "QUICK_NAME"',
      '    def supports_compute_capability(cls, capability):',
      '        return capability.major >= 9 and capability.major == 10',
    ),
    ...extra,
  };
}

test('MLA prefill from version 12: the registry in the Blackwell order, each class read', () => {
  const context = contextOf(
    prefillTree({
      [`${PREFILL}selector.py`]: py(
        'def _get_mla_prefill_backend_priorities(device_capability):',
        '    if device_capability.major == 10:',
        '        return [E.QUICK, E.GONE, E.FLASH_ATTN, E.QUICK]',
        '    return [E.FLASH_ATTN]',
      ),
    }),
    v12,
  );
  const backends = parseMlaPrefillBackends(context);
  // GONE's file does not exist: skipped. QUICK twice in the list: twice in the table, and both
  // marked (the reference compares names with the list's first). get_name's last constant return
  // in walk order is the nested one: breadth-first, the if's body comes after the function's.
  assert.deepEqual(
    backends.map((b) => [b.id, b.name, b.blackwellDefault]),
    [
      ['QUICK', 'early', true],
      ['FLASH_ATTN', 'FLASH_ATTN', false],
      ['QUICK', 'early', true],
    ],
  );
  const quick = backends[0];
  // Only attribute elements count for dtypes; the last `major` compare in walk order gives the capability.
  assert.deepEqual(quick.dtypes, ['bfloat16']);
  assert.deepEqual(quick.computeCapability, { kind: 'majors', majors: [10] });
  assert.deepEqual(quick.source, { file: 'vllm/p/quick.py', line: 9 });
  assert.equal(quick.requiresR1Dims, true, 'a truthy constant');
  assert.deepEqual(backends[1].dtypes, ['float16', 'bfloat16']);
  assert.deepEqual(backends[1].computeCapability, { kind: 'any' });
});

test('MLA prefill from version 12: without a selector, registry order and no mark; without a registry, nothing', () => {
  const backends = parseMlaPrefillBackends(contextOf(prefillTree(), v12));
  assert.deepEqual(
    backends.map((b) => [b.id, b.blackwellDefault]),
    [
      ['FLASH_ATTN', false],
      ['QUICK', false],
    ],
  );
  assert.deepEqual(parseMlaPrefillBackends(contextOf({}, v12)), []);
  // Version 11 reads mla_attention.py instead, which is absent here.
  assert.deepEqual(parseMlaPrefillBackends(contextOf(prefillTree(), GENERATOR_VERSIONS[10])), []);
});

test('MLA prefill from version 12: a class path that is not a string crashes, as in the reference', () => {
  const context = contextOf(
    { [`${PREFILL}registry.py`]: py('class MLAPrefillBackendEnum(Enum):', '    ODD = 42') },
    v12,
  );
  assert.throws(
    () => parseMlaPrefillBackends(context),
    (e: unknown) => e instanceof AnalysisError && e.diagnostic.code === 'class-path-not-string',
  );
});
