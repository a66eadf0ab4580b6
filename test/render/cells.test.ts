// Cell text from facts: what the reference's str(), joins and display names give.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attentionTypesCell,
  capabilityCell,
  dtypesCell,
  kvCacheDtypesCell,
  sizesCell,
  variantCell,
} from '../../src/render/cells.js';
import type { ComputeCapability } from '../../src/facts.js';
import { GENERATOR_VERSIONS, SEED_VERSION } from '../../src/versions/versions.js';

test('compute capability cells, one per kind', () => {
  const cases: [ComputeCapability, string][] = [
    [{ kind: 'any' }, 'Any'],
    [{ kind: 'not-applicable' }, 'N/A'],
    [{ kind: 'majors', majors: [9] }, '9.x'],
    // The document shows the first and the last: 11 is missing from the text, not from the fact.
    [{ kind: 'majors', majors: [9, 10, 12] }, '9.x-12.x'],
    [{ kind: 'major-range', lowest: 10, highest: 10 }, '10.x-10.x'],
    [{ kind: 'between', min: { major: 7, minor: 5 }, max: { major: 12, minor: 1 } }, '7.x-12.x'],
    [{ kind: 'at-least', min: { major: 8, minor: 0 } }, '≥8.0'],
    [{ kind: 'exactly', capability: { major: 10, minor: 0 } }, '10.0'],
    [{ kind: 'majors', majors: ['9.5'] }, '9.5.x'],
  ];
  for (const [cc, text] of cases) assert.equal(capabilityCell(cc), text, JSON.stringify(cc));
});

test("FlashInfer native: the lower end taken from the base cell's text, as the reference does", () => {
  const from = (base: ComputeCapability): string => capabilityCell({ kind: 'up-to-hopper', from: base });
  assert.equal(
    from({ kind: 'between', min: { major: 7, minor: 5 }, max: { major: 12, minor: 1 } }),
    '7.x-9.x',
  );
  assert.equal(from({ kind: 'majors', majors: [8, 10] }), '8.x-9.x');
  // Cells no GPU name would give, but the reference's string surgery does.
  assert.equal(from({ kind: 'at-least', min: { major: 8, minor: 0 } }), '≥8.0.x-9.x');
  assert.equal(from({ kind: 'any' }), 'Any.x-9.x');
  assert.equal(from({ kind: 'majors', majors: ['1e-05'] }), '1e.x-9.x');
});

test('lists: dtype display names, KV dtypes quoted piece by piece, sizes with %N, "Any" for no list', () => {
  assert.equal(dtypesCell(['float16', 'bfloat16', 'float32', 'int8']), 'fp16, bf16, fp32, int8');
  assert.equal(dtypesCell([]), '');
  assert.equal(kvCacheDtypesCell(['auto', 'fp8, e4m3', ' x ']), '`auto`, `fp8`, `e4m3`, `x`');
  assert.equal(
    sizesCell({
      kind: 'listed',
      entries: [
        { kind: 'multiple-of', value: 16 },
        { kind: 'size', value: 32 },
      ],
    }),
    '%16, 32',
  );
  assert.equal(sizesCell({ kind: 'any' }), 'Any');
  assert.equal(sizesCell({ kind: 'listed', entries: [{ kind: 'size', value: 'Any' }] }), 'Any');
});

test('attention types: sorted display names, "All" only when all four are there (three or more before version 8)', () => {
  const v7 = GENERATOR_VERSIONS[6].rules;
  assert.equal(attentionTypesCell(['ENCODER_DECODER', 'ENCODER', 'DECODER'], v7), 'All');
  assert.equal(attentionTypesCell(['ENCODER', 'DECODER'], v7), 'Decoder, Encoder');
  assert.equal(attentionTypesCell(['ENCODER_ONLY', 'DECODER'], SEED_VERSION.rules), 'Decoder, Encoder Only');
  assert.equal(
    attentionTypesCell(['ENCODER_DECODER', 'ENCODER', 'DECODER'], SEED_VERSION.rules),
    'Decoder, Enc-Dec, Encoder',
  );
  assert.equal(
    attentionTypesCell(['ENCODER_DECODER', 'ENCODER', 'DECODER', 'ENCODER_ONLY'], SEED_VERSION.rules),
    'All',
  );
});

test('variant cells carry their footnote marks', () => {
  assert.deepEqual(
    [null, 'FA2', 'FA3', 'FA4', 'Native', 'TRTLLM'].map((v) => variantCell(v as never)),
    ['', 'FA2*', 'FA3*', 'FA4*', 'Native†', 'TRTLLM†'],
  );
});
