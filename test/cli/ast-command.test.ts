// `vllm-attention-docs ast FILE...`: the parser checked from outside.
// Expected dumps recorded from CPython 3.11's ast.dump.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AST_HELP_TEXT } from '../../src/cli/args.js';
import { runCli } from '../../src/cli.js';
import { makeTempDir } from '../temp-dir.js';

function runAst(
  files: Record<string, string | Buffer>,
  before: readonly string[] = [],
): { code: number; out: string; err: string } {
  const dir = makeTempDir('ast');
  for (const [name, contents] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), contents);
  let out = '';
  let err = '';
  const code = runCli(['ast', ...before, ...Object.keys(files)], {
    cwd: dir,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

test('a dump per file, or one SyntaxError line with the line number; exit 1 when one was rejected', () => {
  const r = runAst({
    'good.py': 'x = 0x40\nclass A(B):\n    pass\n',
    'bad.py': 'if x:\npass\n',
    'latin.py': Buffer.from([0xff, 0x0a]),
  });
  assert.equal(r.code, 1, 'python -m ast exits 1 on a SyntaxError');
  assert.equal(
    r.out,
    [
      '== good.py',
      "Module(body=[Assign(targets=[Name(id='x', ctx=Store())], value=Constant(value=64)), ClassDef(name='A', bases=[Name(id='B', ctx=Load())], keywords=[], body=[Pass()], decorator_list=[])], type_ignores=[])",
      '== bad.py',
      "SyntaxError: expected an indented block after 'if' statement on line 1 (line 2)",
      '== latin.py',
      "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte (line 1)",
      '',
    ].join('\n'),
  );
});

test('an unreadable file is an error (exit 2) and the others are still dumped', () => {
  let out = '';
  let err = '';
  const code = runCli(['ast', '/nonexistent/x.py'], {
    cwd: os.tmpdir(),
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.match(err, /cannot read \/nonexistent\/x\.py/);
});

test('every file parsed: exit 0', () => {
  assert.equal(runAst({ 'a.py': 'x = 1\n', 'b.py': 'def f():\n    return 2\n' }).code, 0);
  assert.equal(runAst({ 'bad.py': 'x = (\n' }).code, 1);
  assert.equal(runAst({ 'latin.py': Buffer.from([0xff, 0x0a]) }).code, 1, 'not UTF-8 is a rejection too');
});

test('ast --help prints the help of ast; -- makes --help a file name', () => {
  for (const flag of ['--help', '-h', '--he']) {
    let out = '';
    const code = runCli(['ast', flag, 'x.py'], {
      cwd: os.tmpdir(),
      stdout: (t) => (out += t),
      stderr: () => {},
    });
    assert.equal(code, 0);
    assert.equal(out, AST_HELP_TEXT);
  }
  assert.match(AST_HELP_TEXT, /^usage: vllm-attention-docs ast FILE\.\.\.\n/);
  const r = runAst({ '--help': 'x = 1\n' }, ['--']);
  assert.deepEqual([r.code, r.out.split('\n')[0]], [0, '== --help']);
  let err = '';
  const bad = runCli(['ast', '--bogus'], { cwd: os.tmpdir(), stdout: () => {}, stderr: (t) => (err += t) });
  assert.equal(bad, 2);
  assert.match(err, /ast: unrecognized arguments: --bogus/);
});
