// The installed command's surface, run as a user runs it (bin -> bundle):
// --help (and the README's copy of it), --version, usage errors as one line
// with exit 2, and the two ways to get output on stdout.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HELP_TEXT } from '../../src/cli/args.js';
import { JSON_SCHEMA_VERSION } from '../../src/render/json.js';
import {
  demoExpectedDoc,
  fencedBlockAfter,
  makeTempDir,
  projectDir,
  readPackageJson,
  runBin,
} from './helpers.js';
import { assertOneLineError } from '../one-line-error.js';

test('--help prints the help text and exits 0', () => {
  const r = runBin(['--help'], { cwd: projectDir });
  assert.equal(r.code, 0);
  assert.equal(r.stdout, HELP_TEXT);
  assert.equal(r.stderr, '');
  assert.equal(runBin(['-h'], { cwd: projectDir }).stdout, HELP_TEXT);
});

test("the README's CLI reference is the --help output, word for word", () => {
  const readme = fs.readFileSync(path.join(projectDir, 'README.md'), 'utf8');
  const block = fencedBlockAfter(readme, '## CLI reference');
  assert.notEqual(block, null, 'README.md has no fenced block under "## CLI reference"');
  assert.equal(
    block,
    runBin(['--help'], { cwd: projectDir }).stdout,
    'update README.md from `vllm-attention-docs --help`',
  );
});

test('--version prints the package version', () => {
  const r = runBin(['--version'], { cwd: projectDir });
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `${readPackageJson().version}\n`);
});

test('an unknown flag: exit 2, one line, nothing written', () => {
  const cwd = makeTempDir('cli');
  assertOneLineError(runBin(['--bogus'], { cwd }), /unrecognized arguments: --bogus/);
  assertOneLineError(runBin(['-x'], { cwd }), /unrecognized arguments: -x/);
  assert.deepEqual(fs.readdirSync(cwd), []);
});

test('no tree: exit 2 and one line naming --root', () => {
  const cwd = makeTempDir('cli');
  assertOneLineError(runBin([], { cwd }), /--root/);
  assertOneLineError(runBin(['--root', path.join(cwd, 'missing')], { cwd }), /no such directory/);
  assertOneLineError(runBin(['--root'], { cwd }), /--root: expected one argument/);
});

test('--demo writes demo-output/attention_backends.md under the current folder and says so', () => {
  const cwd = makeTempDir('cli');
  const r = runBin(['--demo'], { cwd });
  const written = path.join(cwd, 'demo-output/attention_backends.md');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `Generated: ${written}\n`);
  assert.equal(fs.readFileSync(written, 'utf8'), fs.readFileSync(demoExpectedDoc, 'utf8'));
});

test('-o - writes the document to stdout and no file', () => {
  const cwd = makeTempDir('cli');
  const r = runBin(['--demo', '-o', '-'], { cwd });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, fs.readFileSync(demoExpectedDoc, 'utf8'));
  assert.deepEqual(fs.readdirSync(cwd), []);
});

test('--format json goes to stdout unless -o names a file', () => {
  const cwd = makeTempDir('cli');
  const r = runBin(['--demo', '--format', 'json'], { cwd });
  assert.equal(r.code, 0, r.stderr);
  const matrix = JSON.parse(r.stdout) as { schemaVersion: number; backends: unknown[] };
  assert.equal(matrix.schemaVersion, JSON_SCHEMA_VERSION);
  assert.ok(matrix.backends.length > 0);
  assert.deepEqual(fs.readdirSync(cwd), [], 'json without -o must not overwrite the markdown document');

  const toFile = runBin(['--demo', '--format=json', '-o', 'matrix.json'], { cwd });
  assert.equal(toFile.code, 0, toFile.stderr);
  assert.equal(toFile.stdout, 'Generated: matrix.json\n');
  assert.equal(fs.readFileSync(path.join(cwd, 'matrix.json'), 'utf8'), r.stdout);
});

test('--format html: one page, its script and the explain sources inside, from the built command', () => {
  const cwd = makeTempDir('cli');
  const r = runBin(['--demo', '--format', 'html', '-o', 'page.html'], { cwd });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'Generated: page.html\n');
  const html = fs.readFileSync(path.join(cwd, 'page.html'), 'utf8');
  assert.match(html, /^<!doctype html>/);
  for (const id of ['page-data', 'explain-sources', 'page-app'])
    assert.match(html, new RegExp(`<script [^>]*id="${id}">[^<]{100,}</script>`), id);
});

test('--check needs a file to compare with', () => {
  const cwd = makeTempDir('cli');
  assertOneLineError(runBin(['--demo', '--check', '-o', '-'], { cwd }), /--check/);
  assertOneLineError(runBin(['--demo', '--check', '--format', 'json'], { cwd }), /--check/);
});

test('--format with an unknown value: exit 2, one line', () => {
  assertOneLineError(
    runBin(['--demo', '--format', 'yaml'], { cwd: makeTempDir('cli') }),
    /invalid choice: 'yaml'/,
  );
});

test('explain --demo: the selection on the demo tree shipped with the package, from the built command', () => {
  const argv = ['explain', '--demo', '--gpu', 'B200', '--head-size', '128', '--format', 'json', '--no-fixes'];
  const r = runBin(argv, { cwd: makeTempDir('cli') });
  assert.equal(r.code, 0, r.stderr);
  const answer = JSON.parse(r.stdout) as { priorities: string[]; chosen: string };
  assert.deepEqual(answer.priorities, ['FLASHINFER', 'FLASH_ATTN', 'TRITON_ATTN']);
  assert.equal(answer.chosen, 'FLASHINFER');
});

test('without dist/on-demand.bundle.cjs: generating still works; explain says what is missing, in one line', () => {
  const copy = makeTempDir('partial-package');
  for (const part of ['bin', 'dist', 'examples/demo-vllm', 'package.json'])
    fs.cpSync(path.join(projectDir, part), path.join(copy, part), { recursive: true });
  fs.rmSync(path.join(copy, 'dist/on-demand.bundle.cjs'));
  const run = (argv: string[]) =>
    spawnSync(process.execPath, [path.join(copy, 'bin/vllm-attention-docs.js'), ...argv], {
      cwd: copy,
      encoding: 'utf8',
      env: { ...process.env, VLLM_ATTENTION_DOCS_NO_CACHE: '1' },
    });
  const generate = run(['--demo', '-o', '-']);
  assert.equal(generate.status, 0, generate.stderr);
  assert.equal(generate.stdout, fs.readFileSync(demoExpectedDoc, 'utf8'));
  const explain = run(['explain', '--demo', '--gpu', 'H100', '--head-size', '128']);
  assert.equal(explain.status, 2);
  assert.equal(explain.stdout, '');
  assert.match(
    explain.stderr,
    /^vllm-attention-docs: [^\n]*dist\/on-demand\.bundle\.cjs is missing[^\n]*\n$/,
  );
});
