// node --import tsx scripts/check-diff.ts [--repo GIT_DIR] [--since DATE] [--until REV] [--far N] [--verbose]
//
// Checks `diff` against a line diff of the two documents, on real commits:
// for every first-parent commit of the range that changed
// docs/design/attention_backends.md, the pair (its parent, it), plus N
// far-apart pairs of those commits and pairs four document changes apart. Each side is analysed through git and its
// document rendered by the version its own script is (what that commit's
// script writes: conformance checks that elsewhere; how many committed
// documents equal ours is printed too). A pair is consistent when
//   1. every changed line of the documents is explained by some reported
//      change (a row line by a change of that row, a priority line by a change
//      of that list, a table header by a column that came or went, ...; text
//      outside the tables only by a change of generator version), and
//   2. every reported change shows in the documents where the version renders
//      it (a fact whose cell text is the same on both sides, such as a minor
//      version inside "9.x", is counted apart as not rendered).
// Prints "N of M consistent"; exit 1 when some pair is not.

import { analyze } from '../src/analyze.js';
import { diffMatrices, type MatrixChange } from '../src/diff/matrix-diff.js';
import type { MlaPrefillBackend } from '../src/extract/mla-prefill.js';
import type { PriorityKey } from '../src/extract/priorities.js';
import type { BackendRow, FeatureMatrix, Variant } from '../src/matrix.js';
import { cellsOf, type BackendCellsJson } from '../src/render/json.js';
import { diffLines } from '../src/render/line-diff.js';
import { prefillCells, renderMarkdown } from '../src/render/markdown.js';
import { variantCell } from '../src/render/cells.js';
import { GitRepository } from '../src/tree/git-repository.js';
import { versionByNumber, type RuleName } from '../src/versions/versions.js';

function usage(message: string): never {
  console.error(
    `check-diff: ${message}\nusage: [--repo GIT_DIR] [--since DATE] [--until REV] [--far N] [--verbose]`,
  );
  process.exit(2);
}

const argv = process.argv.slice(2);
let repo = '/work/.mirror/1CatAI+1Cat-vLLM/repo';
let since = '2026-01-28';
let until = '4ff865c38eac';
let far = 6;
let verbose = false;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--repo') repo = argv[++i] ?? usage('--repo needs a path');
  else if (a === '--since') since = argv[++i] ?? usage('--since needs a date');
  else if (a === '--until') until = argv[++i] ?? usage('--until needs a revision');
  else if (a === '--far') far = Number(argv[++i]);
  else if (a === '--verbose') verbose = true;
  else usage(`unknown argument ${a}`);
}
if (!Number.isInteger(far) || far < 0) usage('--far takes a whole number');

const DOCUMENT = 'docs/design/attention_backends.md';
const STRIDE = 4;
const repository = GitRepository.open(repo);
const text = (args: string[]): string => repository.run(args).stdout.toString('utf8');

// ---- which pairs ------------------------------------------------------------

const documentCommits = text([
  'log',
  '--first-parent',
  '--reverse',
  '--format=%H',
  `--since=${since}T00:00:00Z`,
  until,
  '--',
  DOCUMENT,
])
  .split('\n')
  .filter((c) => c !== '');
if (documentCommits.length < 2) usage('fewer than two commits changed the document in that range');
const pairs: [string, string, string][] = documentCommits.map((c) => [`${c}^1`, c, 'parent']);
for (let k = 0; k < far; k++) {
  // Spread over the range: from the first to the last, and between points in it.
  const n = documentCommits.length - 1;
  const a = Math.floor((k * n) / (far + 1));
  const b = n - Math.floor((k * n) / (2 * (far + 1)));
  if (a < b) pairs.push([documentCommits[a], documentCommits[b], 'far']);
}
// And commits a few document changes apart, several of them on one generator version.
for (let i = 0; i + STRIDE < documentCommits.length; i += STRIDE)
  pairs.push([documentCommits[i], documentCommits[i + STRIDE], `${STRIDE} apart`]);

// ---- where each document line belongs --------------------------------------

type Place =
  | { kind: 'text' }
  | { kind: 'blank' }
  | { kind: 'priority'; list: PriorityKey; backend: string | null }
  | { kind: 'sparse-footnote' }
  | { kind: 'table-head'; table: 'standard' | 'mla-decode' }
  | { kind: 'table-empty'; table: 'standard' | 'mla-decode' }
  | { kind: 'row'; table: 'standard' | 'mla-decode'; backend: string; version: string }
  | { kind: 'footnote'; mark: 'fi' | 'fa' | 'joiner' }
  | { kind: 'prefill'; name: string | null };

/** Each line of a document and the part of it the line belongs to. */
function places(document: string): Place[] {
  const lines = document.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: Place[] = [];
  let area: 'top' | 'priorities' | 'legend' | 'standard' | 'after-standard' | 'prefill' | 'decode' = 'top';
  let group: 'standard' | 'mla' = 'standard';
  let list: PriorityKey | null = null;
  let hasVersion = false;
  for (const line of lines) {
    if (line.startsWith('## Backend Priority')) area = 'priorities';
    else if (line.startsWith('## Legend')) area = 'legend';
    else if (line.startsWith('## Standard Attention')) area = 'standard';
    else if (line.startsWith('## MLA')) area = 'prefill';
    else if (line.startsWith('### Decode Backends')) area = 'decode';
    if (line === '') {
      out.push({ kind: 'blank' });
      continue;
    }
    if (area === 'priorities') {
      if (line.startsWith('### MLA')) group = 'mla';
      if (line.startsWith('**Blackwell')) list = group === 'mla' ? 'mlaSm100' : 'standardSm100';
      if (line.startsWith('**Ampere')) list = group === 'mla' ? 'mlaDefault' : 'standardDefault';
      if (line.startsWith('> **\\*** For sparse MLA')) out.push({ kind: 'sparse-footnote' });
      else if (line.startsWith('|') || line.startsWith('**')) {
        const name = /^\| \d+ \| `([^`]+)`/.exec(line);
        out.push({
          kind: 'priority',
          list: list ?? 'standardSm100',
          backend: name === null ? null : name[1],
        });
      } else out.push({ kind: 'text' });
      continue;
    }
    if (area === 'standard' || area === 'decode') {
      const table = area === 'standard' ? 'standard' : 'mla-decode';
      if (line.startsWith('| Backend |')) {
        hasVersion = line.startsWith('| Backend | Version |');
        out.push({ kind: 'table-head', table });
      } else if (/^\| ?-/.test(line) || line.startsWith('|-')) out.push({ kind: 'table-head', table });
      else if (line.startsWith('| `')) {
        const cells = line.slice(2, -2).split(' | ');
        const backend = cells[0].replaceAll('`', '');
        // From version 6 an empty Version cell reads "| |": the split then gives one cell less.
        const version = hasVersion && !line.startsWith(`| \`${backend}\` | |`) ? cells[1] : '';
        out.push({ kind: 'row', table, backend, version });
      } else if (line === 'No backends found.') out.push({ kind: 'table-empty', table });
      else if (line.startsWith('> **†**')) out.push({ kind: 'footnote', mark: 'fi' });
      else if (line.startsWith('> **\\*** Specify')) out.push({ kind: 'footnote', mark: 'fa' });
      else if (line === '>') out.push({ kind: 'footnote', mark: 'joiner' });
      else out.push({ kind: 'text' });
      continue;
    }
    if (
      area === 'prefill' &&
      line.startsWith('|') &&
      !line.startsWith('| Backend |') &&
      !/^\| ?-|^\|-/.test(line)
    ) {
      out.push({ kind: 'prefill', name: line.slice(2).split(' | ')[0] });
      continue;
    }
    if (area === 'prefill' && line.startsWith('|')) {
      out.push({ kind: 'prefill', name: null });
      continue;
    }
    out.push({ kind: 'text' });
  }
  return out;
}

// ---- the check ---------------------------------------------------------------

interface Side {
  readonly matrix: FeatureMatrix;
  readonly document: string;
  readonly rules: ReadonlySet<RuleName>;
}

function side(revision: string): Side {
  const commit = repository.resolveCommit(revision);
  const tree = repository.tree(commit, { label: '/tree' });
  const matrix = analyze(tree);
  return { matrix, document: renderMarkdown(matrix), rules: versionByNumber(matrix.generator.version).rules };
}

interface Changed {
  readonly side: 'before' | 'after';
  readonly line: string;
  readonly place: Place;
  readonly hunk: number;
}

function rowOf(m: FeatureMatrix, backend: string, variant: Variant | null): BackendRow | undefined {
  return m.backends.find((r) => r.name === backend && r.variant === variant);
}

function prefillOf(m: FeatureMatrix, id: string | null): MlaPrefillBackend | undefined {
  return m.mlaPrefillBackends.find((b) => b.id === id);
}

/** Problems of a pair: unexplained lines and changes not shown; also how many changes the documents cannot show. */
function checkPair(a: Side, b: Side): { problems: string[]; notRendered: number; changes: number } {
  const diff = diffMatrices(a.matrix, b.matrix);
  const generatorChanged = a.matrix.generator.version !== b.matrix.generator.version;
  const placesA = places(a.document);
  const placesB = places(b.document);
  const changed: Changed[] = [];
  diffLines(a.document, b.document).forEach((hunk, h) => {
    hunk.removed.forEach((line, i) =>
      changed.push({ side: 'before', line, place: placesA[hunk.oldStart - 1 + i], hunk: h }),
    );
    hunk.added.forEach((line, i) =>
      changed.push({ side: 'after', line, place: placesB[hunk.newStart - 1 + i], hunk: h }),
    );
  });
  const changes = diff.changes;
  const headChanged = (table: 'standard' | 'mla-decode'): boolean =>
    changed.some((c) => c.place.kind === 'table-head' && c.place.table === table);
  const rowChanges = (backend: string, version: string): MatrixChange[] =>
    changes.filter(
      (c) =>
        (c.section === 'standard' || c.section === 'mla-decode') &&
        c.backend === backend &&
        variantCell(c.variant) === version,
    );
  const prefillName = (
    backend: MlaPrefillBackend | undefined,
    rules: ReadonlySet<RuleName>,
  ): string | null => (backend === undefined ? null : prefillCells(backend, rules).name);

  /** A row whose facts did not change but whose cells read otherwise under the other version's rules. */
  const rewordedByVersion = (backend: string, version: string): boolean => {
    const variant = a.matrix.backends.find(
      (r) => r.name === backend && variantCell(r.variant) === version,
    )?.variant;
    const rowA = rowOf(a.matrix, backend, variant ?? null);
    const rowB = rowOf(b.matrix, backend, variant ?? null);
    return (
      rowA !== undefined &&
      rowB !== undefined &&
      JSON.stringify(cellsOf(rowA, a.rules)) !== JSON.stringify(cellsOf(rowB, b.rules))
    );
  };

  const explained = (c: Changed): boolean => {
    const p = c.place;
    // Rows are checked across versions too: a changed row line needs a change of that row,
    // a change of its table's columns, or (versions differing) a rule that words its cells otherwise.
    if (p.kind === 'row')
      return (
        rowChanges(p.backend, p.version).length > 0 ||
        headChanged(p.table) ||
        (generatorChanged && rewordedByVersion(p.backend, p.version))
      );
    // Elsewhere a version changes the wording (separators, footnotes, headings, legend).
    if (generatorChanged) return true;
    switch (p.kind) {
      case 'blank':
        return true;
      case 'text':
        return false;
      case 'priority':
        return changes.some((x) => x.section === 'priorities' && x.field === p.list);
      case 'sparse-footnote':
        return changes.some(
          (x) => x.section === 'priorities' && x.field === 'mlaSm100' && x.kind === 'changed',
        );
      case 'table-head':
        // The Version column comes with the first variant row and goes with the last.
        return changes.some((x) => x.section === p.table && x.field === null && x.variant !== null);
      case 'table-empty':
        return changes.some((x) => (x.section === p.table && x.field === null) || x.field === 'isMla');
      case 'footnote':
        return changes.some(
          (x) => (x.section === 'flashinfer' || x.section === 'flash-attention') && x.field === null,
        );
      case 'prefill':
        return changes.some(
          (x) =>
            x.section === 'mla-prefill' &&
            (x.field === 'order' ||
              prefillName(prefillOf(a.matrix, x.backend), a.rules) === p.name ||
              prefillName(prefillOf(b.matrix, x.backend), b.rules) === p.name),
        );
    }
  };

  const problems: string[] = [];
  for (const c of changed) {
    if (explained(c)) continue;
    problems.push(`unexplained ${c.side === 'before' ? '-' : '+'} ${c.line}`);
  }
  // A hunk of blank lines only is a change no reported change explains either.
  const hunks = new Set(changed.map((c) => c.hunk));
  for (const h of hunks)
    if (changed.filter((c) => c.hunk === h).every((c) => c.place.kind === 'blank') && !generatorChanged)
      problems.push(`unexplained blank lines (hunk ${h + 1})`);

  const rowLineChanged = (
    table: string,
    backend: string,
    version: string,
    sideName?: 'before' | 'after',
  ): boolean =>
    changed.some(
      (c) =>
        (sideName === undefined || c.side === sideName) &&
        c.place.kind === 'row' &&
        c.place.table === table &&
        c.place.backend === backend &&
        c.place.version === version,
    );
  const cellsDiffer = (
    rowA: BackendRow | undefined,
    rowB: BackendRow | undefined,
    cell: keyof BackendCellsJson,
  ): boolean => {
    if (rowA === undefined || rowB === undefined) return false;
    const shown = (row: BackendRow, rules: ReadonlySet<RuleName>): string | null =>
      cell === 'isSparse' && !row.isMla ? null : cellsOf(row, rules)[cell];
    return shown(rowA, a.rules) !== shown(rowB, b.rules);
  };
  let notRendered = 0;
  for (const x of changes) {
    let shows: boolean | null; // null: the version does not render it
    const version = variantCell(x.variant);
    switch (x.section) {
      case 'generator':
        shows = null;
        break;
      case 'standard':
      case 'mla-decode':
        if (x.kind === 'added') shows = rowLineChanged(x.section, x.backend ?? '', version, 'after');
        else if (x.kind === 'removed') shows = rowLineChanged(x.section, x.backend ?? '', version, 'before');
        else if (x.field === 'isMla')
          shows =
            rowLineChanged(x.before ? 'mla-decode' : 'standard', x.backend ?? '', version, 'before') &&
            rowLineChanged(x.section, x.backend ?? '', version, 'after');
        else {
          const rowA = rowOf(a.matrix, x.backend ?? '', x.variant);
          const rowB = rowOf(b.matrix, x.backend ?? '', x.variant);
          shows = cellsDiffer(rowA, rowB, x.field as keyof BackendCellsJson)
            ? rowLineChanged(x.section, x.backend ?? '', version)
            : null;
        }
        break;
      case 'priorities':
        shows = changed.some((c) => c.place.kind === 'priority' && c.place.list === x.field);
        break;
      case 'mla-prefill': {
        const before = prefillOf(a.matrix, x.backend);
        const after = prefillOf(b.matrix, x.backend);
        const cellsA = before === undefined ? null : prefillCells(before, a.rules);
        const cellsB = after === undefined ? null : prefillCells(after, b.rules);
        const visible =
          x.field === null || x.field === 'order' || JSON.stringify(cellsA) !== JSON.stringify(cellsB);
        shows = visible
          ? changed.some(
              (c) =>
                c.place.kind === 'prefill' &&
                (x.field === 'order' || c.place.name === cellsA?.name || c.place.name === cellsB?.name),
            )
          : null;
        break;
      }
      case 'flash-attention':
      case 'flashinfer': {
        const backend = x.section === 'flash-attention' ? 'FLASH_ATTN' : 'FLASHINFER';
        if (x.field === null) {
          // Facts found or lost: the backend's rows split or merge (or FA4's row comes or goes), the footnote with them.
          const rows = changed.some((c) => c.place.kind === 'row' && c.place.backend === backend);
          const footnote = changed.some((c) => c.place.kind === 'footnote');
          shows = rows || footnote ? true : x.variant === 'FA4' && !b.rules.has('fa4-row') ? null : false;
        } else {
          const cell = x.field === 'supportsFp8' ? 'kvCacheDtypes' : x.field;
          const variant = x.variant;
          const rowA = rowOf(a.matrix, backend, variant);
          const rowB = rowOf(b.matrix, backend, variant);
          shows = cellsDiffer(rowA, rowB, cell as keyof BackendCellsJson)
            ? rowLineChanged('standard', backend, variantCell(variant)) ||
              rowLineChanged('mla-decode', backend, variantCell(variant))
            : null;
        }
        break;
      }
    }
    if (shows === null) notRendered++;
    else if (!shows)
      problems.push(
        `not shown: ${x.section} ${x.backend ?? ''} ${x.variant ?? ''} ${x.field ?? ''} ${x.kind}`.replace(
          / +/g,
          ' ',
        ),
      );
  }
  return { problems, notRendered, changes: changes.length };
}

/** A revision shortened for the report: `abcdef1234^` for a parent. */
const short = (rev: string): string => (rev.endsWith('^1') ? `${rev.slice(0, 10)}^` : rev.slice(0, 10));

let consistent = 0;
let withVersionChange = 0;
let totalChanges = 0;
let totalNotRendered = 0;
let committedEqual = 0;
let failed = 0;
for (const [from, to, kind] of pairs) {
  let a: Side;
  let b: Side;
  try {
    a = side(from);
    b = side(to);
  } catch (error) {
    // A side the reference stops on has no document to compare.
    failed++;
    const diagnostic = (error as { diagnostic?: unknown }).diagnostic;
    console.log(
      `${short(from)} -> ${short(to)} (${kind}): skipped, ${JSON.stringify(diagnostic ?? (error as Error).message)}`,
    );
    continue;
  }
  const committed = repository.run(['show', `${to.replace(/\^1$/, '')}:${DOCUMENT}`], { allowFailure: true });
  if (committed.status === 0 && committed.stdout.toString('utf8') === b.document) committedEqual++;
  const result = checkPair(a, b);
  if (a.matrix.generator.version !== b.matrix.generator.version) withVersionChange++;
  totalChanges += result.changes;
  totalNotRendered += result.notRendered;
  const ok = result.problems.length === 0;
  if (ok) consistent++;
  if (!ok || verbose)
    console.log(
      `${short(from)} -> ${short(to)} (${kind}, v${a.matrix.generator.version}->v${b.matrix.generator.version}): ${result.changes} changes, ${ok ? 'consistent' : 'NOT consistent'}`,
    );
  for (const problem of result.problems) console.log(`  ${problem}`);
}
repository.close();
const checked = pairs.length - failed;
console.log(
  `${consistent} of ${checked} consistent (${documentCommits.length} pairs parent -> commit that changed the document, ${pairs.length - documentCommits.length} between such commits; ${withVersionChange} across a generator version change, where lines outside the backend tables are taken as the version's wording)`,
);
console.log(
  `${totalChanges} changes reported; ${totalNotRendered} of them not rendered by the versions (equal cell text, or a generator version change); ${committedEqual} of ${checked} committed documents equal ours`,
);
process.exitCode = consistent === checked && failed === 0 ? 0 : 1;
