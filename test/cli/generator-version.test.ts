// The CLI and generator versions: --generator-version, the versions command,
// and the note when the tree's own script does not say which version to follow.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, type CliIo } from '../../src/cli.js';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demoTree = path.join(projectDir, 'examples/demo-vllm');
const expectedDemo = (n: number): string =>
  fs.readFileSync(path.join(projectDir, `test/fixtures/expected/demo/v${n}.md`), 'utf8');

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: CliIo = { cwd: projectDir, stdout: (t) => (out += t), stderr: (t) => (err += t) };
  return { code: runCli(argv, io), out, err };
}

test('--generator-version writes what that version writes, by number, commit, date or latest', () => {
  for (const [spec, n] of [
    ['1', 1],
    ['43cc5138e5', 8],
    ['2026-04-21', 8],
    ['latest', 15],
  ] as const) {
    const r = run(['--root', demoTree, '--no-cache', '--generator-version', spec, '-o', '-']);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, expectedDemo(n), `--generator-version ${spec}`);
    // Asked for explicitly: no note about the missing script.
    assert.doesNotMatch(r.err, /note:/);
  }
});

test('an unknown generator version is a usage error pointing to the list', () => {
  const r = run(['--root', demoTree, '--generator-version', '99', '-o', '-']);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(
    r.err,
    /^vllm-attention-docs: error: unknown generator version '99' \('vllm-attention-docs versions' lists them\)\n$/,
  );
});

test('without a script in the tree, one note on stderr says which version was followed', () => {
  const r = run(['--root', demoTree, '--no-cache', '-o', '-']);
  assert.equal(r.code, 0);
  assert.equal(r.out, expectedDemo(15));
  assert.equal(r.err.match(/note:/g)?.length, 1);
  assert.match(
    r.err,
    /no tools\/pre_commit\/generate_attention_backend_docs\.py: writing what the newest generator version \(15, 158289e0fc, 2026-05-27\) writes/,
  );
});

test('the versions command lists the fifteen versions and what each changed', () => {
  const r = run(['versions']);
  assert.equal(r.code, 0);
  const rows = r.out.split('\n').filter((line) => /^\s*\d+ {2}[0-9a-f]{10} {2}\d{4}-/.test(line));
  assert.equal(rows.length, 15);
  assert.match(rows[8], /^ 9 .*\+exact-device-capability$/);
  assert.match(rows[9], /-exact-device-capability/);
  assert.match(run(['--help']).out, /'versions' lists them/);
  assert.equal(run(['versions', 'extra']).code, 2);
});
