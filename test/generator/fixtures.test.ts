// Every fixture tree against the reference script's recorded output:
// the document byte for byte, the crash where it crashed, and the backend
// warnings it printed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/analyze.js';
import { AnalysisError } from '../../src/diagnostics.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { findUnencodable } from '../../src/render/encodable.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const treesDir = path.join(fixtures, 'trees');
const expectedDir = path.join(fixtures, 'expected');

const names = fs.existsSync(treesDir) ? fs.readdirSync(treesDir).sort() : [];

test('there are fixture trees with recorded expectations', () => {
  assert.ok(names.length >= 10, `only ${names.length} fixture trees`);
});

for (const name of names) {
  const docFile = path.join(expectedDir, `${name}.md`);
  const crashFile = path.join(expectedDir, `${name}.crash.txt`);
  const stderrFile = path.join(expectedDir, `${name}.stderr.txt`);
  if (!fs.existsSync(docFile) && !fs.existsSync(crashFile)) continue;

  test(`fixture ${name}`, () => {
    const root = path.join(treesDir, name);
    if (fs.existsSync(crashFile)) {
      if (fs.readFileSync(crashFile, 'utf8').startsWith('UnicodeEncodeError')) {
        // The reference crashes writing the document: ours must refuse to write it.
        assert.notEqual(findUnencodable(renderMarkdown(analyze(root))), null);
        return;
      }
      assert.throws(
        () => analyze(root),
        AnalysisError,
        'the reference crashes on this tree; we must stop with an error',
      );
      return;
    }
    const matrix = analyze(root);
    const expected = fs.readFileSync(docFile, 'utf8');
    assert.equal(renderMarkdown(matrix), expected);

    // The reference warns once per backend whose file it could not parse.
    const referenceWarned = fs.existsSync(stderrFile)
      ? [...fs.readFileSync(stderrFile, 'utf8').matchAll(/Could not parse <ROOT>\/(\S+?):/g)]
          .map((m) => m[1])
          .sort()
      : [];
    const ours = matrix.warnings
      .filter((w) => w.code === 'backend-file-unparsable')
      .map((w) => w.file ?? '')
      .sort();
    assert.deepEqual(ours, referenceWarned);
  });
}
