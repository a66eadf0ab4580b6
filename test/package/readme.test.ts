// The README is executable documentation: its library example is
// examples/library-usage.mjs word for word, and that file runs against the
// package as a user imports it ('vllm-attention-docs', i.e. dist/); the
// commands and the hook it names exist.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/analyze.js';
import { backendCells } from '../../src/render/json.js';
import { demoTree, fencedBlockAfter, projectDir, readPackageJson, requireBuilt } from './helpers.js';

const readme = fs.readFileSync(path.join(projectDir, 'README.md'), 'utf8');
const exampleFile = path.join(projectDir, 'examples/library-usage.mjs');

test("the README's library example is examples/library-usage.mjs", () => {
  const block = fencedBlockAfter(readme, '## Use it as a library');
  assert.notEqual(block, null, 'README.md has no fenced block under "## Use it as a library"');
  assert.equal(block, fs.readFileSync(exampleFile, 'utf8'), 'copy examples/library-usage.mjs into README.md');
});

test('the library example runs on the demo tree and prints one line per table row', () => {
  requireBuilt();
  const r = spawnSync(process.execPath, [exampleFile, demoTree], {
    cwd: projectDir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, r.stderr);
  const matrix = analyze(demoTree);
  const expected = matrix.backends.map((row) => {
    const name = row.variant === null ? row.name : `${row.name} ${row.variant}`;
    const heads = row.headSizes.kind === 'any' ? 'any' : row.headSizes.entries.map((e) => e.value).join(' ');
    return `${name}: head sizes ${heads}; compute capability ${backendCells(row, matrix).computeCapability}`;
  });
  const lines = r.stdout.trimEnd().split('\n');
  assert.deepEqual(lines.slice(0, -1), expected);
  assert.match(lines[lines.length - 1], /^\d+ characters of markdown; JSON schema version 2$/);
});

test('the library example explains itself when given no tree', () => {
  requireBuilt();
  const r = spawnSync(process.execPath, [exampleFile], {
    cwd: projectDir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^usage: /);
});

test('every `npm run X` and `npm X` the README names is a script of package.json', () => {
  const scripts = readPackageJson().scripts;
  const named = new Set<string>();
  for (const m of readme.matchAll(/\bnpm run ([\w:-]+)/g)) named.add(m[1]);
  for (const m of readme.matchAll(/\bnpm (start|test)\b/g)) named.add(m[1]);
  assert.ok(named.has('start') && named.has('test') && named.has('conformance'), [...named].join(', '));
  for (const name of named)
    assert.ok(Object.hasOwn(scripts, name), `README names npm script ${name}, package.json has none`);
});

test("the README's pre-commit snippet names the hook that .pre-commit-hooks.yaml defines", () => {
  const block = fencedBlockAfter(readme, '## Use it as a pre-commit hook');
  assert.notEqual(block, null);
  const id = /^\s*- id: (\S+)$/m.exec(block ?? '')?.[1];
  const hooks = fs.readFileSync(path.join(projectDir, '.pre-commit-hooks.yaml'), 'utf8');
  assert.equal(id, /^- id: (\S+)$/m.exec(hooks)?.[1]);
});

test("the README's hook example names this version's tag", () => {
  const block = fencedBlockAfter(readme, '## Use it as a pre-commit hook') ?? '';
  assert.equal(/^ {4}rev: (\S+)$/m.exec(block)?.[1], `v${readPackageJson().version}`);
});

test('links in the README are absolute: relative ones break on the registry page without a repository URL', () => {
  const pkg = readPackageJson<{ repository?: unknown }>();
  const relative = [...readme.matchAll(/\]\(([^)]+)\)/g)]
    .map((m) => m[1])
    .filter((t) => !/^https?:\/\//.test(t));
  if (pkg.repository === undefined) assert.deepEqual(relative, []);
});

test("the README's exit codes are the command's", async () => {
  const { EXIT_OK, EXIT_REGENERATED, EXIT_ERROR } = await import('../../src/cli.js');
  const section = readme.slice(readme.indexOf('## Exit codes'));
  for (const code of [EXIT_OK, EXIT_REGENERATED, EXIT_ERROR]) {
    assert.match(section, new RegExp(`^\\| ${code} \\|`, 'm'), `exit code ${code} in the README table`);
  }
});

test("the README's excerpt of the output is part of the demo tree's document", () => {
  const m = /\n```markdown\n([\s\S]*?\n)```\n/.exec(readme);
  assert.notEqual(m, null, 'README.md has no ```markdown excerpt');
  const doc = fs.readFileSync(path.join(demoTree, 'docs/design/attention_backends.md'), 'utf8');
  assert.ok(
    doc.includes(m?.[1] ?? '\0'),
    'the excerpt is not a contiguous part of the demo document: copy it again',
  );
});
