// V8's code cache for the CLI bundle (src/launch/): a file of compiled code in
// the cache folder. It is code, so it must only be used when it is ours and
// private, for the same bundle, Node and flags; data V8 refuses must only cost
// a compile; and a run with no cache asked for must neither read nor write it.
// The end-to-end cases run the built command (bin -> dist/cli.cjs ->
// dist/cli.bundle.cjs; npm test builds first) as a user does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  bundleFingerprint,
  codeCacheFile,
  codeCacheKey,
  readCodeCache,
  writeCodeCache,
} from '../../src/launch/code-cache.js';
import { makeTempDir } from '../temp-dir.js';
import { binFile, demoExpectedDoc, demoTree, requireBuilt } from '../package/helpers.js';

const CACHE = 'vllm-attention-docs';
const FINGERPRINT = 'a'.repeat(64);
const RUNTIME = { version: 'v20.0.0', arch: 'x64', execArgv: [] };
const isRoot = process.getuid?.() === 0;
/** Another user's ids, for files chowned to them (root only). */
const OTHER_UID = 65534;
const OTHER_GID = 65534;

function privateDir(): string {
  const dir = path.join(makeTempDir('code-cache'), CACHE);
  fs.mkdirSync(dir, { mode: 0o700 });
  return dir;
}

// --- the file: what is read back, and what is refused ---

test('the fingerprint is read from the bundle first line only', () => {
  assert.equal(bundleFingerprint(`// vllm-attention-docs bundle ${FINGERPRINT}\nrest`), FINGERPRINT);
  assert.equal(bundleFingerprint(`\n// vllm-attention-docs bundle ${FINGERPRINT}\n`), null);
  assert.equal(bundleFingerprint('// vllm-attention-docs bundle abc\n'), null);
});

test('written, then read back for the same key only', () => {
  const dir = privateDir();
  const key = codeCacheKey(FINGERPRINT, RUNTIME, undefined);
  const data = Buffer.from('compiled code\n\u0000\u0001 with a newline');
  writeCodeCache(dir, key, data, true);
  const back = readCodeCache(dir, key);
  assert.ok(back !== null);
  assert.deepEqual(Buffer.from(back.data), data);
  assert.equal(back.afterParsing, true);
  assert.equal(fs.statSync(codeCacheFile(dir, key)).mode & 0o777, 0o600);
  // Another bundle, Node, architecture, flag or NODE_OPTIONS: another key, nothing to read.
  for (const other of [
    codeCacheKey('b'.repeat(64), RUNTIME, undefined),
    codeCacheKey(FINGERPRINT, { ...RUNTIME, version: 'v24.0.0' }, undefined),
    codeCacheKey(FINGERPRINT, { ...RUNTIME, arch: 'arm64' }, undefined),
    codeCacheKey(FINGERPRINT, { ...RUNTIME, execArgv: ['--max-semi-space-size=64'] }, undefined),
    codeCacheKey(FINGERPRINT, RUNTIME, '--stack-size=2000'),
  ]) {
    assert.notEqual(other, key);
    assert.equal(readCodeCache(dir, other), null);
  }
});

test('a stale fingerprint in the file itself (renamed into place): not read', () => {
  const dir = privateDir();
  const stale = codeCacheKey('c'.repeat(64), RUNTIME, undefined);
  const key = codeCacheKey(FINGERPRINT, RUNTIME, undefined);
  writeCodeCache(dir, stale, Buffer.from('old code'), true);
  fs.renameSync(codeCacheFile(dir, stale), codeCacheFile(dir, key));
  assert.equal(readCodeCache(dir, key), null);
});

test('a file cut short, grown, or without its header: not read', () => {
  const dir = privateDir();
  const key = codeCacheKey(FINGERPRINT, RUNTIME, undefined);
  const file = codeCacheFile(dir, key);
  writeCodeCache(dir, key, Buffer.alloc(1000, 7), false);
  const whole = fs.readFileSync(file);
  for (const damaged of [whole.subarray(0, whole.length - 1), Buffer.concat([whole, Buffer.from([7])])]) {
    fs.writeFileSync(file, damaged, { mode: 0o600 });
    assert.equal(readCodeCache(dir, key), null);
  }
  fs.writeFileSync(file, Buffer.alloc(1000, 7), { mode: 0o600 });
  assert.equal(readCodeCache(dir, key), null);
  fs.writeFileSync(file, whole, { mode: 0o600 });
  assert.ok(readCodeCache(dir, key) !== null, 'the same bytes, put back, are read');
});

test('a file others can write, with a second link, or a symbolic link: not read', () => {
  const dir = privateDir();
  const key = codeCacheKey(FINGERPRINT, RUNTIME, undefined);
  const file = codeCacheFile(dir, key);
  writeCodeCache(dir, key, Buffer.from('code'), true);
  assert.ok(readCodeCache(dir, key) !== null);
  for (const mode of [0o620, 0o602]) {
    fs.chmodSync(file, mode);
    assert.equal(readCodeCache(dir, key), null, mode.toString(8));
  }
  fs.chmodSync(file, 0o600);
  const second = path.join(dir, 'second-link');
  fs.linkSync(file, second);
  assert.equal(readCodeCache(dir, key), null, 'two links');
  fs.rmSync(second);
  const elsewhere = path.join(makeTempDir('code-cache-elsewhere'), 'code.bin');
  fs.renameSync(file, elsewhere);
  fs.symlinkSync(elsewhere, file);
  assert.equal(readCodeCache(dir, key), null, 'a link');
});

test('a folder others can write, or one that is a link: neither read nor written', () => {
  const key = codeCacheKey(FINGERPRINT, RUNTIME, undefined);
  const dir = privateDir();
  writeCodeCache(dir, key, Buffer.from('code'), true);
  fs.chmodSync(dir, 0o777);
  assert.equal(readCodeCache(dir, key), null);
  fs.rmSync(codeCacheFile(dir, key));
  writeCodeCache(dir, key, Buffer.from('code'), true);
  assert.equal(fs.existsSync(codeCacheFile(dir, key)), false, 'not written into a folder others can write');
  fs.chmodSync(dir, 0o700);
  writeCodeCache(dir, key, Buffer.from('code'), true);
  const link = path.join(makeTempDir('code-cache-link'), CACHE);
  fs.symlinkSync(dir, link);
  assert.equal(readCodeCache(link, key), null);
});

test('a file of another user: not read', { skip: isRoot ? false : 'chown needs root' }, () => {
  const dir = privateDir();
  const key = codeCacheKey(FINGERPRINT, RUNTIME, undefined);
  writeCodeCache(dir, key, Buffer.from('code'), true);
  fs.chownSync(codeCacheFile(dir, key), OTHER_UID, OTHER_GID);
  assert.equal(readCodeCache(dir, key), null);
});

test('at most four code caches are kept: the oldest go', () => {
  const dir = privateDir();
  const keys = [1, 2, 3, 4, 5, 6].map((n) => codeCacheKey(String(n).repeat(64), RUNTIME, undefined));
  keys.forEach((key, i) => {
    writeCodeCache(dir, key, Buffer.from('code'), true);
    const when = new Date(Date.now() - (keys.length - i) * 60_000);
    fs.utimesSync(codeCacheFile(dir, key), when, when);
  });
  const left = keys.filter((key) => fs.existsSync(codeCacheFile(dir, key)));
  assert.deepEqual(left, keys.slice(2));
});

// --- the command, end to end ---

const expected = fs.readFileSync(demoExpectedDoc, 'utf8');

/** The built command on the demo tree, document on stdout, cache under `cacheHome`. */
function run(cacheHome: string, extraArgs: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) {
  requireBuilt();
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cacheHome, ...extraEnv };
  if (!('VLLM_ATTENTION_DOCS_NO_CACHE' in extraEnv)) delete env.VLLM_ATTENTION_DOCS_NO_CACHE;
  delete env.VLLM_ATTENTION_DOCS_GENERATOR_VERSION;
  const r = spawnSync(process.execPath, [binFile, '--root', demoTree, '-o', '-', ...extraArgs], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, expected);
  return r;
}

function codeCaches(cacheHome: string): string[] {
  const dir = path.join(cacheHome, CACHE);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /^v8-code-[0-9a-f]{16}\.bin$/.test(n)) : [];
}

/** The one code cache under `cacheHome`, after a first run made it. */
function madeCodeCache(cacheHome: string): string {
  run(cacheHome);
  const names = codeCaches(cacheHome);
  assert.equal(names.length, 1, 'one code cache written');
  return path.join(cacheHome, CACHE, names[0]);
}

test('a first run writes the code cache (private); the next uses it and leaves it as it is', () => {
  const home = makeTempDir('code-cache-e2e');
  const file = madeCodeCache(home);
  const before = fs.statSync(file);
  assert.equal(before.mode & 0o777, 0o600);
  run(home);
  const after = fs.statSync(file);
  assert.equal(after.ino, before.ino, 'not rewritten: it was accepted');
  assert.equal(after.mtimeMs, before.mtimeMs);
});

test('data V8 rejects (valid header, damaged code): the run compiles as usual and writes it anew', () => {
  const home = makeTempDir('code-cache-rejected');
  const file = madeCodeCache(home);
  const bytes = fs.readFileSync(file);
  const header = bytes.subarray(0, bytes.indexOf(10) + 1);
  const garbage = Buffer.alloc(bytes.length - header.length, 0x5a);
  fs.writeFileSync(file, Buffer.concat([header, garbage]), { mode: 0o600 });
  assert.ok(fs.readFileSync(file).includes(garbage), 'planted');
  run(home);
  assert.equal(codeCaches(home).length, 1);
  assert.ok(!fs.readFileSync(file).subarray(header.length).equals(garbage), 'replaced by real code');
});

test('a code cache made for another bundle: not used, replaced', () => {
  const home = makeTempDir('code-cache-stale');
  const file = madeCodeCache(home);
  const bytes = fs.readFileSync(file);
  const newline = bytes.indexOf(10);
  const header = JSON.parse(bytes.toString('utf8', 0, newline)) as { key: string };
  const staleKey = header.key.replace(/[0-9a-f]{64}/, 'f'.repeat(64));
  assert.notEqual(staleKey, header.key);
  const staleHeader = JSON.stringify({ ...header, key: staleKey });
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`${staleHeader}\n`), bytes.subarray(newline + 1)]), {
    mode: 0o600,
  });
  run(home);
  const rewritten = fs.readFileSync(file);
  const headerNow = JSON.parse(rewritten.toString('utf8', 0, rewritten.indexOf(10))) as { key: string };
  assert.equal(headerNow.key, header.key, 'written anew for this bundle');
});

test(
  'a code cache of another user (good code, planted): not used, replaced by our own',
  { skip: isRoot ? false : 'chown needs root' },
  () => {
    const home = makeTempDir('code-cache-other');
    const file = madeCodeCache(home);
    fs.chownSync(file, OTHER_UID, OTHER_GID);
    const planted = fs.statSync(file).ino;
    run(home);
    const after = fs.statSync(file);
    assert.equal(after.uid, process.getuid!(), 'ours again');
    assert.notEqual(after.ino, planted, 'a new file: the planted one was not used');
  },
);

test('a code cache others can write (good code): not used, replaced', () => {
  const home = makeTempDir('code-cache-open');
  const file = madeCodeCache(home);
  fs.chmodSync(file, 0o666);
  const planted = fs.statSync(file).ino;
  run(home);
  const after = fs.statSync(file);
  assert.notEqual(after.ino, planted);
  assert.equal(after.mode & 0o777, 0o600);
});

test('--no-cache (or a prefix of it) and VLLM_ATTENTION_DOCS_NO_CACHE: no code cache read or written', () => {
  for (const [args, env] of [
    [['--no-cache'], {}],
    [['--no-c'], {}],
    [[], { VLLM_ATTENTION_DOCS_NO_CACHE: '1' }],
  ] as const) {
    const home = makeTempDir('code-cache-off');
    run(home, [...args], env);
    assert.deepEqual(codeCaches(home), [], JSON.stringify([args, env]));
  }
  // A cache that is there is not read either: a damaged one would otherwise be rewritten.
  const home = makeTempDir('code-cache-off-kept');
  const file = madeCodeCache(home);
  fs.writeFileSync(file, 'not a code cache', { mode: 0o600 });
  run(home, ['--no-cache']);
  assert.equal(fs.readFileSync(file, 'utf8'), 'not a code cache');
});
