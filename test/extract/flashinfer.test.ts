// parse_flashinfer_trtllm_features: FlashInfer's TRTLLM pathway.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLASHINFER_UTILS_FILE, parseFlashInferFeatures } from '../../src/extract/flashinfer.js';
import { GENERATOR_VERSIONS } from '../../src/versions/versions.js';
import { contextOf, py } from './helpers.js';

test('flashinfer: the TRTLLM family from supports_trtllm_attention; none found, no split', () => {
  const found = parseFlashInferFeatures(
    contextOf({
      [FLASHINFER_UTILS_FILE]: py(
        'def supports_trtllm_attention():',
        '    return current_platform.is_device_capability_family(100)',
      ),
    }),
  );
  assert.deepEqual(found, {
    native: { supportsSink: false },
    trtllm: {
      computeCapability: { kind: 'majors', majors: [10] },
      supportsSink: true,
      source: { file: FLASHINFER_UTILS_FILE, line: 2 },
    },
  });
  const unparsable = contextOf({ [FLASHINFER_UTILS_FILE]: 'def (' });
  assert.equal(parseFlashInferFeatures(unparsable), null);
  assert.deepEqual(
    unparsable.warnings.map((w) => w.code),
    ['section-file-unparsable'],
  );
});

test('flashinfer by version: version 1 keeps the last function with a match, version 9 reads is_device_capability', () => {
  const files = {
    [FLASHINFER_UTILS_FILE]: py(
      'def supports_trtllm_attention():',
      '    return current_platform.is_device_capability(103) or current_platform.is_device_capability_family(100)',
      'class Later:',
      '    def supports_trtllm_attention(self):',
      '        return current_platform.is_device_capability_family(120)',
    ),
  };
  const at = (n: number) =>
    parseFlashInferFeatures(contextOf(files, GENERATOR_VERSIONS[n - 1]))?.trtllm.computeCapability;
  assert.deepEqual(at(1), { kind: 'majors', majors: [12] });
  assert.deepEqual(at(2), { kind: 'majors', majors: [10] });
  assert.deepEqual(at(9), { kind: 'exactly', capability: { major: 10, minor: 3 } });
  assert.deepEqual(at(10), { kind: 'majors', majors: [10] });
});
