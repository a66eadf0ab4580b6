// parse_registry: AttentionBackendEnum's members.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRegistry, REGISTRY_FILE } from '../../src/extract/registry.js';
import { contextOf, moduleOf, py } from './helpers.js';

test('registry: truthy constants in body order; a later assignment keeps the first position', () => {
  const context = contextOf({
    [REGISTRY_FILE]: py(
      'class AttentionBackendEnum(Enum):',
      '    A = "x.A"',
      '    B = ""',
      '    C = "x.C"',
      '    A = "y.A"',
    ),
  });
  assert.deepEqual(
    parseRegistry(moduleOf(context, REGISTRY_FILE)).map((e) => [e.name, e.value, e.line]),
    [
      ['A', 'y.A', 5],
      ['C', 'x.C', 4],
    ],
  );
});
