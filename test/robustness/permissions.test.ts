// Folders and files the user may not read, as a user who is not root (nobody,
// via setpriv): where the reference's Path.exists() raises PermissionError it
// crashes, so we stop with exit 2 and one line; where its read_text() raises
// inside a try, it warns and goes on, and so do we.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  addBackend,
  backendsDir,
  bundledCli,
  copyBaseTree,
  baseDocument,
  openToOthers,
  otherUserUnavailable,
  registryFile,
  runProcessAsOther,
} from './helpers.js';
import { assertOneLineError } from '../one-line-error.js';

const skip = otherUserUnavailable ?? false;
const demoDoc = fs.readFileSync(baseDocument, 'utf8');

test(
  'a class path through a folder the user cannot search: exit 2, PermissionError as the reference',
  { skip },
  async () => {
    const cli = await bundledCli();
    const root = copyBaseTree('perm-classpath');
    addBackend(root, {
      name: 'SECRET',
      module: 'vllm.v1.attention.backends.secret.x',
      className: 'X',
      contents: 'class X:\n    pass\n',
    });
    openToOthers(root);
    fs.chmodSync(path.join(root, backendsDir, 'secret'), 0o700);
    const r = runProcessAsOther(cli, ['--root', root, '-o', '-'], { cwd: root });
    // The reference: PermissionError: [Errno 13] Permission denied: '<root>/vllm/v1/attention/backends/secret/x.py'
    const line = fs.readFileSync(path.join(root, registryFile), 'utf8').split('\n').length - 1;
    assertOneLineError(
      r,
      new RegExp(`registry\\.py:${line}: permission denied: '${root}/${backendsDir}/secret/x\\.py'`),
    );
  },
);

test(
  'a section file (cuda.py) behind a folder the user cannot search: exit 2, as the reference',
  { skip },
  async () => {
    const cli = await bundledCli();
    const root = copyBaseTree('perm-section');
    openToOthers(root);
    fs.chmodSync(path.join(root, 'vllm/platforms'), 0o700);
    const r = runProcessAsOther(cli, ['--root', root, '-o', '-'], { cwd: root });
    assertOneLineError(r, /platforms\/cuda\.py: permission denied: '.*\/vllm\/platforms\/cuda\.py'/);
  },
);

test(
  'a backend file the user cannot read (its folder searchable): the warning and document of the reference',
  { skip },
  async () => {
    const cli = await bundledCli();
    const root = copyBaseTree('perm-file');
    openToOthers(root);
    const file = path.join(root, backendsDir, 'cpu_attn.py');
    fs.chmodSync(file, 0o600);
    const r = runProcessAsOther(cli, ['--root', root, '-o', '-'], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, `  Warning: Could not parse ${file}: [Errno 13] Permission denied: '${file}'\n`);
    assert.notEqual(r.stdout, demoDoc, 'CPU_ATTN is left out');
    assert.ok(!r.stdout.includes('`CPU_ATTN`'));
  },
);
