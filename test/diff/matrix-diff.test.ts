// The matrix diff on in-memory trees: the demo tree, edited one known way at a
// time, gives exactly the change made (per section, backend, variant and
// field, values before and after), and its words read as the document's cells.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareLists } from '../../src/diff/lists.js';
import { diffMatrices, type MatrixChange, type MatrixDiff } from '../../src/diff/matrix-diff.js';
import { changeLines, lineText, renderDiffMarkdown, renderDiffText } from '../../src/render/diff-text.js';
import { renderDiffJson } from '../../src/render/diff-json.js';
import { versionByNumber, type GeneratorVersion } from '../../src/versions/versions.js';
import { BACKENDS, DEMO, edited, matrixOf } from './helpers.js';

const base = matrixOf(DEMO);

function diffWith(files: Record<string, string>, version?: GeneratorVersion): MatrixDiff {
  return diffMatrices(base, matrixOf(files, version));
}

/** The changes without the rows they carry (rows are large): where and what. */
function brief(diff: MatrixDiff): object[] {
  return diff.changes.map((c) => {
    const { section, backend, variant, field, kind } = c;
    return { section, backend, variant, field, kind };
  });
}

function textLines(diff: MatrixDiff): string[] {
  return changeLines(diff, 'text').map((l) => lineText(l, 'text'));
}

test('the same tree: no change', () => {
  const diff = diffMatrices(base, matrixOf(DEMO));
  assert.deepEqual(diff.changes, []);
  assert.equal(
    renderDiffText(diff, { from: 'A', to: 'B' }),
    'No change in the attention backend matrix from A to B.\n',
  );
});

test('a head size added to FLASHINFER: both its rows, one line for the backend', () => {
  const diff = diffWith(
    edited({ [`${BACKENDS}/flashinfer.py`]: [['[64, 128, 256]', '[64, 128, 256, 512]']] }),
  );
  assert.deepEqual(brief(diff), [
    { section: 'standard', backend: 'FLASHINFER', variant: 'Native', field: 'headSizes', kind: 'items' },
    { section: 'standard', backend: 'FLASHINFER', variant: 'TRTLLM', field: 'headSizes', kind: 'items' },
  ]);
  const change = diff.changes[0];
  assert.ok(change.kind === 'items');
  assert.deepEqual(change.added, [{ kind: 'size', value: 512 }]);
  assert.deepEqual(change.removed, []);
  assert.equal(change.reordered, false);
  assert.deepEqual(textLines(diff), ['FLASHINFER head sizes: + 512']);
});

test("FA3's sink support lost: the FA3* row and fa_utils.py's fact, in the cells' words", () => {
  const diff = diffWith(
    edited({
      [`${BACKENDS}/fa_utils.py`]: [['get_flash_attn_version() in (3, 4)', 'get_flash_attn_version() == 4']],
    }),
  );
  assert.deepEqual(brief(diff), [
    { section: 'standard', backend: 'FLASH_ATTN', variant: 'FA3', field: 'supportsSink', kind: 'changed' },
    {
      section: 'flash-attention',
      backend: 'FLASH_ATTN',
      variant: 'FA3',
      field: 'supportsSink',
      kind: 'changed',
    },
  ]);
  assert.deepEqual(
    diff.changes.map((c) => [c.before, c.after]),
    [
      [true, false],
      [true, false],
    ],
  );
  assert.deepEqual(textLines(diff), ['FLASH_ATTN FA3* sink: ✅ → ❌', 'FLASH_ATTN FA3 sink: ✅ → ❌']);
});

test('rows added and removed, in the document order, the new row with its cells', () => {
  const files = edited(
    {
      [`${BACKENDS}/registry.py`]: [
        ['    CPU_ATTN = "vllm.v1.attention.backends.cpu_attn.CPUAttentionBackend"\n', ''],
        [
          '    # Multi-head latent',
          '    ALPHA_ATTN = "vllm.v1.attention.backends.alpha.AlphaBackend"\n    # Multi-head latent',
        ],
      ],
    },
    {
      [`${BACKENDS}/alpha.py`]:
        'class AlphaBackend:\n    @classmethod\n    def get_supported_head_sizes(cls):\n        return [64]\n',
    },
  );
  const diff = diffWith(files);
  assert.deepEqual(brief(diff), [
    { section: 'standard', backend: 'ALPHA_ATTN', variant: null, field: null, kind: 'added' },
    { section: 'standard', backend: 'CPU_ATTN', variant: null, field: null, kind: 'removed' },
  ]);
  const [added, removed] = diff.changes;
  assert.equal(
    added.section === 'standard' && added.kind === 'added' && added.after.className,
    'AlphaBackend',
  );
  assert.equal(
    removed.section === 'standard' && removed.kind === 'removed' && removed.before.name,
    'CPU_ATTN',
  );
  assert.deepEqual(textLines(diff), [
    'ALPHA_ATTN new row (dtypes fp16, bf16; KV dtypes `auto`; block sizes Any; head sizes 64; sink ❌; ' +
      'non-causal ❌; MM prefix ❌; DCP ❌; attention types Decoder; compute cap. Any)',
    'CPU_ATTN row removed',
  ]);
});

test('priority lists: an entry added, one removed, the order of the rest', () => {
  const cuda = 'vllm/platforms/cuda.py';
  const diff = diffWith(
    edited({
      [cuda]: [
        [
          '                AttentionBackendEnum.FLASH_ATTN,\n                AttentionBackendEnum.FLASHINFER,\n                AttentionBackendEnum.TRITON_ATTN,',
          '                AttentionBackendEnum.FLASHINFER,\n                AttentionBackendEnum.FLASH_ATTN,\n                AttentionBackendEnum.CPU_ATTN,',
        ],
      ],
    }),
  );
  assert.deepEqual(brief(diff), [
    { section: 'priorities', backend: null, variant: null, field: 'standardDefault', kind: 'items' },
  ]);
  const change = diff.changes[0];
  assert.ok(change.kind === 'items');
  assert.deepEqual([change.added, change.removed, change.reordered], [['CPU_ATTN'], ['TRITON_ATTN'], true]);
  assert.deepEqual(textLines(diff), [
    'standard, Ampere/Hopper (SM 8.x-9.x): + CPU_ATTN at 3; - TRITON_ATTN (was 3); ' +
      're-ordered: FLASH_ATTN, FLASHINFER, TRITON_ATTN → FLASHINFER, FLASH_ATTN, CPU_ATTN',
  ]);
});

test('a capability whose cell reads the same is still a change, shown in full', () => {
  const diff = diffWith(
    edited({ [`${BACKENDS}/flashinfer.py`]: [['DeviceCapability(7, 5)', 'DeviceCapability(7, 0)']] }),
  );
  // The native row's capability derives from the class's; TRTLLM's comes from flashinfer.py.
  assert.deepEqual(brief(diff), [
    {
      section: 'standard',
      backend: 'FLASHINFER',
      variant: 'Native',
      field: 'computeCapability',
      kind: 'changed',
    },
  ]);
  assert.deepEqual(textLines(diff), [
    'FLASHINFER Native† compute cap.: from 7.5 to 12.1, up to 9.x → from 7.0 to 12.1, up to 9.x',
  ]);
});

test('a backend that becomes MLA moves to the MLA decode table', () => {
  const diff = diffWith(
    edited({
      [`${BACKENDS}/triton_attn.py`]: [
        [
          'class TritonAttentionBackend(AttentionBackend):',
          'class MLACommonBackend:\n    pass\n\n\nclass TritonAttentionBackend(MLACommonBackend):',
        ],
      ],
    }),
  );
  const moved = diff.changes.find((c) => c.field === 'isMla');
  assert.ok(moved !== undefined);
  assert.deepEqual(
    [moved.section, moved.backend, moved.before, moved.after],
    ['mla-decode', 'TRITON_ATTN', false, true],
  );
  assert.ok(textLines(diff).includes('TRITON_ATTN moved from the standard table to the MLA decode table'));
});

test('MLA prefill: a backend dropped from the registry, and the order of the rest', () => {
  const prefill = `${BACKENDS}/mla/prefill`;
  const diff = diffWith(
    edited({
      [`${prefill}/registry.py`]: [
        [
          '    FLASHINFER = "vllm.v1.attention.backends.mla.prefill.flashinfer.FlashInferPrefillBackend"\n',
          '',
        ],
      ],
      [`${prefill}/selector.py`]: [
        [
          '            MLAPrefillBackendEnum.FLASH_ATTN,\n            MLAPrefillBackendEnum.TRTLLM_RAGGED,',
          '            MLAPrefillBackendEnum.TRTLLM_RAGGED,\n            MLAPrefillBackendEnum.FLASH_ATTN,',
        ],
      ],
    }),
  );
  assert.deepEqual(brief(diff), [
    { section: 'mla-prefill', backend: null, variant: null, field: 'order', kind: 'items' },
    { section: 'mla-prefill', backend: 'FLASHINFER', variant: null, field: null, kind: 'removed' },
    // In the table's new order.
    {
      section: 'mla-prefill',
      backend: 'TRTLLM_RAGGED',
      variant: null,
      field: 'blackwellDefault',
      kind: 'changed',
    },
    {
      section: 'mla-prefill',
      backend: 'FLASH_ATTN',
      variant: null,
      field: 'blackwellDefault',
      kind: 'changed',
    },
  ]);
  assert.deepEqual(textLines(diff), [
    'order: FLASH_ATTN, TRTLLM_RAGGED, FLASHINFER → TRTLLM_RAGGED, FLASH_ATTN',
    'FLASHINFER row removed',
    'TRTLLM_RAGGED Blackwell default (‡): ❌ → ✅',
    'FLASH_ATTN Blackwell default (‡): ✅ → ❌',
  ]);
});

test('another generator version: the version, and a column it reads that the other did not', () => {
  const v12 = versionByNumber(12);
  const diff = diffMatrices(matrixOf(DEMO, v12), base);
  assert.equal(diff.changes[0].section, 'generator');
  assert.deepEqual(
    [diff.changes[0].before, diff.changes[0].after].map((g) => (g as { version: number }).version),
    [12, 15],
  );
  const nonCausal = diff.changes.filter((c) => c.field === 'supportsNonCausal');
  assert.ok(nonCausal.length > 3 && nonCausal.every((c) => c.before === null));
  // One line per table for a column the new version reads.
  const lines = textLines(diff).filter((l) => l.startsWith('non-causal'));
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^non-causal: now read: ✅ for TRITON_ATTN; ❌ for the \d+ other rows$/);
});

test('from nothing: every row added and the version chosen', () => {
  const diff = diffMatrices(null, base);
  assert.equal(diff.changes[0].section, 'generator');
  assert.equal(diff.changes[0].before, null);
  const added = diff.changes.filter(
    (c) => c.kind === 'added' && (c.section === 'standard' || c.section === 'mla-decode'),
  );
  assert.equal(added.length, base.backends.length);
});

test('markdown: a summary line, a table for rows, a list for the rest; JSON: the typed changes', () => {
  const diff = diffWith(
    edited({
      [`${BACKENDS}/flashinfer.py`]: [['[64, 128, 256]', '[64, 128, 256, 512]']],
      'vllm/platforms/cuda.py': [
        ['                AttentionBackendEnum.FLASHMLA_SPARSE,\n            ]', '            ]'],
      ],
    }),
  );
  assert.equal(
    renderDiffMarkdown(diff, { from: 'main', to: 'HEAD' }),
    [
      '**Attention backend matrix: 2 changes** (`main` → `HEAD`): 1 in backend priority, 1 in standard attention',
      '',
      '#### Backend priority (CUDA)',
      '',
      '- MLA, Ampere/Hopper (SM 8.x-9.x): - `FLASHMLA_SPARSE` (was 3)',
      '',
      '#### Standard attention',
      '',
      '| Backend | Version | Change |',
      '| --- | --- | --- |',
      '| `FLASHINFER` |  | head sizes: + 512 |',
      '',
    ].join('\n'),
  );
  const side = (spec: string) => ({ spec, kind: 'revision' as const, commit: null, path: null });
  const json = JSON.parse(renderDiffJson(diff, { from: side('main'), to: side('HEAD') })) as {
    schemaVersion: number;
    changed: boolean;
    changes: (MatrixChange & { message: string })[];
  };
  assert.equal(json.schemaVersion, 1);
  assert.equal(json.changed, true);
  assert.deepEqual(
    json.changes.map((c) => [c.section, c.backend, c.variant, c.field, c.kind, c.message]),
    [
      [
        'priorities',
        null,
        null,
        'mlaDefault',
        'items',
        'MLA, Ampere/Hopper (SM 8.x-9.x): - FLASHMLA_SPARSE (was 3)',
      ],
      ['standard', 'FLASHINFER', 'Native', 'headSizes', 'items', 'FLASHINFER Native† head sizes: + 512'],
      ['standard', 'FLASHINFER', 'TRTLLM', 'headSizes', 'items', 'FLASHINFER TRTLLM† head sizes: + 512'],
    ],
  );
});

test('lists compared as multisets, then by the order of what both hold', () => {
  assert.equal(compareLists([1, 2], [1, 2]), null);
  assert.deepEqual(compareLists([1, 2, 2], [2, 1]), { added: [], removed: [2], reordered: true });
  assert.deepEqual(compareLists(['a', 'b'], ['a', 'c', 'b']), {
    added: ['c'],
    removed: [],
    reordered: false,
  });
  // Values, not identity; key order does not matter.
  assert.equal(compareLists([{ kind: 'size', value: 8 }], [{ value: 8, kind: 'size' }]), null);
  // 8 and "8" are different facts (an int and a str in the source).
  assert.deepEqual(compareLists<number | string>([8], ['8']), {
    added: ['8'],
    removed: [8],
    reordered: false,
  });
});
