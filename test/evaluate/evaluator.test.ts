import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CASES } from './cases.js';
import { hasPython, runModule, runUnderPython } from './helpers.js';

for (const c of CASES) {
  test(`evaluates: ${c.name}`, () => {
    assert.deepEqual(runModule(c.files), { repr: c.expected });
  });
}

test('the expected values are what CPython gives', (t) => {
  if (!hasPython()) {
    t.skip('python3 (>= 3.11) is not installed');
    return;
  }
  const actual = runUnderPython(CASES.map((c) => c.files));
  assert.deepEqual(
    actual,
    CASES.map((c) => c.expected),
  );
});
