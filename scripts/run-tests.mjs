// Runs every test/**/*.test.ts with node's test runner, through tsx.
// Node 20's --test does not expand glob patterns (Node 21 does) and npm's sh
// has no `**`, so the files are listed here. Arguments are passed to node
// before the files: `npm test -- --test-name-pattern=schema`.
//
// After the runner's summary (which only counts skipped tests) comes a list of
// each skipped test and why, gathered by a second reporter into a temporary
// file. Given a --test-reporter of your own, only yours runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const files = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts') && !file.split(/[\\/]/).includes('fixtures'))
  .map((file) => join('test', file))
  .sort();

const userArgs = process.argv.slice(2);
const ownReporter = userArgs.some((arg) => arg.startsWith('--test-reporter'));
const skipsDir = ownReporter ? null : mkdtempSync(join(tmpdir(), 'vad-test-run-'));
const skipsFile = skipsDir === null ? null : join(skipsDir, 'skipped.jsonl');
// Node's default reporter: spec on a terminal, TAP otherwise.
const reporters =
  skipsFile === null
    ? []
    : [
        `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
        '--test-reporter-destination=stdout',
        '--test-reporter=./scripts/skipped-tests-reporter.mjs',
        `--test-reporter-destination=${skipsFile}`,
      ];

try {
  const run = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', ...reporters, ...userArgs, ...files],
    { stdio: 'inherit' },
  );
  if (run.error) throw run.error;
  process.exitCode = run.status ?? 1;
  if (skipsFile !== null) printSkipped(skipsFile);
} finally {
  if (skipsDir !== null) rmSync(skipsDir, { recursive: true, force: true });
}

function printSkipped(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return; // the runner stopped before reporting anything
  }
  const entries = text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
  if (entries.length === 0) return;
  console.log(`# not run (${entries.length}):`);
  for (const { kind, test, reason } of entries)
    console.log(`#   ${kind}: ${test} (${reason ?? 'no reason given'})`);
}
