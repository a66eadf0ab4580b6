// Devices and FIFOs inside the tree (made with mknod under a temp folder):
// never opened. A character device like /dev/zero would stream forever (the
// reference grows without bound), a FIFO blocks (the reference hangs). Each is
// reported as unreadable, where the file is expected, and the run goes on or
// stops exactly as for any other unreadable file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  addBackend,
  backendsDir,
  bundledCli,
  copyBaseTree,
  baseDocument,
  looksLikeCrash,
  registryFile,
  runProcess,
} from './helpers.js';

const skip = process.getuid?.() === 0 ? false : 'mknod of a device needs root';
const demoDoc = fs.readFileSync(baseDocument, 'utf8');

const SPECIAL: { kind: string; args: string[] }[] = [
  { kind: 'character device', args: ['c', '1', '5'] }, // /dev/zero's numbers
  { kind: 'FIFO', args: ['p'] },
];

function mknod(file: string, args: readonly string[]): void {
  fs.rmSync(file, { force: true });
  const r = spawnSync('mknod', ['-m', '644', file, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, `mknod: ${r.stderr}`);
}

/** Within 20 s and 512 MB of heap: a run that reads the device would be killed or abort. */
async function run(root: string): Promise<ReturnType<typeof runProcess>> {
  const cli = await bundledCli();
  const r = runProcess(cli, ['--root', root, '-o', '-'], {
    cwd: root,
    timeoutMs: 20_000,
    nodeFlags: ['--max-old-space-size=512'],
  });
  assert.equal(r.signal, null, 'finished in time');
  assert.ok(!looksLikeCrash(r.stderr), r.stderr);
  return r;
}

for (const special of SPECIAL) {
  test(
    `a backend file that is a ${special.kind}: warned about, not opened, the backend skipped`,
    { skip },
    async () => {
      const root = copyBaseTree('special-backend');
      const file = addBackend(root, {
        name: 'SPECIAL',
        module: 'vllm.v1.attention.backends.special',
        className: 'B',
      });
      mknod(file, special.args);
      const r = await run(root);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, demoDoc);
      assert.equal(
        r.stderr,
        `  Warning: Could not parse ${file}: not a regular file (a ${special.kind}), not opened\n`,
      );
    },
  );

  test(
    `a section file (cuda.py) that is a ${special.kind}: warned about, its section falls back`,
    { skip },
    async () => {
      const root = copyBaseTree('special-section');
      const file = path.join(root, 'vllm/platforms/cuda.py');
      mknod(file, special.args);
      const r = await run(root);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(`^  Warning: Could not read ${file}: not a regular file \\(a ${special.kind}\\)`),
      );
      assert.equal(r.stderr.split('\n').length, 2, r.stderr);
    },
  );

  test(`a registry that is a ${special.kind}: exit 2, one line`, { skip }, async () => {
    const root = copyBaseTree('special-registry');
    mknod(path.join(root, registryFile), special.args);
    const r = await run(root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^vllm-attention-docs: error: cannot read .*registry\.py: not a regular file/);
    assert.equal(r.stderr.split('\n').length, 2, r.stderr);
  });
}

test(
  'a base class imported from a FIFO: the base is unreadable, the backend keeps its own facts',
  { skip },
  async () => {
    const root = copyBaseTree('special-parent');
    const file = addBackend(root, {
      name: 'CHILD',
      module: 'vllm.v1.attention.backends.child',
      className: 'ChildBackend',
      contents: [
        'from vllm.v1.attention.backends.base_fifo import BaseImpl',
        'class ChildImpl(BaseImpl):',
        '    pass',
        'class ChildBackend:',
        '    @staticmethod',
        '    def get_impl_cls():',
        '        return ChildImpl',
        '',
      ].join('\n'),
    });
    mknod(path.join(root, backendsDir, 'base_fifo.py'), ['p']);
    const r = await run(root);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.includes('`CHILD`'), 'the backend has its row');
    assert.ok(!r.stderr.includes(file), 'the backend file itself read fine');
    assert.match(r.stderr, /base_fifo\.py[^\n]*not a regular file \(a FIFO\)/);
  },
);
