// The line diff --check prints: applying its hunks to the old text gives the
// new one, unchanged lines are never reported, and the cap counts lines.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { diffLines, renderLineDiff, type DiffHunk } from '../../src/render/line-diff.js';

function lines(text: string): string[] {
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return text === '' ? [] : all;
}

/** The old text's lines with each hunk's removed lines replaced by its added ones. */
function apply(before: string, hunks: readonly DiffHunk[]): string[] {
  const a = lines(before);
  const out: string[] = [];
  let next = 0; // 0-based index of the next old line to copy
  for (const hunk of hunks) {
    const at = hunk.oldStart - 1;
    assert.ok(at >= next, 'hunks in order, not overlapping');
    out.push(...a.slice(next, at));
    assert.equal(out.length + 1, hunk.newStart, 'newStart is where the added lines land');
    assert.deepEqual(a.slice(at, at + hunk.removed.length), hunk.removed, 'removed lines are the old ones');
    out.push(...hunk.added);
    next = at + hunk.removed.length;
  }
  out.push(...a.slice(next));
  return out;
}

test('one changed row among unchanged ones is one hunk of one line each way', () => {
  const hunks = diffLines('a\nb\nc\nd\n', 'a\nb\nC\nd\n');
  assert.deepEqual(hunks, [{ oldStart: 3, newStart: 3, removed: ['c'], added: ['C'] }]);
  assert.equal(renderLineDiff(hunks, 20), '@@ -3 +3 @@\n-c\n+C\n');
});

test('a row inserted, and one deleted: no unchanged line is reported', () => {
  assert.deepEqual(diffLines('a\nb\nc\n', 'a\nx\nb\nc\n'), [
    { oldStart: 2, newStart: 2, removed: [], added: ['x'] },
  ]);
  assert.deepEqual(diffLines('a\nb\nc\n', 'a\nc\n'), [
    { oldStart: 2, newStart: 2, removed: ['b'], added: [] },
  ]);
  assert.deepEqual(diffLines('same\n', 'same\n'), []);
});

test('applying the hunks to the old text gives the new text; common lines are kept', () => {
  const line = fc.constantFrom('a', 'b', 'c', '| x |', '');
  const text = fc.array(line, { maxLength: 30 }).map((ls) => ls.map((l) => `${l}\n`).join(''));
  fc.assert(
    fc.property(text, text, (before, after) => {
      const hunks = diffLines(before, after);
      assert.deepEqual(apply(before, hunks), lines(after));
      // Minimal: the lines kept are a longest common subsequence (checked against a plain DP).
      const kept = lines(before).length - hunks.reduce((n, h) => n + h.removed.length, 0);
      assert.equal(kept, lcsLength(lines(before), lines(after)));
    }),
    { numRuns: 500 },
  );
});

function lcsLength(a: string[], b: string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = x === b[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1]);
      diagonal = above;
    }
  }
  return row[b.length];
}

test('past the cap: the first lines, then a count of the rest', () => {
  const before = Array.from({ length: 30 }, (_, i) => `old ${i}\n`).join('');
  const after = Array.from({ length: 30 }, (_, i) => `new ${i}\n`).join('');
  const text = renderLineDiff(diffLines(before, after), 5);
  assert.equal(text, '@@ -1 +1 @@\n-old 0\n-old 1\n-old 2\n-old 3\n-old 4\n… 55 more changed lines\n');
  assert.equal(renderLineDiff(diffLines('a\n', 'b\n'), 1), '@@ -1 +1 @@\n-a\n… 1 more changed line\n');
});

test('a huge middle part is shown as replaced, without a quadratic table', () => {
  const before = Array.from({ length: 3000 }, (_, i) => `a${i}\n`).join('');
  const after = Array.from({ length: 3000 }, (_, i) => `b${i}\n`).join('');
  const [hunk, ...rest] = diffLines(`head\n${before}tail\n`, `head\n${after}tail\n`);
  assert.deepEqual(rest, []);
  assert.equal(hunk.oldStart, 2);
  assert.equal(hunk.removed.length, 3000);
  assert.equal(hunk.added.length, 3000);
});
