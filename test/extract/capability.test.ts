// parse_compute_capability and _find_cc_in_function: requirements as bounds and majors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCapabilityInFunction, parseComputeCapability } from '../../src/extract/capability.js';
import { PyTypeError, PyValueError } from '../../src/python/values.js';
import { SEED_VERSION } from '../../src/versions/versions.js';
import { classOf, contextOf, moduleOf, py } from './helpers.js';

const method = (body: string): ReturnType<typeof classOf> =>
  classOf(
    py(
      'class B:',
      '    @classmethod',
      '    def supports_compute_capability(cls, capability):',
      `        ${body}`,
    ),
    'B',
  );

test('majors from `major == N` and `major in [...]`, sorted, all kept', () => {
  assert.deepEqual(parseComputeCapability(method('return capability.major in [12, 9, 10]')), {
    capability: { kind: 'majors', majors: [9, 10, 12] },
    line: 3,
  });
  assert.deepEqual(
    parseComputeCapability(method('return capability.major == 10 or capability.major == 9')).capability,
    { kind: 'majors', majors: [9, 10] },
  );
});

test('DeviceCapability bounds: between, at least (minor defaults to 0); majors win over bounds', () => {
  assert.deepEqual(
    parseComputeCapability(
      method('return DeviceCapability(7, 5) <= capability and capability <= DeviceCapability(12, 1)'),
    ).capability,
    // `a <= capability` puts the DeviceCapability on the left: only `capability <= X` reads as a bound.
    { kind: 'any' },
  );
  assert.deepEqual(
    parseComputeCapability(
      method('return capability >= DeviceCapability(7, 5) and capability <= DeviceCapability(12, 1)'),
    ).capability,
    { kind: 'between', min: { major: 7, minor: 5 }, max: { major: 12, minor: 1 } },
  );
  assert.deepEqual(parseComputeCapability(method('return capability >= DeviceCapability(8)')).capability, {
    kind: 'at-least',
    min: { major: 8, minor: 0 },
  });
  assert.deepEqual(
    parseComputeCapability(method('return capability >= DeviceCapability(8) and capability.major == 9'))
      .capability,
    { kind: 'majors', majors: [9] },
  );
});

test('no method, or nothing recognised: any, with no source line', () => {
  assert.deepEqual(parseComputeCapability(classOf(py('class B:', '    pass'), 'B')), {
    capability: { kind: 'any' },
    line: null,
  });
  assert.deepEqual(parseComputeCapability(method('return True')), {
    capability: { kind: 'any' },
    line: null,
  });
});

test('Python raises where the reference formats or sorts: TypeError, ValueError past 4300 digits', () => {
  assert.throws(
    () => parseComputeCapability(method('return capability.major == 9 or capability.major == "9"')),
    PyTypeError,
  );
  // A decimal literal that long is a SyntaxError; in hex it parses, and str() of it raises.
  const huge = `0x${'f'.repeat(4000)}`;
  assert.throws(() => parseComputeCapability(method(`return capability.major == ${huge}`)), PyValueError);
  // Only the first and the last are formatted: a huge major in the middle is kept, as text.
  const kept = parseComputeCapability(
    method(`return capability.major == 9 or capability.major == ${huge} or capability.major == 1e999`),
  );
  assert.deepEqual(kept.capability, { kind: 'majors', majors: [9, BigInt(huge).toString(), 'inf'] });
});

test('_find_cc_in_function: is_device_capability_family(N) in the first function of that name that has one', () => {
  const context = contextOf({
    'f.py': py(
      'def supports_trtllm_attention():',
      '    return False',
      'class X:',
      '    def supports_trtllm_attention(self):',
      '        return current_platform.is_device_capability_family(100)',
    ),
  });
  assert.deepEqual(
    findCapabilityInFunction(moduleOf(context, 'f.py'), 'supports_trtllm_attention', SEED_VERSION.rules),
    {
      capability: { kind: 'majors', majors: [10] },
      line: 5,
    },
  );
  assert.equal(findCapabilityInFunction(moduleOf(context, 'f.py'), 'missing', SEED_VERSION.rules), null);
});
