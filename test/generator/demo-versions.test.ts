// The demo tree under every generator version: byte for byte what that
// version of the reference wrote for it (test/fixtures/expected/demo/vN.md,
// recorded by running each version's script on a copy of the tree), and every
// version writes something different from the one before, so each rule shows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/analyze.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { GENERATOR_VERSIONS, LATEST_VERSION } from '../../src/versions/versions.js';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demoTree = path.join(projectDir, 'examples/demo-vllm');
const expectedDir = path.join(projectDir, 'test/fixtures/expected/demo');

const expected = (n: number): string => fs.readFileSync(path.join(expectedDir, `v${n}.md`), 'utf8');

for (const version of GENERATOR_VERSIONS) {
  test(`the demo tree under generator version ${version.number}`, () => {
    assert.equal(renderMarkdown(analyze(demoTree, { generatorVersion: version })), expected(version.number));
  });
}

test('every version writes a different demo document from the one before', () => {
  for (const version of GENERATOR_VERSIONS.slice(1)) {
    assert.notEqual(
      expected(version.number),
      expected(version.number - 1),
      `versions ${version.number - 1} and ${version.number}`,
    );
  }
});

test('without a script the demo tree follows the newest version, whose document is the committed one', () => {
  const matrix = analyze(demoTree);
  assert.equal(matrix.generator.version, LATEST_VERSION.number);
  assert.deepEqual(matrix.generator.source, { kind: 'no-script' });
  assert.equal(
    fs.readFileSync(path.join(demoTree, 'docs/design/attention_backends.md'), 'utf8'),
    expected(LATEST_VERSION.number),
  );
});
