// What --check changed in the document, as a short line diff for the failing
// hook's output: the rows that differ, not the whole page.

/** A run of consecutive changed lines: `removed` replaced by `added`. Line numbers are 1-based. */
export interface DiffHunk {
  readonly oldStart: number;
  readonly newStart: number;
  readonly removed: readonly string[];
  readonly added: readonly string[];
}

/** Past this many cells the middle part is shown as wholly replaced rather than matched line by line. */
const MAX_TABLE_CELLS = 4_000_000;

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * The changes from `before` to `after`, line by line: a longest common
 * subsequence of the lines between the common head and tail, each gap of it
 * one hunk.
 */
export function diffLines(before: string, after: string): DiffHunk[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n === 0 && m === 0) return [];
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_TABLE_CELLS) {
    return [
      {
        oldStart: head + 1,
        newStart: head + 1,
        removed: a.slice(head, head + n),
        added: b.slice(head, head + m),
      },
    ];
  }

  // common[i * (m + 1) + j]: length of the longest common subsequence of a[head+i..] and b[head+j..].
  const width = m + 1;
  const common = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      common[i * width + j] =
        a[head + i] === b[head + j]
          ? common[(i + 1) * width + j + 1] + 1
          : Math.max(common[(i + 1) * width + j], common[i * width + j + 1]);
    }
  }

  const hunks: DiffHunk[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  let oldStart = 0;
  let newStart = 0;
  const flush = (): void => {
    if (removed.length > 0 || added.length > 0) hunks.push({ oldStart, newStart, removed, added });
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[head + i] === b[head + j]) {
      flush();
      i++;
      j++;
      continue;
    }
    if (removed.length === 0 && added.length === 0) {
      oldStart = head + i + 1;
      newStart = head + j + 1;
    }
    if (i < n && (j === m || common[(i + 1) * width + j] >= common[i * width + j + 1]))
      removed.push(a[head + i++]);
    else added.push(b[head + j++]);
  }
  flush();
  return hunks;
}

/**
 * The hunks as diff text, `-` before and `+` after, each hunk under a
 * `@@ -line +line @@` header; at most `maxLines` changed lines, then a count
 * of the rest.
 */
export function renderLineDiff(hunks: readonly DiffHunk[], maxLines: number): string {
  const out: string[] = [];
  let shown = 0;
  let total = 0;
  for (const hunk of hunks) {
    total += hunk.removed.length + hunk.added.length;
    if (shown >= maxLines) continue;
    out.push(`@@ -${hunk.oldStart} +${hunk.newStart} @@`);
    for (const [sign, lines] of [
      ['-', hunk.removed],
      ['+', hunk.added],
    ] as const) {
      for (const line of lines) {
        if (shown >= maxLines) break;
        out.push(`${sign}${line}`);
        shown++;
      }
    }
  }
  if (total > shown) out.push(`… ${total - shown} more changed line${total - shown === 1 ? '' : 's'}`);
  return out.map((line) => `${line}\n`).join('');
}

/** What --check says on stderr when it rewrites a document: its changed lines, or why there are none to show. */
export function renderDocumentChange(before: string | null, after: string, maxLines: number): string {
  if (before === null) return '(the file did not exist)\n';
  const hunks = diffLines(before, after);
  return hunks.length > 0 ? renderLineDiff(hunks, maxLines) : '(only the newline at the end differs)\n';
}
