// Every fixture tree against the reference script's recorded output, for
// each generator version recorded (the seed's in expected/, others in
// expected/v<N>/): the document byte for byte, the crash where it crashed,
// and the backend warnings it printed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze as analyzeTree } from '../../src/analyze.js';
import type { FeatureMatrix } from '../../src/matrix.js';
import {
  GENERATOR_VERSIONS,
  RULE_NAMES,
  SEED_VERSION,
  type GeneratorVersion,
} from '../../src/versions/versions.js';
import { AnalysisError } from '../../src/diagnostics.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { findUnencodable } from '../../src/render/encodable.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
const treesDir = path.join(fixtures, 'trees');
const expectedDir = path.join(fixtures, 'expected');

const names = fs.existsSync(treesDir) ? fs.readdirSync(treesDir).sort() : [];

/** Each recorded generator version and the folder of its expectations. */
const recorded: { version: GeneratorVersion; dir: string }[] = [
  { version: SEED_VERSION, dir: expectedDir },
  ...GENERATOR_VERSIONS.filter((v) => fs.existsSync(path.join(expectedDir, `v${v.number}`))).map(
    (version) => ({
      version,
      dir: path.join(expectedDir, `v${version.number}`),
    }),
  ),
];

test('there are fixture trees with recorded expectations, for several generator versions', () => {
  assert.ok(names.length >= 10, `only ${names.length} fixture trees`);
  assert.ok(recorded.length >= 3, `only ${recorded.length} versions recorded`);
});

for (const { version, dir } of recorded) {
  for (const name of names) defineFixtureTest(name, version, dir);
}

function defineFixtureTest(name: string, version: GeneratorVersion, dir: string): void {
  const docFile = path.join(dir, `${name}.md`);
  const crashFile = path.join(dir, `${name}.crash.txt`);
  const stderrFile = path.join(dir, `${name}.stderr.txt`);
  if (!fs.existsSync(docFile) && !fs.existsSync(crashFile)) return;
  const analyze = (root: string): FeatureMatrix => analyzeTree(root, { generatorVersion: version });

  test(`fixture ${name} (generator version ${version.number})`, () => {
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

/** The recorded outcome of a tree under a version: its document or crash, or null when not recorded. */
function recordedOutcome(name: string, version: number): string | null {
  const dir = version === SEED_VERSION.number ? expectedDir : path.join(expectedDir, `v${version}`);
  for (const suffix of ['.md', '.crash.txt']) {
    const file = path.join(dir, name + suffix);
    if (fs.existsSync(file)) return suffix + fs.readFileSync(file, 'utf8');
  }
  return null;
}

test('every rule is pinned: some fixture is recorded on both sides of each change, with different outcomes', () => {
  for (const rule of RULE_NAMES) {
    const holders = GENERATOR_VERSIONS.filter((v) => v.rules.has(rule)).map((v) => v.number);
    const since = Math.min(...holders);
    const until = Math.max(...holders);
    const changes: [number, number][] = [[since - 1, since]];
    if (until < GENERATOR_VERSIONS.length) changes.push([until, until + 1]);
    for (const [before, after] of changes) {
      const pinned = names.some((name) => {
        const a = recordedOutcome(name, before);
        const b = recordedOutcome(name, after);
        return a !== null && b !== null && a !== b;
      });
      assert.ok(
        pinned,
        `${rule}: no fixture recorded under versions ${before} and ${after} tells them apart`,
      );
    }
  }
});
