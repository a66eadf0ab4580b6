// The page's state in the URL hash: any state survives encoding and decoding,
// defaults leave the hash empty, and what cannot be read is named, not used.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ATTN_TYPES, DEFAULT_INPUTS, KERNELS } from '../../src/page/engine.js';
import { decodeState, DEFAULT_STATE, encodeState, type PageState } from '../../src/page/hash-state.js';

const text = fc.string({ minLength: 0, maxLength: 12 });
const size = fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null });

const state: fc.Arbitrary<PageState> = fc.record({
  filter: fc.record({
    gpu: text,
    dtype: text,
    kvCacheDtype: text,
    headSize: text,
    blockSize: text,
    attnType: text,
    sink: fc.boolean(),
    nonCausal: fc.boolean(),
    mmPrefix: fc.boolean(),
    dcp: fc.boolean(),
    sparse: fc.boolean(),
  }),
  explain: fc.record({
    gpu: fc.string({ minLength: 1, maxLength: 12 }),
    headSize: fc.integer({ min: 1, max: 100_000 }),
    dtype: fc.string({ minLength: 1, maxLength: 12 }),
    kvCacheDtype: fc.string({ minLength: 1, maxLength: 12 }),
    blockSize: size,
    numHeads: size,
    useMla: fc.boolean(),
    useSparse: fc.boolean(),
    hasSink: fc.boolean(),
    useMmPrefix: fc.boolean(),
    usePerHeadQuantScales: fc.boolean(),
    nonCausal: fc.boolean(),
    attnType: fc.constantFrom(...ATTN_TYPES),
    attentionBackend: fc.option(fc.stringMatching(/^[A-Z_]{1,12}$/), { nil: null }),
    kernels: fc.subarray([...KERNELS]),
  }),
  sort: fc.dictionary(
    fc.constantFrom('standard', 'prefill', 'decode'),
    fc.record({
      column: fc.constantFrom('name', 'headSizes', 'computeCapability'),
      direction: fc.constantFrom('ascending' as const, 'descending' as const),
    }),
  ),
});

test('every state comes back from its hash', () => {
  fc.assert(
    fc.property(state, (s) => {
      const back = decodeState(`#${encodeState(s)}`);
      assert.deepEqual(back.ignored, []);
      // fast-check's records have no prototype: compare as data.
      assert.deepEqual(back.state, JSON.parse(JSON.stringify(s)));
    }),
  );
});

test('the default state is the empty hash; one change is one key', () => {
  assert.equal(encodeState(DEFAULT_STATE), '');
  assert.deepEqual(decodeState('').state, DEFAULT_STATE);
  assert.equal(encodeState({ ...DEFAULT_STATE, explain: { ...DEFAULT_INPUTS, gpu: 'B200' } }), 'x.gpu=B200');
  assert.equal(
    encodeState({ ...DEFAULT_STATE, explain: { ...DEFAULT_INPUTS, kernels: [] } }),
    'x.kernels=none',
  );
});

test('values that cannot be read keep their defaults and are named', () => {
  const { state: s, ignored } = decodeState(
    '#x.head=twelve&x.kernels=fa9&x.attn=sideways&sink=yes&sort.standard=name&nonsense=1&x.gpu=T4',
  );
  assert.deepEqual(ignored, ['x.head', 'x.kernels', 'x.attn', 'sink', 'sort.standard', 'nonsense']);
  assert.deepEqual(s, { ...DEFAULT_STATE, explain: { ...DEFAULT_INPUTS, gpu: 'T4' } });
});
