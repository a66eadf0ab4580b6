// `diff A B` and `history` on a repository built here from the demo tree, one
// known change per commit (a head size, a renamed file, a backend dropped, a
// broken and fixed registry, FA3's sinks), read through a work tree, a bare
// clone and a shallow one; sides given as revisions or folders; exit codes
// and the one-line errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIFF_HELP_TEXT } from '../../src/cli/diff.js';
import { HISTORY_HELP_TEXT } from '../../src/cli/history.js';
import {
  assertOneLineError,
  cliIn,
  demoTree,
  git,
  initRepository,
  replaceWorkTree,
  scratchDir,
  scriptedHistory,
  writeFiles,
} from './repo-builder.js';

const scratch = scratchDir('diff');
const backends = 'vllm/v1/attention/backends';
const registryFile = `${backends}/registry.py`;
const repo = initRepository(path.join(scratch, 'repo'));
const { read, edit, commit, commits } = scriptedHistory(repo, '2026-04');

replaceWorkTree(repo, demoTree);
fs.rmSync(path.join(repo, 'docs'), { recursive: true });
commit('demo');
edit(`${backends}/flashinfer.py`, '[64, 128, 256]', '[64, 128, 256, 512]');
commit('flashinfer head size 512');
git(repo, ['mv', `${backends}/triton_attn.py`, `${backends}/triton.py`]);
edit(registryFile, 'backends.triton_attn.', 'backends.triton.');
commit('rename the triton file');
edit(registryFile, '    CPU_ATTN = "vllm.v1.attention.backends.cpu_attn.CPUAttentionBackend"\n', '');
commit('drop CPU_ATTN');
writeFiles(repo, { [registryFile]: `${read(registryFile)}\n    BROKEN = (\n` });
commit('break the registry');
edit(registryFile, '\n    BROKEN = (\n', '');
commit('fix the registry');
edit(`${backends}/fa_utils.py`, 'get_flash_attn_version() in (3, 4)', 'get_flash_attn_version() == 4');
commit('FA3 loses sinks');
writeFiles(repo, { 'README.md': 'not an input\n' });
commit('readme');

const bare = path.join(scratch, 'bare.git');
git(scratch, ['clone', '-q', '--bare', repo, bare]);
const shallow = path.join(scratch, 'shallow');
git(scratch, ['clone', '-q', '--depth', '2', `file://${repo}`, shallow]);
/** The demo tree as a folder, and one with FlashInfer's head size 512. */
const demoFolder = path.join(scratch, 'demo-folder');
fs.cpSync(demoTree, demoFolder, { recursive: true });
const editedFolder = path.join(scratch, 'edited-folder');
fs.cpSync(demoTree, editedFolder, { recursive: true });
const flashinferInFolder = path.join(editedFolder, backends, 'flashinfer.py');
fs.writeFileSync(
  flashinferInFolder,
  fs.readFileSync(flashinferInFolder, 'utf8').replace('[64, 128, 256]', '[64, 128, 256, 512]'),
);

const cli = cliIn(scratch);

test('diff of two commits: the change in words, exit 1', () => {
  const r = cli(['diff', '--root', repo, commits.demo, 'main~6']);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(
    r.stdout,
    [
      `1 change in the attention backend matrix from ${commits.demo} to main~6:`,
      '',
      'Standard attention',
      '  FLASHINFER head sizes: + 512',
      '',
    ].join('\n'),
  );
});

test('diff: nothing changed (a file renamed with its registry entry, a README), exit 0', () => {
  const renamed = cli(['diff', '--root', repo, 'HEAD~6', 'HEAD~5']);
  assert.equal(renamed.code, 0, renamed.stderr);
  assert.equal(renamed.stdout, 'No change in the attention backend matrix from HEAD~6 to HEAD~5.\n');
  assert.equal(cli(['diff', '--root', repo, 'HEAD~1', 'HEAD']).code, 0);
});

test('diff across several commits, from inside the work tree without --root; markdown', () => {
  const r = cli(['diff', '--format', 'markdown', commits.demo, 'HEAD'], { cwd: path.join(repo, backends) });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(
    r.stdout,
    [
      `**Attention backend matrix: 4 changes** (\`${commits.demo}\` → \`HEAD\`): 3 in standard attention, 1 in FlashAttention versions`,
      '',
      '#### Standard attention',
      '',
      '| Backend | Version | Change |',
      '| --- | --- | --- |',
      '| `CPU_ATTN` |  | row removed |',
      '| `FLASHINFER` |  | head sizes: + 512 |',
      '| `FLASH_ATTN` | FA3* | sink: ✅ → ❌ |',
      '',
      '#### FlashAttention versions (fa_utils.py)',
      '',
      '- `FLASH_ATTN` FA3 sink: ✅ → ❌',
      '',
    ].join('\n'),
  );
});

test('diff --format json: the typed changes and the sides, with a schema version', () => {
  const r = cli(['diff', '--root', repo, '--format', 'json', 'HEAD~2', 'HEAD~1']);
  assert.equal(r.code, 1, r.stderr);
  const json = JSON.parse(r.stdout) as {
    schemaVersion: number;
    from: { spec: string; kind: string; commit: string };
    to: { commit: string };
    changed: boolean;
    changes: {
      section: string;
      backend: string;
      variant: string;
      field: string;
      kind: string;
      before: unknown;
      after: unknown;
    }[];
  };
  assert.equal(json.schemaVersion, 1);
  assert.deepEqual(json.from, {
    spec: 'HEAD~2',
    kind: 'revision',
    commit: commits['fix the registry'],
    path: null,
  });
  assert.equal(json.to.commit, commits['FA3 loses sinks']);
  assert.equal(json.changed, true);
  assert.deepEqual(
    json.changes.map((c) => [c.section, c.backend, c.variant, c.field, c.kind, c.before, c.after]),
    [
      ['standard', 'FLASH_ATTN', 'FA3', 'supportsSink', 'changed', true, false],
      ['flash-attention', 'FLASH_ATTN', 'FA3', 'supportsSink', 'changed', true, false],
    ],
  );
});

test('diff sides may be folders, or one a folder and one a revision', () => {
  const folders = cli(['diff', demoFolder, editedFolder]);
  assert.equal(folders.code, 1, folders.stderr);
  assert.match(folders.stdout, /FLASHINFER head sizes: \+ 512/);
  const mixed = cli(['diff', '--root', repo, demoFolder, commits.demo]);
  assert.equal(mixed.code, 0, mixed.stderr + mixed.stdout);
});

test('diff through a bare clone gives the same; a shallow clone stops where its history does', () => {
  const fromRepo = cli(['diff', '--root', repo, '--format', 'json', commits.demo, 'HEAD']);
  const fromBare = cli(['diff', '--root', bare, '--format', 'json', commits.demo, 'HEAD']);
  assert.equal(fromBare.code, 1, fromBare.stderr);
  assert.equal(fromBare.stdout, fromRepo.stdout);
  const within = cli(['diff', '--root', shallow, 'HEAD~1', 'HEAD']);
  assert.equal(within.code, 0, within.stderr);
  assertOneLineError(
    cli(['diff', '--root', shallow, 'HEAD~3', 'HEAD']),
    /unknown revision 'HEAD~3' .*a shallow clone.*git fetch --unshallow/,
  );
});

test('diff errors: one line, exit 2', () => {
  assertOneLineError(cli(['diff', '--root', repo, 'nowhere', 'HEAD']), /unknown revision 'nowhere'/);
  assertOneLineError(cli(['diff', '--root', demoFolder, 'HEAD~1', 'HEAD']), /is not a git repository/);
  assertOneLineError(
    cli(['diff', '--root', repo, commits['break the registry'], 'HEAD']),
    /cannot parse [0-9a-f]+:vllm\/v1\/attention\/backends\/registry\.py:\d+/,
  );
  assertOneLineError(cli(['diff', '--root', repo, 'HEAD']), /diff: give two revisions or folders/);
  assertOneLineError(
    cli(['diff', '--root', repo, demoFolder, `${editedFolder}-typo`]),
    /'[^']*edited-folder-typo' is neither a folder nor a revision/,
  );
  assertOneLineError(cli(['diff', '--format', 'html', 'A', 'B']), /invalid choice: 'html'/);
  assertOneLineError(cli(['diff', '--generator-version', '99', 'A', 'B']), /unknown generator version '99'/);
});

test('diff --generator-version: both sides follow it', () => {
  const r = cli([
    'diff',
    '--root',
    repo,
    '--format',
    'json',
    '--generator-version',
    '12',
    'HEAD~2',
    'HEAD~1',
  ]);
  assert.equal(r.code, 1, r.stderr);
  const json = JSON.parse(r.stdout) as {
    generators: { before: { version: number }; after: { version: number } };
  };
  assert.deepEqual([json.generators.before.version, json.generators.after.version], [12, 12]);
  // Without a version asked for, a tree without the script follows the newest, and says so once per side.
  const noted = cli(['diff', '--root', repo, 'HEAD~2', 'HEAD~1'], { env: process.env });
  assert.equal(noted.code, 1);
  assert.equal(noted.stderr.match(/note: HEAD~\d: the tree has no tools\/pre_commit/g)?.length, 2);
});

test('history: one entry per change of the matrix, newest first, with date and subject', () => {
  const r = cli(['history', '--root', repo, '--since', commits.demo]);
  assert.equal(r.code, 0, r.stderr);
  const headers = r.stdout.split('\n').filter((l) => /^[0-9a-f]{10} {2}/.test(l));
  assert.deepEqual(
    headers.map((l) => l.slice(12)),
    [
      '2026-04-07  FA3 loses sinks',
      '2026-04-06  fix the registry',
      '2026-04-05  break the registry',
      '2026-04-04  drop CPU_ATTN',
      '2026-04-02  flashinfer head size 512',
    ],
  );
  assert.ok(headers[0].startsWith(commits['FA3 loses sinks'].slice(0, 10)));
  assert.match(
    r.stdout,
    /break the registry\n {2}the reference script stops here: cannot parse [0-9a-f]{10}:vllm\/v1\/attention\/backends\/registry\.py:\d+/,
  );
  assert.match(r.stdout, /drop CPU_ATTN\n {2}Standard attention: CPU_ATTN row removed\n/);
});

test('history --backend, --field: only those changes; --since a date, --until a revision', () => {
  const r = cli([
    'history',
    '--root',
    bare,
    '--since',
    '2026-04-02',
    '--backend',
    'flashinfer',
    '--field',
    'head-sizes',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    `${commits['flashinfer head size 512'].slice(0, 10)}  2026-04-02  flashinfer head size 512\n  Standard attention: FLASHINFER head sizes: + 512\n`,
  );
  const sinks = cli([
    'history',
    '--root',
    repo,
    '--since',
    commits.demo,
    '--field',
    'sink',
    '--format',
    'json',
  ]);
  const json = JSON.parse(sinks.stdout) as { entries: { subject: string; changes: { field: string }[] }[] };
  assert.deepEqual(
    json.entries.map((e) => [e.subject, e.changes.map((c) => c.field)]),
    [
      ['FA3 loses sinks', ['supportsSink', 'supportsSink']],
      ['drop CPU_ATTN', [null]],
    ],
  );
  const until = cli([
    'history',
    '--root',
    repo,
    '--since',
    commits.demo,
    '--until',
    'HEAD~4',
    '--format',
    'json',
  ]);
  const untilJson = JSON.parse(until.stdout) as { entries: { subject: string }[] };
  assert.deepEqual(
    untilJson.entries.map((e) => e.subject),
    ['drop CPU_ATTN', 'flashinfer head size 512'],
  );
  const none = cli(['history', '--root', repo, '--since', 'HEAD~1']);
  assert.equal(none.stdout, 'No change of the attention backend matrix since HEAD~1 to HEAD.\n');
});

test('history errors: one line, exit 2', () => {
  assertOneLineError(
    cli(['history', '--root', shallow]),
    /history back to the first commit is not in .*a shallow clone/,
  );
  assertOneLineError(cli(['history', '--root', repo, '--since', 'nowhere']), /unknown revision 'nowhere'/);
  assertOneLineError(cli(['history', '--root', repo, '--field', 'colour']), /unknown field 'colour'/);
  assertOneLineError(cli(['history', '--root', repo, 'extra']), /unrecognized arguments: extra/);
  assertOneLineError(
    cli(['history', '--root', repo, '--since', '2026-04-01 noon']),
    /'2026-04-01 noon' is not a date/,
  );
});

test('diff --help and history --help', () => {
  assert.deepEqual(cli(['diff', '--help']), { code: 0, stdout: DIFF_HELP_TEXT, stderr: '' });
  assert.deepEqual(cli(['history', '-h']), { code: 0, stdout: HISTORY_HELP_TEXT, stderr: '' });
  assert.match(cli(['--help']).stdout, /\n {2}diff A B {14}what changed/);
});
