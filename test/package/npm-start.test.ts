// `npm start`, the README's first command after `npm install`: it runs the
// generator on the demo tree and prints where the document went, and that
// document is the committed expected one, byte for byte.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { demoExpectedDoc, makeTempDir, projectDir, requireBuilt } from './helpers.js';

const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';

test('npm start generates the demo document, byte for byte the expected one, and its HTML page, and prints their paths', () => {
  requireBuilt();
  // npm runs scripts in the package folder; -o keeps the test from writing into the checkout.
  const output = path.join(makeTempDir('start'), 'attention_backends.md');
  const r = spawnSync(npmCommand, ['start', '--', '-o', output], {
    cwd: projectDir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^Generated: ${output.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  assert.deepEqual(fs.readFileSync(output), fs.readFileSync(demoExpectedDoc));
  // The page goes beside the document.
  const page = path.join(path.dirname(output), 'attention-backends.html');
  assert.match(r.stdout, new RegExp(`^Generated: ${page.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  assert.match(fs.readFileSync(page, 'utf8'), /^<!doctype html>/);
  // The demo tree carries no generator script: it says which version it followed.
  assert.match(
    r.stderr,
    /no tools\/pre_commit\/generate_attention_backend_docs\.py: writing what the newest generator version \(15,/,
  );
});
