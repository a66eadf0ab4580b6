// parse_flash_attn_features and _parse_fa4_supported_caps: how FA2, FA3 and FA4 differ.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FA_INTERFACE_FILE, FA_UTILS_FILE, parseFlashAttnFeatures } from '../../src/extract/flash-attn.js';
import { GENERATOR_VERSIONS } from '../../src/versions/versions.js';
import { contextOf, py } from './helpers.js';

test('flash-attn: FA3 fp8 and sinks from version comparisons, FA3/FA4 capability from get_flash_attn_version', () => {
  const context = contextOf({
    [FA_UTILS_FILE]: py(
      'def flash_attn_supports_fp8():',
      '    return get_flash_attn_version() == 3 and x',
      'def flash_attn_supports_sinks():',
      '    return True',
      'def get_flash_attn_version():',
      '    if device_capability.major == 9 and fa3:',
      '        return 3',
      '    elif device_capability.major >= 10:',
      '        return 4',
    ),
  });
  const fa = parseFlashAttnFeatures(context);
  assert.ok(fa !== null);
  assert.deepEqual(fa.fa3, {
    computeCapability: { kind: 'majors', majors: [9] },
    supportsFp8: true,
    supportsSink: false,
    sources: {
      supportsFp8: { file: FA_UTILS_FILE, line: 2 },
      computeCapability: { file: FA_UTILS_FILE, line: 6 },
    },
  });
  assert.deepEqual(fa.fa4?.computeCapability, { kind: 'at-least', min: { major: 10, minor: 0 } });
});

test('flash-attn: FA4 capability from _is_fa4_supported read as a range, even of one major; no fa_utils, no split', () => {
  const context = contextOf({
    [FA_UTILS_FILE]: py('def get_flash_attn_version():', '    return 2'),
    [FA_INTERFACE_FILE]: py('def _is_fa4_supported():', '    if cc not in [11, 9]:', '        return False'),
  });
  const fa = parseFlashAttnFeatures(context);
  assert.deepEqual(fa?.fa4?.computeCapability, { kind: 'major-range', lowest: 9, highest: 11 });
  assert.deepEqual(fa?.fa4?.sources, { computeCapability: { file: FA_INTERFACE_FILE, line: 2 } });
  assert.equal(fa?.fa3.computeCapability, null);
  const single = contextOf({
    [FA_UTILS_FILE]: '',
    [FA_INTERFACE_FILE]: py('def _is_fa4_supported():', '    return cc not in [10]'),
  });
  assert.deepEqual(parseFlashAttnFeatures(single)?.fa4?.computeCapability, {
    kind: 'major-range',
    lowest: 10,
    highest: 10,
  });
  assert.equal(parseFlashAttnFeatures(contextOf({})), null);
});

const FA_UTILS_BOTH = py(
  'def flash_attn_supports_fp8():',
  '    return is_hopper()',
  'def flash_attn_supports_sinks():',
  '    fa_version = get_flash_attn_version()',
  '    return fa_version in (3, 4)',
  'def get_flash_attn_version():',
  '    if device_capability.major == 9:',
  '        return 3',
  '    elif device_capability.major >= 10:',
  '        return 4',
  '    return 2',
);

test('flash-attn by version: no FA4 before 4; FA4 sinks from 10; FA3 fp8 taken as given from 14', () => {
  const at = (n: number) =>
    parseFlashAttnFeatures(contextOf({ [FA_UTILS_FILE]: FA_UTILS_BOTH }, GENERATOR_VERSIONS[n - 1]));
  // Version 3 reads only the ternary form, and knows no FA4.
  assert.equal(at(3)?.fa4, null);
  assert.equal(at(3)?.fa3.computeCapability, null);
  assert.deepEqual(at(4)?.fa3.computeCapability, { kind: 'majors', majors: [9] });
  // `fa_version in (3, 4)`: before version 10 a sink check needs get_flash_attn_version() on the left.
  assert.deepEqual([at(9)?.fa3.supportsSink, at(9)?.fa4?.supportsSink], [false, false]);
  assert.deepEqual([at(10)?.fa3.supportsSink, at(10)?.fa4?.supportsSink], [true, true]);
  assert.deepEqual(at(10)?.fa4?.sources.supportsSink, { file: FA_UTILS_FILE, line: 5 });
  assert.deepEqual([at(13)?.fa3.supportsFp8, at(14)?.fa3.supportsFp8], [false, true]);
  assert.equal(at(14)?.fa3.sources.supportsFp8, undefined, 'taken as given: no source');
});

test('flash-attn version 10: `== 3` and `== 4` each name their version; other values and operators do not', () => {
  const context = contextOf(
    {
      [FA_UTILS_FILE]: py(
        'def flash_attn_supports_sinks():',
        '    return get_flash_attn_version() == 4.0 or fa_version != 3 or other == 3 or fa_version == "3"',
      ),
    },
    GENERATOR_VERSIONS[9],
  );
  const fa = parseFlashAttnFeatures(context);
  assert.equal(fa?.fa3.supportsSink, false);
  assert.equal(fa?.fa4?.supportsSink, true, '4.0 == 4 in Python');
});
