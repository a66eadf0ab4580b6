// The CLI's cache as an attack surface and as a thing that can break: it must
// never hang or grow without bound on what it finds in its folder, never trust
// a folder or file another user can write, treat any damaged record as a miss,
// stay within its size bound (least recently used entries go first), and only
// be switched off by a true value of VLLM_ATTENTION_DOCS_NO_CACHE. Runs are
// real child processes of a bundle built with a fingerprint (so it caches).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  bundledCachingCli,
  copyBaseTree,
  baseDocument,
  looksLikeCrash,
  makeTempDir,
  OTHER_GID,
  OTHER_UID,
  otherUserUnavailable,
  registryFile,
  runProcess,
} from './helpers.js';

const demoDoc = fs.readFileSync(baseDocument, 'utf8');
const isRoot = process.getuid?.() === 0;
const CACHE = 'vllm-attention-docs';

function baseEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!('VLLM_ATTENTION_DOCS_NO_CACHE' in extra)) delete env.VLLM_ATTENTION_DOCS_NO_CACHE;
  return env;
}

/** One run with its cache under `cacheHome`; must finish within 20 s without a crash. */
async function run(root: string, cacheHome: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const cli = await bundledCachingCli();
  const r = runProcess(cli, ['--root', root, '-o', '-'], {
    cwd: root,
    env: baseEnv({ XDG_CACHE_HOME: cacheHome, ...extraEnv }),
    timeoutMs: 20_000,
    nodeFlags: ['--max-old-space-size=512'],
  });
  assert.equal(r.signal, null, 'finished in time');
  assert.ok(!looksLikeCrash(r.stderr), r.stderr);
  return r;
}

function assertClean(r: { code: number | null; stdout: string; stderr: string }, stderr = ''): void {
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, demoDoc);
  assert.equal(r.stderr, stderr);
}

/** The cache's files (not temporary ones) under `cacheHome`. */
function entryFiles(cacheHome: string): string[] {
  const dir = path.join(cacheHome, CACHE);
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.json'))
        .sort()
    : [];
}

function mknod(file: string, ...args: string[]): void {
  const r = spawnSync('mknod', [file, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

// --- Item 5: nothing in the cache folder can make a run hang or grow ---

test('XDG_CACHE_HOME=/proc (mkdir answers ENOENT there): no cache, no hang, the document', async () => {
  assertClean(await run(copyBaseTree('cache-proc'), '/proc'));
  assertClean(await run(copyBaseTree('cache-procsys'), '/proc/sys/vad-missing'));
});

const REPLACEMENTS: { name: string; skip: string | false; make: (file: string) => void }[] = [
  { name: 'a symbolic link to /dev/zero', skip: false, make: (f) => fs.symlinkSync('/dev/zero', f) },
  { name: 'a FIFO', skip: isRoot ? false : 'mknod needs root', make: (f) => mknod(f, 'p') },
  {
    name: 'a character device like /dev/zero',
    skip: isRoot ? false : 'mknod needs root',
    make: (f) => mknod(f, 'c', '1', '5'),
  },
];

for (const replacement of REPLACEMENTS) {
  test(
    `every cache file replaced by ${replacement.name}: a miss, no hang`,
    { skip: replacement.skip },
    async () => {
      const root = copyBaseTree('cache-replaced');
      const cacheHome = makeTempDir('cache-home');
      assertClean(await run(root, cacheHome));
      const names = entryFiles(cacheHome);
      assert.equal(names.length, 3, 'result, stages and outlines');
      for (const name of names) {
        const file = path.join(cacheHome, CACHE, name);
        fs.rmSync(file);
        replacement.make(file);
      }
      // The result entry misses, so the stage and outline files are read too; then all are written anew.
      assertClean(await run(root, cacheHome));
      for (const name of names) assert.ok(fs.lstatSync(path.join(cacheHome, CACHE, name)).isFile(), name);
    },
  );
}

test('a valid result entry padded past the 64 MB bound: not read (a miss, written anew)', async () => {
  const root = copyBaseTree('cache-large');
  const cacheHome = makeTempDir('cache-large');
  assertClean(await run(root, cacheHome));
  const name = entryFiles(cacheHome).find((n) => /^[0-9a-f]{16}\.json$/.test(n))!;
  const file = path.join(cacheHome, CACHE, name);
  // Trailing whitespace keeps it valid JSON: read whole, it would be a hit and left as it is.
  fs.appendFileSync(file, Buffer.alloc(65 * 1024 * 1024, 0x20));
  assertClean(await run(root, cacheHome));
  assert.ok(fs.statSync(file).size < 1024 * 1024, 'rewritten by a miss');
});

// --- Item 6: a cache another user can write is never used ---

/**
 * A poisoned cache for `root`: what our own run wrote, with FLASH_ATTN's dtypes
 * turned into PWNED in the result entry and in the stage records.
 */
async function poisonedEntries(root: string): Promise<Map<string, string>> {
  const scratch = makeTempDir('cache-scratch');
  assertClean(await run(root, scratch));
  const files = new Map<string, string>();
  for (const name of entryFiles(scratch)) {
    const text = fs.readFileSync(path.join(scratch, CACHE, name), 'utf8');
    files.set(name, text.replaceAll('"dtypes":["float16","bfloat16"]', '"dtypes":["PWNED"]'));
  }
  assert.ok(
    [...files.values()].some((t) => t.includes('PWNED')),
    'the poison found its place',
  );
  return files;
}

/** Writes `files` into `dir` as the user nobody (setpriv), making `dir` (mode `mode`) first if missing. */
function plantAsOther(dir: string, files: Map<string, string>, mode: number): void {
  const script = `
    const fs = require('node:fs'), path = require('node:path');
    const [dir, mode, json] = process.argv.slice(1);
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir);
      fs.chmodSync(dir, Number(mode));
    }
    for (const [name, text] of Object.entries(JSON.parse(json))) fs.writeFileSync(path.join(dir, name), text, { mode: 0o644 });
  `;
  const r = spawnSync(
    'setpriv',
    [
      `--reuid=${OTHER_UID}`,
      `--regid=${OTHER_GID}`,
      '--clear-groups',
      process.execPath,
      '-e',
      script,
      dir,
      String(mode),
      JSON.stringify(Object.fromEntries(files)),
    ],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
}

function noticeLine(cacheHome: string, why: string): string {
  return `vllm-attention-docs: note: not using the cache in ${path.join(cacheHome, CACHE)}: ${why}; running without it\n`;
}

test('sanity: the poisoned entries, owned by us in a private folder, do reach the document', async () => {
  const root = copyBaseTree('cache-poison-own');
  const poison = await poisonedEntries(root);
  const cacheHome = makeTempDir('cache-own');
  fs.mkdirSync(path.join(cacheHome, CACHE), { mode: 0o700 });
  for (const [name, text] of poison)
    fs.writeFileSync(path.join(cacheHome, CACHE, name), text, { mode: 0o600 });
  const r = await run(root, cacheHome);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /PWNED/, 'a cache we trust is used: the checks below are what keep the poison out');
});

test(
  'a cache folder planted by another user in a shared XDG_CACHE_HOME: not used, said once',
  { skip: otherUserUnavailable ?? false },
  async () => {
    const root = copyBaseTree('cache-poison');
    const poison = await poisonedEntries(root);
    for (const mode of [0o755, 0o777]) {
      const shared = makeTempDir('cache-shared');
      fs.chmodSync(shared, 0o1777);
      plantAsOther(path.join(shared, CACHE), poison, mode);
      const r = await run(root, shared);
      assertClean(r, noticeLine(shared, 'it belongs to another user'));
      assert.deepEqual(
        entryFiles(shared).map((n) => fs.readFileSync(path.join(shared, CACHE, n), 'utf8')),
        [...poison.values()],
        'nothing written there either',
      );
    }
  },
);

test(
  'our own cache folder writable by others: not used, said once',
  { skip: otherUserUnavailable ?? false },
  async () => {
    const root = copyBaseTree('cache-poison-777');
    const poison = await poisonedEntries(root);
    const cacheHome = makeTempDir('cache-777');
    const dir = path.join(cacheHome, CACHE);
    fs.mkdirSync(dir);
    fs.chmodSync(cacheHome, 0o755);
    fs.chmodSync(dir, 0o777);
    plantAsOther(dir, poison, 0o777);
    assertClean(await run(root, cacheHome), noticeLine(cacheHome, 'other users can write to it'));
    fs.chmodSync(dir, 0o775);
    assertClean(await run(root, cacheHome), noticeLine(cacheHome, 'other users can write to it'));
  },
);

test(
  'a file of another user (or writable by others) in our private folder: ignored and replaced',
  { skip: otherUserUnavailable ?? false },
  async () => {
    const root = copyBaseTree('cache-poison-file');
    const poison = await poisonedEntries(root);
    for (const plant of ['other-owner', 'group-writable']) {
      const cacheHome = makeTempDir('cache-file');
      const dir = path.join(cacheHome, CACHE);
      fs.mkdirSync(dir, { mode: 0o700 });
      for (const [name, text] of poison) {
        const file = path.join(dir, name);
        fs.writeFileSync(file, text);
        if (plant === 'other-owner') fs.chownSync(file, OTHER_UID, OTHER_GID);
        fs.chmodSync(file, plant === 'other-owner' ? 0o600 : 0o620);
      }
      assertClean(await run(root, cacheHome));
      for (const name of entryFiles(cacheHome)) {
        const s = fs.statSync(path.join(dir, name));
        assert.deepEqual(
          [s.uid, s.mode & 0o777],
          [process.getuid!(), 0o600],
          `${plant}: ${name} is ours now`,
        );
      }
    }
  },
);

test('a cache folder that is a symbolic link: not followed, said once', async () => {
  const root = copyBaseTree('cache-link');
  const poison = await poisonedEntries(root);
  const elsewhere = makeTempDir('cache-elsewhere');
  for (const [name, text] of poison) fs.writeFileSync(path.join(elsewhere, name), text, { mode: 0o600 });
  const cacheHome = makeTempDir('cache-linkhome');
  fs.symlinkSync(elsewhere, path.join(cacheHome, CACHE));
  assertClean(await run(root, cacheHome), noticeLine(cacheHome, 'it is a symbolic link'));
});

test('a new cache folder (and XDG_CACHE_HOME itself) is made 0700; one made 0755 earlier is narrowed', async () => {
  const root = copyBaseTree('cache-mode');
  const parent = makeTempDir('cache-mode');
  const cacheHome = path.join(parent, 'xdg');
  const previous = process.umask(0o022);
  try {
    assertClean(await run(root, cacheHome));
  } finally {
    process.umask(previous);
  }
  assert.equal(fs.statSync(cacheHome).mode & 0o777, 0o700);
  const dir = path.join(cacheHome, CACHE);
  assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  for (const name of entryFiles(cacheHome))
    assert.equal(fs.statSync(path.join(dir, name)).mode & 0o777, 0o600);
  fs.chmodSync(dir, 0o755);
  assertClean(await run(root, cacheHome));
  assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
});

// --- Item 7: damaged but valid JSON is a miss ---

type Json = Record<string, unknown>;
const DAMAGE: { name: string; file: 'result' | 'stages' | 'outlines'; change: (body: Json) => void }[] = [
  { name: 'outcome {}', file: 'result', change: (b) => (b.outcome = {}) },
  { name: 'outcome matrix {}', file: 'result', change: (b) => (b.outcome = { kind: 'matrix', matrix: {} }) },
  { name: 'accesses [null]', file: 'result', change: (b) => (b.accesses = [null]) },
  { name: 'accesses [{op: "read"}]', file: 'result', change: (b) => (b.accesses = [{ op: 'read' }]) },
  {
    name: 'a backend row null',
    file: 'result',
    change: (b) => (((b.outcome as Json).matrix as Json).backends as unknown[]).splice(0, 1, null),
  },
  {
    name: 'a warning of unknown code',
    file: 'result',
    change: (b) =>
      (((b.outcome as Json).matrix as Json).warnings as unknown[]).push({
        severity: 'warning',
        code: 'made-up',
        args: {},
        file: null,
        line: null,
      }),
  },
  {
    name: 'stage warnings [null]',
    file: 'stages',
    change: (b) => stages(b).forEach((s) => (s.warnings = [null])),
  },
  {
    name: 'stage values {bogus: 1}',
    file: 'stages',
    change: (b) => stages(b).forEach((s) => (s.value = { bogus: 1 })),
  },
  {
    name: 'stage accesses [null]',
    file: 'stages',
    change: (b) => stages(b).forEach((s) => (s.accesses = [null])),
  },
  { name: 'stages null', file: 'stages', change: (b) => (b.stages = null) },
  {
    name: 'outline groups [null]',
    file: 'outlines',
    change: (b) =>
      Object.values(b.records as Json).forEach((r) => ((r as Json).outline = { groups: [null] })),
  },
  {
    name: 'outline error of unknown kind',
    file: 'outlines',
    change: (b) =>
      Object.keys(b.records as Json).forEach(
        (k) =>
          ((b.records as Json)[k] = { ok: false, error: { kind: 'Boom', msg: '', lineno: 0, offset: 0 } }),
      ),
  },
];

function stages(body: Json): Json[] {
  return body.stages as Json[];
}

test('damaged but valid JSON in any cache file: treated as a miss, the fresh document, exit 0', async () => {
  for (const damage of DAMAGE) {
    const root = copyBaseTree('cache-damage');
    const cacheHome = makeTempDir('cache-damage');
    assertClean(await run(root, cacheHome));
    const names = entryFiles(cacheHome);
    const suffix = {
      result: /^[0-9a-f]{16}\.json$/,
      stages: /\.stages\.json$/,
      outlines: /\.outlines\.json$/,
    };
    const name = names.find((n) => suffix[damage.file].test(n))!;
    const file = path.join(cacheHome, CACHE, name);
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
    damage.change(data.body as Json);
    fs.writeFileSync(file, JSON.stringify(data));
    // Past the result entry only when it misses: edit the registry for stage and outline damage.
    if (damage.file !== 'result') fs.appendFileSync(path.join(root, registryFile), '# edited\n');
    const r = await run(root, cacheHome);
    assert.equal(r.code, 0, `${damage.name}: ${r.stderr}`);
    assert.ok(r.stdout === demoDoc, `${damage.name}: ${r.stdout.length} vs ${demoDoc.length}`);
    assert.equal(r.stderr, '', damage.name);
  }
});

// --- Item 8: bounded, least recently used first, one entry per real tree, the switch ---

test('the cache stays within 64 MB: least recently used entries are evicted first', async () => {
  const root = copyBaseTree('cache-bound');
  const cacheHome = makeTempDir('cache-bound');
  const dir = path.join(cacheHome, CACHE);
  fs.mkdirSync(dir, { mode: 0o700 });
  // 70 old entries of 1 MB (sparse), each last used a minute after the one before.
  const MB = 1024 * 1024;
  const start = Date.now() / 1000 - 100_000;
  for (let i = 0; i < 70; i++) {
    const file = path.join(dir, `${i.toString(16).padStart(16, '0')}.json`);
    fs.writeFileSync(file, '', { mode: 0o600 });
    fs.truncateSync(file, MB);
    fs.utimesSync(file, start + i * 60, start + i * 60);
  }
  // A hit marks entry 0 as just used, though its file is the oldest.
  fs.utimesSync(path.join(dir, `${'0'.padStart(16, '0')}.json`), Date.now() / 1000, Date.now() / 1000);
  assertClean(await run(root, cacheHome));
  const left = fs.readdirSync(dir);
  const total = left.reduce((sum, n) => sum + fs.statSync(path.join(dir, n)).size, 0);
  assert.ok(total <= 64 * MB, `${total} bytes left`);
  assert.ok(left.includes(`${'0'.padStart(16, '0')}.json`), 'the recently used entry stays');
  const fakes = left
    .filter((n) => /^0{10}/.test(n))
    .map((n) => parseInt(n, 16))
    .sort((a, b) => a - b);
  assert.ok(fakes.length >= 60 && fakes.length < 70, `${fakes.length} fake entries left`);
  // The evicted are the least recently used: every survivor but entry 0 is newer than every evicted one.
  const evicted = Array.from({ length: 70 }, (_, i) => i).filter((i) => !fakes.includes(i));
  assert.ok(Math.max(...evicted) < Math.min(...fakes.filter((i) => i !== 0)));
  assert.equal(left.filter((n) => !/^0{10}/.test(n)).length, 3, "this run's entry is kept whole");

  // A hit touches its entry: after a run on the same tree, it is the newest.
  const own = left.find((n) => !/^0{10}/.test(n) && /^[0-9a-f]{16}\.json$/.test(n))!;
  const old = Date.now() / 1000 - 50_000;
  fs.utimesSync(path.join(dir, own), old, old);
  assertClean(await run(root, cacheHome));
  assert.ok(Date.now() - fs.statSync(path.join(dir, own)).mtimeMs < 60_000, 'touched by the hit');
});

test('one entry per tree, however its root is spelt (a link to it, a path through ..)', async () => {
  const root = copyBaseTree('cache-realpath');
  const cacheHome = makeTempDir('cache-realpath');
  const link = path.join(makeTempDir('cache-link'), 'tree');
  fs.symlinkSync(root, link);
  const cli = await bundledCachingCli();
  for (const spelling of [root, link, `${root}/vllm/..`]) {
    const r = runProcess(cli, ['--root', spelling, '-o', '-'], {
      cwd: root,
      env: baseEnv({ XDG_CACHE_HOME: cacheHome }),
    });
    assertClean(r);
  }
  assert.equal(entryFiles(cacheHome).length, 3, 'one result, stages and outlines file');
});

test('VLLM_ATTENTION_DOCS_NO_CACHE: only a true value turns the cache off', async () => {
  const root = copyBaseTree('cache-switch');
  for (const [value, used] of [
    ['1', false],
    ['true', false],
    ['YES', false],
    ['on', false],
    ['0', true],
    ['false', true],
    ['no', true],
    ['off', true],
    ['', true],
  ] as const) {
    const cacheHome = makeTempDir('cache-switch');
    assertClean(await run(root, cacheHome, { VLLM_ATTENTION_DOCS_NO_CACHE: value }));
    assert.equal(
      entryFiles(cacheHome).length,
      used ? 3 : 0,
      `VLLM_ATTENTION_DOCS_NO_CACHE=${JSON.stringify(value)}`,
    );
  }
});
