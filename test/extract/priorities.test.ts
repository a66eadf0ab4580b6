// parse_cuda_priority_lists: the CUDA priority lists.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CUDA_PLATFORM_FILE, parseCudaPriorityLists } from '../../src/extract/priorities.js';
import { GENERATOR_VERSIONS } from '../../src/versions/versions.js';
import { contextOf, py } from './helpers.js';

test('priorities: standard and MLA lists, SM100 branch by `major == 10`, absent lists null', () => {
  const context = contextOf({
    [CUDA_PLATFORM_FILE]: py(
      'def _get_backend_priorities(use_mla, device_capability):',
      '    if use_mla:',
      '        if device_capability.major == 10:',
      '            return [E.FLASHINFER_MLA, E.CUTLASS_MLA]',
      '        else:',
      '            return [E.FLASH_ATTN_MLA]',
      '    else:',
      '        return [E.FLASH_ATTN, E.TRITON_ATTN]',
    ),
  });
  assert.deepEqual(parseCudaPriorityLists(context), {
    standardSm100: null,
    standardDefault: ['FLASH_ATTN', 'TRITON_ATTN'],
    mlaSm100: ['FLASHINFER_MLA', 'CUTLASS_MLA'],
    mlaDefault: ['FLASH_ATTN_MLA'],
  });
});

test('priorities by version: `*name` from list assignments in the same block, from version 3', () => {
  const files = {
    [CUDA_PLATFORM_FILE]: py(
      'def _get_backend_priorities(use_mla, device_capability):',
      '    if use_mla:',
      '        if device_capability.major == 10:',
      '            if fp8:',
      '                sparse = [E.A, E.B]',
      '            else:',
      '                sparse = [E.B, E.A]',
      '            return [E.MLA, *sparse, *unknown]',
      '    return [E.STD]',
    ),
  };
  assert.deepEqual(parseCudaPriorityLists(contextOf(files, GENERATOR_VERSIONS[1])).mlaSm100, ['MLA']);
  // The else branch is written last, so it wins; an unknown name adds nothing.
  assert.deepEqual(parseCudaPriorityLists(contextOf(files, GENERATOR_VERSIONS[2])).mlaSm100, [
    'MLA',
    'B',
    'A',
  ]);
});
