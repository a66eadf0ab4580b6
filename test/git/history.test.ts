// The history walk on a repository built here from the demo tree, one known
// change per commit: which commits are listed (newest first, first parents,
// renames, a file that becomes an input only later), that each one's matrix
// is what a fresh analysis of that commit gives although stages are replayed
// across commits, the range bounds, and the errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listCommits, walkHistory, type History } from '../../src/history.js';
import { GitRepository } from '../../src/tree/git-repository.js';
import {
  demoTree,
  git,
  initRepository,
  outcomeOf,
  replaceWorkTree,
  revisionErrorCode,
  scratchDir,
  scriptedHistory,
  writeFiles,
} from './repo-builder.js';

const scratch = scratchDir('history');
const backends = 'vllm/v1/attention/backends';
const registryFile = `${backends}/registry.py`;
const repo = initRepository(path.join(scratch, 'repo'));
const { read, edit, commit, commits } = scriptedHistory(repo, '2026-03');

replaceWorkTree(repo, demoTree);
fs.rmSync(path.join(repo, 'docs'), { recursive: true });
commit('demo');
writeFiles(repo, { 'README.md': 'not an input\n' });
commit('readme only');
edit(`${backends}/triton_attn.py`, 'MultipleOf(16)', 'MultipleOf(32)');
commit('triton block sizes');
git(repo, ['mv', `${backends}/rocm_attn.py`, `${backends}/rocm_attention.py`]);
edit(registryFile, 'backends.rocm_attn.', 'backends.rocm_attention.');
commit('rename rocm with its registry entry');
git(repo, ['mv', `${backends}/cpu_attn.py`, `${backends}/cpu_attention.py`]);
commit('rename cpu file only');
edit(registryFile, 'backends.cpu_attn.', 'backends.cpu_attention.');
commit('point the registry at the renamed cpu file');
edit(
  `${backends}/triton_attn.py`,
  'class TritonAttentionBackend(AttentionBackend):\n',
  'from .triton_common import TritonCommonImpl\n\n\nclass TritonImpl(TritonCommonImpl):\n    pass\n\n\nclass TritonAttentionBackend(AttentionBackend):\n    @staticmethod\n    def get_impl_cls():\n        return TritonImpl\n\n',
);
writeFiles(repo, {
  [`${backends}/triton_common.py`]: 'class TritonCommonImpl:\n    can_return_lse_for_decode = True\n',
});
commit('triton impl from a common file');
edit(`${backends}/triton_common.py`, '= True', '= False');
commit('common file only: no DCP');
writeFiles(repo, { [registryFile]: `${read(registryFile)}\n    BROKEN = (\n` });
commit('break the registry');
edit(registryFile, '\n    BROKEN = (\n', '');
commit('fix the registry');
git(repo, ['checkout', '-q', '-b', 'side']);
edit(`${backends}/flash_attn.py`, '"""', '"""Edited on a side branch. ');
commit('side: flash_attn docstring');
edit(`${backends}/triton_attn.py`, 'MultipleOf(32)', 'MultipleOf(64)');
commit('side: triton block sizes');
git(repo, ['checkout', '-q', 'main']);
git(repo, ['merge', '-q', '--no-ff', '-m', 'merge side', 'side'], {
  GIT_AUTHOR_DATE: '2026-03-20T12:00:00Z',
  GIT_COMMITTER_DATE: '2026-03-20T12:00:00Z',
});
commits['merge side'] = git(repo, ['rev-parse', 'HEAD']).trim();
writeFiles(repo, { 'README.md': 'still not an input\n' });
commit('readme again');

const LABEL = '/checkout';
const subjects = (h: History): string[] => h.entries.map((e) => e.subject);
const whole = walkHistory(repo, { since: { revision: commits.demo }, label: LABEL });

test('the commits that changed an input, newest first, first parents only, with commit, date and subject', () => {
  assert.deepEqual(subjects(whole), [
    'merge side',
    'fix the registry',
    'break the registry',
    'common file only: no DCP',
    'triton impl from a common file',
    'point the registry at the renamed cpu file',
    'rename cpu file only',
    'rename rocm with its registry entry',
    'triton block sizes',
  ]);
  const fixed = whole.entries[1];
  assert.equal(fixed.commit, commits['fix the registry']);
  assert.equal(fixed.date, '2026-03-10T12:00:00+00:00');
  assert.equal(whole.base?.commit, commits.demo);
  assert.ok(whole.paths.includes(`${backends}/triton_common.py`), 'found as an input once read');
});

test("each commit's matrix (or error) is a fresh analysis of that commit", () => {
  const repository = GitRepository.open(repo);
  try {
    for (const entry of [...whole.entries, whole.base!]) {
      const fresh = outcomeOf(repository.tree(entry.commit, { label: LABEL }));
      assert.deepEqual(entry.outcome, fresh, entry.subject);
    }
  } finally {
    repository.close();
  }
  assert.equal(whole.entries[2].outcome.kind, 'error');
  assert.equal(
    whole.entries[2].outcome.kind === 'error' && whole.entries[2].outcome.diagnostic.code,
    'registry-unparsable',
  );
});

test('the changes show where they were made', () => {
  const row = (subject: string, name: string) => {
    const entry = whole.entries.find((e) => e.subject === subject)!;
    assert.equal(entry.outcome.kind, 'matrix');
    return entry.outcome.kind === 'matrix'
      ? entry.outcome.matrix.backends.find((b) => b.name === name)
      : undefined;
  };
  assert.deepEqual(row('triton block sizes', 'TRITON_ATTN')?.blockSizes, {
    kind: 'listed',
    entries: [{ kind: 'multiple-of', value: 32 }],
  });
  assert.equal(row('rename cpu file only', 'CPU_ATTN'), undefined, 'the registry points at a missing file');
  assert.ok(row('point the registry at the renamed cpu file', 'CPU_ATTN'));
  assert.equal(row('triton impl from a common file', 'TRITON_ATTN')?.supportsDcp, true);
  assert.equal(row('common file only: no DCP', 'TRITON_ATTN')?.supportsDcp, false);
  assert.deepEqual(row('merge side', 'TRITON_ATTN')?.blockSizes, {
    kind: 'listed',
    entries: [{ kind: 'multiple-of', value: 64 }],
  });
});

test('stages whose inputs did not change are replayed, and a file is parsed again only when it comes back', () => {
  const { commitsAnalysed, stagesRun, stagesReplayed, filesParsed } = whole.stats;
  assert.equal(commitsAnalysed, whole.entries.length + 1);
  // 14 stages per commit (4 sections, 10 registry entries); a commit changes one or two.
  assert.ok(stagesReplayed > 3 * stagesRun, `${stagesRun} run, ${stagesReplayed} replayed`);
  // The walk keeps the parsed files of the last commit only (memory): a file is parsed once,
  // and again only when it comes back after a commit that did not read it (a file renamed
  // away and back). The walk's order: oldest first, then, in a second round, the commit that
  // changed only a file found in the first ('common file only: no DCP').
  const late = whole.entries.find((e) => e.subject === 'common file only: no DCP')!;
  const walkOrder = [whole.base!, ...[...whole.entries].reverse().filter((e) => e !== late), late];
  const repository = GitRepository.open(repo);
  const blobs = new Set<string>();
  let returning = 0;
  let freshParses = 0;
  let previous = new Set<string>();
  try {
    for (const entry of walkOrder) {
      const tree = repository.tree(entry.commit, { label: LABEL });
      outcomeOf(tree);
      const consulted = tree.consultedBlobs();
      freshParses += consulted.size;
      for (const blob of consulted) {
        if (blobs.has(blob) && !previous.has(blob)) returning++;
        blobs.add(blob);
      }
      if (entry.outcome.kind === 'matrix') previous = new Set(consulted);
    }
  } finally {
    repository.close();
  }
  assert.ok(
    filesParsed <= blobs.size + returning,
    `${filesParsed} parses for ${blobs.size} distinct files, ${returning} coming back`,
  );
  assert.ok(
    filesParsed * 3 < freshParses,
    `${filesParsed} parses, ${freshParses} for a fresh analysis of each commit`,
  );
});

test('a file that becomes an input later is watched from then on', () => {
  // Watching only what the first commit read misses the commit that changed triton_common.py alone.
  const firstInputs = whole.paths.filter((p) => !p.endsWith('triton_common.py'));
  const narrow = listCommits(repo, { since: { revision: commits.demo }, paths: firstInputs });
  assert.ok(!narrow.some((c) => c.subject === 'common file only: no DCP'));
  assert.ok(subjects(whole).includes('common file only: no DCP'));
});

test('listCommits: the commits touching given paths', () => {
  const listed = listCommits(repo, { since: { revision: commits.demo }, paths: [registryFile] });
  assert.deepEqual(
    listed.map((c) => c.subject),
    [
      'fix the registry',
      'break the registry',
      'point the registry at the renamed cpu file',
      'rename rocm with its registry entry',
    ],
  );
});

test('range bounds: a date, an end revision', () => {
  const fromDate = walkHistory(repo, {
    since: { date: '2026-03-04' },
    until: commits['point the registry at the renamed cpu file'],
  });
  assert.deepEqual(subjects(fromDate), [
    'point the registry at the renamed cpu file',
    'rename cpu file only',
    'rename rocm with its registry entry',
  ]);
  assert.equal(fromDate.base?.subject, 'triton block sizes');
  const withTime = walkHistory(repo, {
    since: { date: '2026-03-04T13:00:00Z' },
    until: commits['rename cpu file only'],
  });
  assert.deepEqual(subjects(withTime), ['rename cpu file only']);
  const all = walkHistory(repo, { until: commits['triton block sizes'] });
  assert.deepEqual(subjects(all), ['triton block sizes', 'demo']);
  assert.equal(all.base, null);
});

test('range errors: not an ancestor, not a date, unknown revision', () => {
  assert.equal(
    revisionErrorCode(() =>
      walkHistory(repo, {
        since: { revision: commits['side: flash_attn docstring'] },
        until: commits['fix the registry'],
      }),
    ),
    'revision-not-ancestor',
  );
  assert.equal(
    revisionErrorCode(() => walkHistory(repo, { since: { date: 'last tuesday' } })),
    'invalid-date',
  );
  assert.equal(
    revisionErrorCode(() => walkHistory(repo, { until: 'nowhere' })),
    'unknown-revision',
  );
});

test('a shallow clone: a walk reaching past its start is refused, one within it works', () => {
  const shallow = path.join(scratch, 'shallow');
  git(scratch, ['clone', '-q', '--depth', '3', `file://${repo}`, shallow]);
  assert.equal(
    revisionErrorCode(() => walkHistory(shallow)),
    'history-beyond-shallow',
  );
  assert.equal(
    revisionErrorCode(() => walkHistory(shallow, { since: { date: '2026-03-02' } })),
    'history-beyond-shallow',
  );
  const within = walkHistory(shallow, { since: { revision: 'HEAD~2' } });
  assert.deepEqual(subjects(within), ['merge side']);
});
