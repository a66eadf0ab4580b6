// A run interrupted between writing a temporary file and renaming it (Ctrl-C)
// leaves no temporary file behind, in the document's folder or the cache; and
// temporary files left by runs that died harder (SIGKILL) are swept later.
// The interruption is made exact by a preload that sends the process SIGINT
// from inside its Nth fs.renameSync call, just before the rename happens.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundledCachingCli, copyBaseTree, baseDocument, makeTempDir } from './helpers.js';

const demoDoc = fs.readFileSync(baseDocument, 'utf8');

const PRELOAD = `
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const at = Number(process.env.VAD_SIGINT_AT_RENAME);
const rename = fs.renameSync;
let calls = 0;
fs.renameSync = function (...args) {
  if (++calls === at) process.kill(process.pid, 'SIGINT');
  return rename.apply(this, args);
};
syncBuiltinESMExports();
`;

function tempFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')) : [];
}

test('SIGINT between a write and its rename: no temporary file left, every file renamed whole', async () => {
  const cli = await bundledCachingCli();
  const preload = path.join(makeTempDir('preload'), 'sigint-at-rename.cjs');
  fs.writeFileSync(preload, PRELOAD);
  // A first run's renames: the result entry, stage records, outlines, then the document.
  for (let at = 1; at <= 4; at++) {
    const root = copyBaseTree('sigint');
    const cacheHome = makeTempDir('sigint-cache');
    const out = path.join(root, 'docs/design/attention_backends.md');
    const r = spawnSync(process.execPath, ['--require', preload, cli, '--root', root], {
      cwd: root,
      env: { ...process.env, XDG_CACHE_HOME: cacheHome, VAD_SIGINT_AT_RENAME: String(at) },
      encoding: 'utf8',
      timeout: 60_000,
    });
    // Node acts on the signal once the synchronous run is over, if it polls again before exiting.
    assert.ok(
      r.signal === 'SIGINT' || (r.status === 0 && r.stderr === ''),
      `rename ${at}: ended by the signal or finished cleanly (status ${r.status}, ${r.signal}, ${r.stderr})`,
    );
    assert.deepEqual(tempFiles(path.dirname(out)), [], `rename ${at}: the document's folder`);
    assert.deepEqual(tempFiles(path.join(cacheHome, 'vllm-attention-docs')), [], `rename ${at}: the cache`);
    if (fs.existsSync(out)) assert.equal(fs.readFileSync(out, 'utf8'), demoDoc, 'whole if there');
    for (const name of fs.readdirSync(path.join(cacheHome, 'vllm-attention-docs')))
      JSON.parse(fs.readFileSync(path.join(cacheHome, 'vllm-attention-docs', name), 'utf8'));
  }
});

test('temporary files left by runs that died (older than a minute) are swept; a fresh one is not', async () => {
  const cli = await bundledCachingCli();
  const root = copyBaseTree('sweep');
  const cacheHome = makeTempDir('sweep-cache');
  const docs = path.join(root, 'docs/design');
  const cache = path.join(cacheHome, 'vllm-attention-docs');
  fs.mkdirSync(docs, { recursive: true });
  fs.mkdirSync(cache, { recursive: true, mode: 0o700 });
  const old = Date.now() / 1000 - 3600;
  const plant = (dir: string, name: string, stale: boolean): void => {
    fs.writeFileSync(path.join(dir, name), 'partial');
    if (stale) fs.utimesSync(path.join(dir, name), old, old);
  };
  plant(docs, '.attention_backends.md.4242.k3j2.tmp', true);
  plant(docs, '.attention_backends.md.4243.zz9.tmp', false);
  plant(docs, '.other.md.4242.k3j2.tmp', true); // not the document's: not ours to remove
  plant(cache, '0123456789abcdef.json.4242.q1.tmp', true);
  plant(cache, '0123456789abcdef.stages.json.4242.q2.tmp', false);
  const r = spawnSync(process.execPath, [cli, '--root', root], {
    cwd: root,
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(tempFiles(docs).sort(), [
    '.attention_backends.md.4243.zz9.tmp',
    '.other.md.4242.k3j2.tmp',
  ]);
  assert.deepEqual(tempFiles(cache), ['0123456789abcdef.stages.json.4242.q2.tmp']);
});
