// The always-on slice of scripts/mutation-test.ts: a few random edits to the
// demo tree's backend files (new seeds each run; the seed is in the test name
// for replay with `npm run mutation -- --seed S --count 1`). Our CLI must never
// crash (exit 0 or 2, no stack trace, one line on 2, a whole document on 0), and
// a run must not depend on anything but the tree (a second run gives the same
// bytes). The comparison with the reference is the script's job
// (`npm run mutation -- --reference PATH`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { crashReason, makeRandom, mutateTree, runOurs } from '../../scripts/mutation-test.js';
import { bundledCli, makeTempDir } from './helpers.js';

const COUNT = Number(process.env.MUTATION_COUNT ?? 6);
const BASE_SEED =
  process.env.MUTATION_SEED === undefined
    ? Math.floor(Math.random() * 1_000_000)
    : Number(process.env.MUTATION_SEED);

test('mutations are reproducible from their seed', () => {
  const a = makeTempDir('mut-a');
  const b = makeTempDir('mut-b');
  const first = mutateTree(a, 42);
  const second = mutateTree(b, 42);
  assert.deepEqual(first, second);
  assert.ok(first.edits.length >= 1);
  for (const edit of first.edits) {
    const file = edit.slice(0, edit.indexOf(':'));
    assert.equal(fs.readFileSync(path.join(a, file), 'utf8'), fs.readFileSync(path.join(b, file), 'utf8'));
  }
  const random = makeRandom(7);
  const values = Array.from({ length: 5 }, random);
  assert.ok(values.every((v) => v >= 0 && v < 1) && new Set(values).size === 5);
});

for (let i = 0; i < COUNT; i++) {
  const seed = BASE_SEED + i;
  test(`mutated demo tree (seed ${seed}): no crash, exit 0 or 2, whole output, same bytes twice`, async () => {
    const cli = await bundledCli();
    const root = makeTempDir('mut');
    const mutation = mutateTree(root, seed);
    const first = runOurs(cli, root);
    assert.equal(crashReason(first), null, `${mutation.edits.join('; ')}\n${first.stderr}`);
    const second = runOurs(cli, root);
    assert.equal(second.code, first.code);
    assert.equal(second.document, first.document);
    assert.equal(second.stderr, first.stderr);
    assert.deepEqual(
      fs.readdirSync(root).sort(),
      first.code === 0 ? ['out.md', 'vllm'] : ['vllm'],
      'nothing but the document is written (no temporary files)',
    );
  });
}
