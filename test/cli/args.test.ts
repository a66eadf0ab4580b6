import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AST_HELP_TEXT, HELP_TEXT, parseCliArgs, UsageError } from '../../src/cli/args.js';

test('argparse spellings of -o', () => {
  for (const argv of [
    ['-o', 'x.md'],
    ['-ox.md'],
    ['--output', 'x.md'],
    ['--output=x.md'],
    ['--out', 'x.md'],
  ]) {
    const args = parseCliArgs(argv);
    assert.equal(args.command, 'generate');
    assert.equal(args.command === 'generate' && args.output, 'x.md', argv.join(' '));
  }
});

test('files, --check and -- separator', () => {
  const args = parseCliArgs(['--check', 'a.py', '--', '-weird.py']);
  assert.deepEqual(args.command === 'generate' && [args.check, args.files], [true, ['a.py', '-weird.py']]);
});

test('unknown flags and missing values are usage errors', () => {
  assert.throws(() => parseCliArgs(['--nope']), UsageError);
  assert.throws(() => parseCliArgs(['-o']), UsageError);
  assert.throws(() => parseCliArgs(['--format', 'xml']), UsageError);
  assert.throws(() => parseCliArgs(['--check=yes']), UsageError);
});

test('ast subcommand and help/version', () => {
  assert.deepEqual(parseCliArgs(['ast', 'a.py', 'b.py']), { command: 'ast', files: ['a.py', 'b.py'] });
  assert.deepEqual(parseCliArgs(['--help']), { command: 'help', text: HELP_TEXT });
  assert.deepEqual(parseCliArgs(['ast', '--help']), { command: 'help', text: AST_HELP_TEXT });
  assert.deepEqual(parseCliArgs(['ast', '--', '--help']), { command: 'ast', files: ['--help'] });
  assert.deepEqual(parseCliArgs(['--version']), { command: 'version' });
});
