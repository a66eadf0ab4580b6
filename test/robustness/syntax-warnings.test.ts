// CPython's tokenizer SyntaxWarnings on the CLI's stderr, exactly as the reference prints them
// while its ast.parse runs: `<unknown>:N: SyntaxWarning: invalid decimal literal`, once per
// parse (mla/common.py is parsed once for each MLA backend that inherits from it), in the
// order of the reference's parses, and the same from the cache as fresh. The expected stderr
// was recorded by running the reference on the same tree.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  backendsDir,
  bundledCachingCli,
  copyBaseTree,
  baseDocument,
  makeTempDir,
  runInProcess,
  runProcess,
} from './helpers.js';

const demoDoc = fs.readFileSync(baseDocument, 'utf8');

/** The demo tree with `1if`-style literals appended to a backend file and to mla/common.py. */
function treeWithWarnings(): { root: string; expectedStderr: string } {
  const root = copyBaseTree('syntax-warnings');
  const append = (rel: string, text: string): number => {
    const file = path.join(root, rel);
    const before = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, before + text);
    return before.split('\n').length; // the line the appended text starts on
  };
  const cpu = append(`${backendsDir}/cpu_attn.py`, 'x = 1if True else 2\ny = [0x1for z in w]\n');
  const common = append(`${backendsDir}/mla/common.py`, 's = f"{1if 1 else 2}"\n');
  // Recorded from the reference: CPU_ATTN's file, then mla/common.py once per MLA backend
  // that follows its impl's base class there (three in the demo).
  const expectedStderr = [
    `<unknown>:${cpu}: SyntaxWarning: invalid decimal literal`,
    `<unknown>:${cpu + 1}: SyntaxWarning: invalid hexadecimal literal`,
    `<unknown>:${common}: SyntaxWarning: invalid decimal literal`,
    `<unknown>:${common}: SyntaxWarning: invalid decimal literal`,
    `<unknown>:${common}: SyntaxWarning: invalid decimal literal`,
    '',
  ].join('\n');
  return { root, expectedStderr };
}

test("SyntaxWarnings on stderr as the reference's ast.parse prints them, the document unchanged", () => {
  const { root, expectedStderr } = treeWithWarnings();
  const r = runInProcess(['--root', root, '-o', '-'], root);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, demoDoc);
  assert.equal(r.stderr, expectedStderr);
});

test('the same warnings from the cache: a hit, and a run after an edit elsewhere', async () => {
  const cli = await bundledCachingCli();
  const { root, expectedStderr } = treeWithWarnings();
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: makeTempDir('warn-cache') };
  delete env.VLLM_ATTENTION_DOCS_NO_CACHE;
  const run = (): ReturnType<typeof runProcess> =>
    runProcess(cli, ['--root', root, '-o', '-'], { cwd: root, env });
  for (const step of ['fresh', 'hit']) {
    const r = run();
    assert.equal(r.stderr, expectedStderr, step);
    assert.equal(r.stdout, demoDoc, step);
  }
  fs.appendFileSync(path.join(root, backendsDir, 'rocm_attn.py'), '# edited\n');
  const afterEdit = run();
  assert.equal(afterEdit.stderr, expectedStderr, 'stages and outlines replayed');
});

test('a file that warns and then fails to parse: the warnings, then the reference\'s "Could not parse"', () => {
  const root = copyBaseTree('warn-then-fail');
  const file = path.join(root, backendsDir, 'cpu_attn.py');
  const lines = fs.readFileSync(file, 'utf8').split('\n').length;
  // The f-string's warning twice (CPython's second pass builds the string again), then the error.
  fs.appendFileSync(file, 's = f"{1if 1 else 2}"\ny = 1 +\n');
  const r = runInProcess(['--root', root, '-o', '-'], root);
  assert.equal(r.code, 0);
  assert.equal(
    r.stderr,
    `<unknown>:${lines}: SyntaxWarning: invalid decimal literal\n` +
      `<unknown>:${lines}: SyntaxWarning: invalid decimal literal\n` +
      `  Warning: Could not parse ${file}: invalid syntax (<unknown>, line ${lines + 1})\n`,
  );
});
