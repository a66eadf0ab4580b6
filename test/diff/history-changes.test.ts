// A walk's outcomes as history entries: only commits that changed the matrix,
// newest first; errors and recoveries; filters by backend and field.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ErrorDiagnostic } from '../../src/diagnostics.js';
import { fieldsNamed, normalizedBackend } from '../../src/diff/filter.js';
import { filterHistory, historyChanges } from '../../src/diff/history-changes.js';
import type { AnalysisOutcome, HistoryEntry } from '../../src/history.js';
import type { FeatureMatrix } from '../../src/matrix.js';
import { renderHistoryText } from '../../src/render/diff-text.js';
import { renderHistoryJson } from '../../src/render/diff-json.js';
import { BACKENDS, DEMO, edited, matrixOf } from './helpers.js';

const base = matrixOf(DEMO);
const headSizes = edited({ [`${BACKENDS}/flashinfer.py`]: [['[64, 128, 256]', '[64, 128, 256, 512]']] });
const withHead512 = matrixOf(headSizes);
const reordered = matrixOf(
  edited(
    {
      'vllm/platforms/cuda.py': [
        [
          '                AttentionBackendEnum.FLASHINFER,\n                AttentionBackendEnum.FLASH_ATTN,\n                AttentionBackendEnum.TRITON_ATTN,',
          '                AttentionBackendEnum.FLASH_ATTN,\n                AttentionBackendEnum.FLASHINFER,\n                AttentionBackendEnum.TRITON_ATTN,',
        ],
      ],
    },
    {},
    headSizes,
  ),
);
const brokenRegistry: ErrorDiagnostic = {
  severity: 'error',
  code: 'registry-unparsable',
  args: { reason: 'invalid syntax (<unknown>, line 3)' },
  file: `${BACKENDS}/registry.py`,
  line: 3,
};

const matrix = (m: FeatureMatrix): AnalysisOutcome => ({ kind: 'matrix', matrix: m });
const error = (d: ErrorDiagnostic): AnalysisOutcome => ({ kind: 'error', diagnostic: d });

let day = 0;
/** Walk entries, given oldest first as (subject, outcome); returned newest first as walkHistory gives them. */
function walk(...steps: [string, AnalysisOutcome][]): HistoryEntry[] {
  return steps
    .map(([subject, outcome]) => {
      day++;
      return {
        commit: `${String(day).padStart(2, '0')}`.repeat(20),
        date: `2026-03-${String(day).padStart(2, '0')}T12:00:00+00:00`,
        subject,
        outcome,
      };
    })
    .reverse();
}

const entries = walk(
  ['comment only', matrix(base)],
  ['FlashInfer head size 512', matrix(withHead512)],
  ['break the registry', error(brokenRegistry)],
  ['still broken, elsewhere', error(brokenRegistry)],
  ['fix it, and Blackwell prefers FLASH_ATTN', matrix(reordered)],
);

test('one entry per change of the matrix, newest first; the same error twice is one entry', () => {
  const history = historyChanges(entries, matrix(base));
  assert.deepEqual(
    history.map((e) => [e.subject, e.kind]),
    [
      ['fix it, and Blackwell prefers FLASH_ATTN', 'recovered'],
      ['break the registry', 'error'],
      ['FlashInfer head size 512', 'changes'],
    ],
  );
  // A recovery is compared with the last commit that had a matrix.
  const recovered = history[0].diff!;
  assert.deepEqual(
    recovered.changes.map((c) => [c.section, c.field]),
    [['priorities', 'standardSm100']],
  );
  assert.equal(history[1].error, brokenRegistry);
  assert.equal(history[1].diff, null);
});

test('filters: a backend (also in priority lists it moved in), a field; entries with nothing left go', () => {
  const history = historyChanges(entries, matrix(base));
  const subjects = (filter: Parameters<typeof filterHistory>[1]) =>
    filterHistory(history, filter).map((e) => e.subject);
  assert.deepEqual(subjects({ backend: 'FLASHINFER' }), [
    'fix it, and Blackwell prefers FLASH_ATTN',
    'FlashInfer head size 512',
  ]);
  assert.deepEqual(subjects({ backend: 'TRITON_ATTN' }), []);
  assert.deepEqual(subjects({ fields: fieldsNamed('Head Sizes') }), ['FlashInfer head size 512']);
  assert.deepEqual(subjects({ backend: 'FLASH_ATTN', fields: fieldsNamed('head-sizes') }), []);
  assert.deepEqual(subjects({ fields: fieldsNamed('priorities') }), [
    'fix it, and Blackwell prefers FLASH_ATTN',
  ]);
  const kept = filterHistory(history, { backend: 'FLASHINFER', fields: ['headSizes'] });
  assert.equal(kept[0].diff?.changes.length, 2, 'both FlashInfer rows');
});

test('field and backend names are matched loosely', () => {
  assert.deepEqual(fieldsNamed('head-sizes'), ['headSizes']);
  assert.deepEqual(fieldsNamed('Compute Cap.'), ['computeCapability']);
  assert.deepEqual(fieldsNamed('sink'), ['supportsSink']);
  assert.deepEqual(fieldsNamed('kv_dtypes'), ['kvCacheDtypes']);
  assert.deepEqual(fieldsNamed('priorities'), ['standardSm100', 'standardDefault', 'mlaSm100', 'mlaDefault']);
  assert.deepEqual(fieldsNamed('nonsense'), []);
  assert.equal(normalizedBackend('flash-attn'), 'FLASH_ATTN');
});

test('from the first commit: everything it has is new', () => {
  const history = historyChanges(walk(['first', matrix(base)]), null);
  assert.equal(history.length, 1);
  const rows = history[0].diff?.changes.filter((c) => c.section === 'standard' || c.section === 'mla-decode');
  assert.ok(rows?.every((c) => c.kind === 'added'));
  assert.equal(rows?.length, base.backends.length);
});

test('text and JSON: commit, date, subject, and the changes under their sections', () => {
  const history = filterHistory(historyChanges(entries, matrix(base)), { backend: 'FLASHINFER' });
  const text = renderHistoryText(history, { range: 'since x to HEAD' });
  assert.equal(
    text,
    [
      '0505050505  2026-03-05  fix it, and Blackwell prefers FLASH_ATTN',
      '  the document can be generated again:',
      '  Backend priority (CUDA): standard, Blackwell (SM 10.x): re-ordered: FLASHINFER, FLASH_ATTN, TRITON_ATTN → FLASH_ATTN, FLASHINFER, TRITON_ATTN',
      '',
      '0202020202  2026-03-02  FlashInfer head size 512',
      '  Standard attention: FLASHINFER head sizes: + 512',
      '',
    ].join('\n'),
  );
  assert.equal(
    renderHistoryText([], { range: 'since x to HEAD' }),
    'No change of the attention backend matrix since x to HEAD.\n',
  );
  const json = JSON.parse(
    renderHistoryJson(historyChanges(entries, matrix(base)), {
      repository: '/r',
      since: 'x',
      until: 'HEAD',
      base: null,
      filter: { backend: null, fields: null },
    }),
  ) as {
    entries: {
      subject: string;
      kind: string;
      error: { code: string; message: string } | null;
      changes: unknown[];
    }[];
  };
  assert.deepEqual(
    json.entries.map((e) => [e.subject, e.kind, e.error?.code ?? null, e.changes.length]),
    [
      ['fix it, and Blackwell prefers FLASH_ATTN', 'recovered', null, 1],
      ['break the registry', 'error', 'registry-unparsable', 0],
      ['FlashInfer head size 512', 'changes', null, 2],
    ],
  );
  assert.match(
    json.entries[1].error!.message,
    /cannot parse 0303030303:vllm\/v1\/attention\/backends\/registry.py:3/,
  );
});
