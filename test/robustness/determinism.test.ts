// The output depends on the tree only: not on the order the file system lists
// folders in, not on the locale, not on the time zone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import * as path from 'node:path';
import { renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import {
  bundledCli,
  copyBaseTree,
  baseTree,
  listFiles,
  makeTempDir,
  projectDir,
  runProcess,
  analyzeAsSeed,
} from './helpers.js';

const fixtureTrees = path.join(projectDir, 'test/fixtures/trees');
/** The mutable CommonJS face of node:fs; syncBuiltinESMExports() carries changes to ESM importers. */
const fsCommonJs = createRequire(import.meta.url)('node:fs') as typeof fs;

/** Trees whose output is a document (the reference does not crash on them), demo first. */
function documentTrees(): string[] {
  const expected = path.join(projectDir, 'test/fixtures/expected');
  const names = fs.existsSync(fixtureTrees) ? fs.readdirSync(fixtureTrees).sort() : [];
  return [
    baseTree,
    ...names
      .filter((n) => fs.existsSync(path.join(expected, `${n}.md`)))
      .map((n) => path.join(fixtureTrees, n)),
  ];
}

function outputs(root: string): string {
  const matrix = analyzeAsSeed(root);
  return `${renderMarkdown(matrix)}\n----\n${renderJson(matrix)}\n----\n${JSON.stringify(matrix.warnings)}`;
}

/** Deterministic shuffle (a small LCG) so a failure can be replayed. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

test('the file system listing order does not matter (readdir shuffled under the analysis)', () => {
  const trees = documentTrees();
  assert.ok(trees.length > 10);
  const baseline = trees.map(outputs);

  const original = fsCommonJs.readdirSync;
  const originalDir = fsCommonJs.opendirSync;
  let listings = 0;
  for (const seed of [1, 2, 3]) {
    (fsCommonJs as { readdirSync: unknown }).readdirSync = (...args: Parameters<typeof original>) => {
      listings++;
      return shuffled(original(...args) as unknown[], seed + listings);
    };
    (fsCommonJs as { opendirSync: unknown }).opendirSync = () => {
      throw new Error('opendirSync is not shuffled by this test: extend it');
    };
    syncBuiltinESMExports();
    try {
      assert.notDeepEqual(fs.readdirSync(fixtureTrees), original(fixtureTrees), 'the shuffle is in effect');
      trees.forEach((tree, i) =>
        assert.equal(outputs(tree), baseline[i], `${path.basename(tree)} with seed ${seed}`),
      );
    } finally {
      (fsCommonJs as { readdirSync: unknown }).readdirSync = original;
      (fsCommonJs as { opendirSync: unknown }).opendirSync = originalDir;
      syncBuiltinESMExports();
    }
  }
});

test('the same tree written in opposite orders gives the same bytes (real file system, real process)', async () => {
  const cli = await bundledCli();
  const source = copyBaseTree('order-src');
  const files = listFiles(source);
  const forward = makeTempDir('order-fwd');
  const backward = makeTempDir('order-bwd');
  for (const [dir, order] of [
    [forward, files],
    [backward, [...files].reverse()],
  ] as const) {
    for (const file of order) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.copyFileSync(path.join(source, file), path.join(dir, file));
    }
  }
  const a = runProcess(cli, ['--root', forward, '-o', '-'], { cwd: forward });
  const b = runProcess(cli, ['--root', backward, '-o', '-'], { cwd: backward });
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.stdout, a.stdout);
  assert.equal(b.stderr, a.stderr);
});

const LOCALES = ['C', 'C.UTF-8', 'tr_TR.UTF-8', 'de_DE.ISO-8859-1', 'xx_INVALID'];
const TIME_ZONES = ['Pacific/Kiritimati', 'Etc/GMT+12', 'Invalid/Zone'];

/** A tree whose output involves case mapping and sorting of non-ASCII names. */
function localeSensitiveTree(): string {
  const unicodeTree = path.join(fixtureTrees, 'unicode-names');
  return fs.existsSync(unicodeTree) ? unicodeTree : baseTree;
}

test('locale and time zone do not change the output (LANG, LC_ALL, LC_COLLATE, LC_CTYPE, TZ; markdown and JSON)', async () => {
  const cli = await bundledCli();
  const cwd = makeTempDir('env');
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const runs = [
    ['--root', localeSensitiveTree(), '-o', '-'],
    ['--root', baseTree, '-o', '-', '--format', 'json'],
  ];
  const baseline = runs.map((argv) => runProcess(cli, argv, { cwd, env: { ...base, LANG: 'C', TZ: 'UTC' } }));
  for (const r of baseline) assert.equal(r.code, 0, r.stderr);
  const variants: NodeJS.ProcessEnv[] = [
    ...LOCALES.map((locale) => ({ LANG: locale, LC_ALL: locale, TZ: 'UTC' })),
    { LANG: 'C', LC_COLLATE: 'tr_TR.UTF-8', LC_CTYPE: 'tr_TR.UTF-8' },
    ...TIME_ZONES.map((tz) => ({ LANG: 'en_US.UTF-8', TZ: tz })),
  ];
  for (const env of variants) {
    runs.forEach((argv, i) => {
      const r = runProcess(cli, argv, { cwd, env: { ...base, ...env } });
      assert.equal(r.code, 0, `${JSON.stringify(env)}: ${r.stderr}`);
      assert.equal(r.stdout, baseline[i].stdout, `${argv.join(' ')} under ${JSON.stringify(env)}`);
      assert.equal(r.stderr, baseline[i].stderr);
    });
  }
});

test('the written file is the same under another locale and time zone (and across a day change in TZ)', async () => {
  const cli = await bundledCli();
  const root = copyBaseTree('env-file');
  const outA = path.join(root, 'a.md');
  const outB = path.join(root, 'b.md');
  assert.equal(
    runProcess(cli, ['--root', root, '-o', outA], {
      cwd: root,
      env: { ...process.env, LANG: 'tr_TR.UTF-8', TZ: 'Pacific/Kiritimati' },
    }).code,
    0,
  );
  assert.equal(
    runProcess(cli, ['--root', root, '-o', outB], {
      cwd: root,
      env: { ...process.env, LANG: 'C', TZ: 'Etc/GMT+12' },
    }).code,
    0,
  );
  assert.deepEqual(fs.readFileSync(outA), fs.readFileSync(outB));
});
