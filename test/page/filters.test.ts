// Which rows a filter admits: decided on the typed facts, 'unknown' where a
// fact holds something other than a number.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ComputeCapability, SizeEntry, SizeSet } from '../../src/facts.js';
import {
  capabilityAdmits,
  NO_FILTER,
  rowVerdict,
  sizesAdmit,
  type RowFacts,
} from '../../src/page/filters.js';

const gpu = (major: number, minor: number) => ({ major, minor });
const pair = (major: number | string, minor: number | string) => ({ major, minor });

test('compute capability: every kind of fact', () => {
  const cases: [ComputeCapability, [number, number], string][] = [
    [{ kind: 'any' }, [7, 0], 'yes'],
    [{ kind: 'not-applicable' }, [9, 0], 'no'],
    [{ kind: 'majors', majors: [9, 10] }, [10, 3], 'yes'],
    [{ kind: 'majors', majors: [9, 10] }, [8, 9], 'no'],
    [{ kind: 'majors', majors: [9, 'X'] }, [8, 9], 'unknown'],
    [{ kind: 'majors', majors: [9, 'X'] }, [9, 0], 'yes'],
    [{ kind: 'major-range', lowest: 9, highest: 11 }, [11, 0], 'yes'],
    [{ kind: 'major-range', lowest: 9, highest: 11 }, [12, 0], 'no'],
    [{ kind: 'between', min: pair(7, 5), max: pair(12, 1) }, [7, 5], 'yes'],
    [{ kind: 'between', min: pair(7, 5), max: pair(12, 1) }, [7, 0], 'no'],
    [{ kind: 'between', min: pair(7, 5), max: pair(12, 1) }, [12, 1], 'yes'],
    [{ kind: 'between', min: pair(7, 5), max: pair(12, 1) }, [12, 2], 'no'],
    [{ kind: 'between', min: pair(7, 5), max: pair('N', 1) }, [8, 0], 'unknown'],
    [{ kind: 'between', min: pair(7, 5), max: pair('N', 1) }, [7, 0], 'no'],
    [{ kind: 'at-least', min: pair(8, 0) }, [8, 0], 'yes'],
    [{ kind: 'at-least', min: pair(8, 0) }, [7, 5], 'no'],
    [{ kind: 'exactly', capability: pair(10, 0) }, [10, 0], 'yes'],
    [{ kind: 'exactly', capability: pair(10, 0) }, [10, 3], 'no'],
    [{ kind: 'up-to-hopper', from: { kind: 'between', min: pair(7, 5), max: pair(12, 1) } }, [9, 0], 'yes'],
    [{ kind: 'up-to-hopper', from: { kind: 'between', min: pair(7, 5), max: pair(12, 1) } }, [10, 0], 'no'],
    [{ kind: 'up-to-hopper', from: { kind: 'between', min: pair(7, 5), max: pair(12, 1) } }, [7, 0], 'no'],
  ];
  for (const [cc, [major, minor], expected] of cases)
    assert.equal(
      capabilityAdmits(cc, gpu(major, minor)),
      expected,
      `${JSON.stringify(cc)} on ${major}.${minor}`,
    );
});

test('sizes: listed, multiples of, any, and entries that are not numbers', () => {
  const listed = (...entries: SizeEntry[]): SizeSet => ({ kind: 'listed', entries });
  assert.equal(sizesAdmit({ kind: 'any' }, 7), 'yes');
  assert.equal(sizesAdmit(listed({ kind: 'size', value: 64 }, { kind: 'size', value: 128 }), 128), 'yes');
  assert.equal(sizesAdmit(listed({ kind: 'size', value: 64 }), 32), 'no');
  assert.equal(sizesAdmit(listed({ kind: 'multiple-of', value: 16 }), 48), 'yes');
  assert.equal(sizesAdmit(listed({ kind: 'multiple-of', value: 16 }), 40), 'no');
  assert.equal(sizesAdmit(listed({ kind: 'size', value: 'Any' }), 40), 'unknown');
  assert.equal(sizesAdmit(listed({ kind: 'size', value: 'Any' }, { kind: 'size', value: 40 }), 40), 'yes');
});

const ROW: RowFacts = {
  computeCapability: { kind: 'at-least', min: pair(8, 0) },
  dtypes: ['float16', 'bfloat16'],
  kvCacheDtypes: ['auto', 'fp8'],
  blockSizes: { kind: 'listed', entries: [{ kind: 'multiple-of', value: 16 }] },
  headSizes: {
    kind: 'listed',
    entries: [
      { kind: 'size', value: 64 },
      { kind: 'size', value: 'HEAD' },
    ],
  },
  supportsSink: true,
  supportsNonCausal: false,
  supportsMmPrefix: true,
  supportsDcp: null,
  isSparse: false,
  attentionTypes: ['DECODER'],
};

test('a row: any missing property hides it, an undecidable one marks it, facts the row lacks do not count', () => {
  assert.equal(rowVerdict(ROW, NO_FILTER), 'yes');
  assert.equal(
    rowVerdict(ROW, { ...NO_FILTER, gpu: gpu(9, 0), dtype: 'bfloat16', kvCacheDtype: 'fp8', sink: true }),
    'yes',
  );
  assert.equal(rowVerdict(ROW, { ...NO_FILTER, gpu: gpu(7, 5) }), 'no');
  assert.equal(rowVerdict(ROW, { ...NO_FILTER, dtype: 'float32' }), 'no');
  assert.equal(rowVerdict(ROW, { ...NO_FILTER, kvCacheDtype: 'nvfp4' }), 'no');
  assert.equal(rowVerdict(ROW, { ...NO_FILTER, blockSize: 24 }), 'no');
  assert.equal(rowVerdict(ROW, { ...NO_FILTER, nonCausal: true }), 'no');
  assert.equal(rowVerdict(ROW, { ...NO_FILTER, sparse: true }), 'no');
  assert.equal(rowVerdict(ROW, { ...NO_FILTER, attnType: 'ENCODER' }), 'no');
  // Head size 96: not 64, and "HEAD" cannot be compared: unknown, unless another filter says no.
  assert.equal(rowVerdict(ROW, { ...NO_FILTER, headSize: 96 }), 'unknown');
  assert.equal(rowVerdict(ROW, { ...NO_FILTER, headSize: 96, dtype: 'float32' }), 'no');
  // DCP not read by the version followed: no column, no constraint.
  assert.equal(rowVerdict(ROW, { ...NO_FILTER, dcp: true }), 'yes');
  const prefill: RowFacts = {
    ...ROW,
    headSizes: null,
    blockSizes: null,
    kvCacheDtypes: null,
    supportsSink: null,
  };
  assert.equal(
    rowVerdict(prefill, { ...NO_FILTER, headSize: 7, blockSize: 3, kvCacheDtype: 'x', sink: true }),
    'yes',
  );
});
