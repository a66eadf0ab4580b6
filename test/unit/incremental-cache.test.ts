// After any change to a tree, the CLI's caches (result entry, stage records,
// outlines) must give exactly what a fresh analysis gives: same document,
// same warnings in the same order, same error. Every fixture tree is edited
// in many ways (comments, changed numbers and names, deleted lines that break
// the syntax, removed and restored files), and each state is compared.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, analyzeWith, type StageRunner } from '../../src/analyze.js';
import { OutlineBook } from '../../src/cache/outline-cache.js';
import { RecordingTree } from '../../src/cache/recording-tree.js';
import { StageBook } from '../../src/cache/stage-cache.js';
import { analyzeCached } from '../../src/cache/result-cache.js';
import { AnalysisError } from '../../src/diagnostics.js';
import type { FeatureMatrix } from '../../src/matrix.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { VersionedTree } from './versioned-tree.js';
import { makeRandom } from '../../scripts/mutation-test.js';
import { makeTempDir } from '../temp-dir.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/trees/', import.meta.url));
const BACKENDS = 'vllm/v1/attention/backends';

function loadFixture(name: string): VersionedTree {
  const root = path.join(FIXTURES, name);
  const files: Record<string, Uint8Array> = {};
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full);
  }
  return new VersionedTree(files);
}

/** Everything a run shows: the document and warnings, or the error. */
function outcome(run: () => FeatureMatrix): unknown {
  try {
    const matrix = run();
    let document: string;
    try {
      document = renderMarkdown(matrix);
    } catch (error) {
      document = `render failed: ${String(error)}`;
    }
    return { document, warnings: matrix.warnings };
  } catch (error) {
    if (error instanceof AnalysisError) return { error: error.diagnostic };
    throw error;
  }
}

type Edit = (text: string, pick: (n: number) => number) => string | null;

const EDITS: readonly Edit[] = [
  (text) => `${text}# edited\n`,
  (text, pick) => {
    const numbers = [...text.matchAll(/\b\d+\b/g)];
    if (numbers.length === 0) return null;
    const m = numbers[pick(numbers.length)];
    return text.slice(0, m.index) + String(Number(m[0]) + 8) + text.slice(m.index + m[0].length);
  },
  (text, pick) => {
    const lines = text.split('\n');
    lines.splice(pick(lines.length), 1);
    return lines.join('\n');
  },
  (text, pick) => {
    const flags = [...text.matchAll(/\b(True|False)\b/g)];
    if (flags.length === 0) return null;
    const m = flags[pick(flags.length)];
    const flipped = m[0] === 'True' ? 'False' : 'True';
    return text.slice(0, m.index) + flipped + text.slice(m.index + m[0].length);
  },
  (text, pick) => {
    const names = [...text.matchAll(/\b(class|def) ([A-Za-z_]\w*)/g)];
    if (names.length === 0) return null;
    const m = names[pick(names.length)];
    const at = m.index + m[1].length + 1;
    return `${text.slice(0, at)}Renamed${text.slice(at)}`;
  },
];

test('cached runs equal fresh runs through random edits of every fixture tree', () => {
  const fixtures = fs.readdirSync(FIXTURES).sort();
  assert.ok(fixtures.length > 50);
  let states = 0;
  for (const [index, name] of fixtures.entries()) {
    const tree = loadFixture(name);
    const originals = new Map(tree.paths().map((p) => [p, tree.text(p) ?? '']));
    const cacheDir = makeTempDir('incremental');
    const options = { cacheDir, toolVersion: 'test' };
    const next = makeRandom(index + 1);
    const pick = (n: number): number => Math.floor(next() * n);
    for (let step = 0; step < 12; step++) {
      const paths = tree.paths();
      const target = paths[pick(paths.length)];
      const roll = next();
      if (target !== undefined && roll < 0.08) tree.remove(target);
      else if (target === undefined || roll < 0.2) {
        const [restored] = [...originals.keys()].filter((p) => tree.text(p) !== originals.get(p));
        if (restored !== undefined) tree.write(restored, originals.get(restored)!);
      } else {
        const edited = EDITS[pick(EDITS.length)](tree.text(target) ?? '', pick);
        if (edited !== null) tree.write(target, edited);
      }
      const expected = outcome(() => analyze(tree));
      assert.deepEqual(
        outcome(() => analyzeCached(tree, options)),
        expected,
        `${name}, step ${step}`,
      );
      // Unchanged since: the entry itself answers.
      assert.deepEqual(
        outcome(() => analyzeCached(tree, options)),
        expected,
        `${name}, step ${step}, again`,
      );
      states++;
    }
  }
  assert.ok(states > 600);
});

const TWO_BACKENDS = {
  [`${BACKENDS}/registry.py`]:
    'class AttentionBackendEnum:\n' +
    '    A = "vllm.v1.attention.backends.a.ABackend"\n' +
    '    B = "vllm.v1.attention.backends.b.BBackend"\n',
  [`${BACKENDS}/a.py`]:
    'import os\n\nclass ABackend:\n    def get_supported_head_sizes():\n        return [64]\n',
  [`${BACKENDS}/b.py`]:
    'import os\n\nclass Helper:\n    def run(self):\n        return [1, 2, 3]\n\n' +
    'class BBackend:\n    def get_supported_head_sizes():\n        return [128]\n',
};

test('after an edit, only the stages that read the edited file run again', () => {
  const tree = new VersionedTree(TWO_BACKENDS);
  const options = {
    cacheDir: makeTempDir('incremental'),
    toolVersion: 'test',
  };
  analyzeCached(tree, options);
  tree.write(`${BACKENDS}/a.py`, TWO_BACKENDS[`${BACKENDS}/a.py`].replace('[64]', '[96]'));
  tree.resetReads();
  const document = renderMarkdown(analyzeCached(tree, options));
  assert.equal(tree.reads.get(`${BACKENDS}/b.py`) ?? 0, 0, "B's stage is replayed without reading b.py");
  assert.ok((tree.reads.get(`${BACKENDS}/a.py`) ?? 0) > 0);
  assert.match(document, /\| 96 \|/);
  assert.equal(document, renderMarkdown(analyze(tree)));
});

test('a damaged stage or outline file is ignored', () => {
  const tree = new VersionedTree(TWO_BACKENDS);
  const cacheDir = makeTempDir('incremental');
  const options = { cacheDir, toolVersion: 'test' };
  analyzeCached(tree, options);
  const damage = (file: string, transform: (data: Record<string, unknown>) => unknown): void => {
    const full = path.join(cacheDir, file);
    fs.writeFileSync(full, JSON.stringify(transform(JSON.parse(fs.readFileSync(full, 'utf8')))));
  };
  const names = fs.readdirSync(cacheDir);
  const stagesFile = names.find((n) => n.endsWith('.stages.json'))!;
  const outlinesFile = names.find((n) => n.endsWith('.outlines.json'))!;
  // Outlines whose offsets do not fit the text: the module is parsed whole instead.
  damage(outlinesFile, (data) => {
    const records = (data.body as Record<string, unknown>).records as Record<
      string,
      { ok: boolean; outline?: { groups: number[][] } }
    >;
    // A group is kept as [offset, lineno, ...].
    for (const record of Object.values(records))
      for (const group of record.outline?.groups ?? []) group[0] += 3;
    return data;
  });
  damage(stagesFile, (data) => ({ ...data, body: { stages: [{ key: 1 }, null, 'x'] } }));
  tree.write(`${BACKENDS}/registry.py`, `${TWO_BACKENDS[`${BACKENDS}/registry.py`]}# edited\n`);
  assert.equal(renderMarkdown(analyzeCached(tree, options)), renderMarkdown(analyze(tree)));
});

test('the outline file keeps only the contents the tree still has', () => {
  const tree = new VersionedTree(TWO_BACKENDS);
  const cacheDir = makeTempDir('incremental');
  const options = { cacheDir, toolVersion: 'test' };
  for (let edit = 0; edit < 10; edit++) {
    tree.write(`${BACKENDS}/a.py`, `${TWO_BACKENDS[`${BACKENDS}/a.py`]}# edit ${edit}\n`);
    analyzeCached(tree, options);
  }
  const outlinesFile = fs.readdirSync(cacheDir).find((n) => n.endsWith('.outlines.json'))!;
  const data = JSON.parse(fs.readFileSync(path.join(cacheDir, outlinesFile), 'utf8')) as {
    body: { records: Record<string, unknown> };
  };
  assert.equal(Object.keys(data.body.records).length, 3, 'registry.py, a.py and b.py as they are now');
});

/** analyzeCached's miss path, with a count of the stages that ran (were not answered from records). */
function missWithCount(tree: VersionedTree, cacheDir: string): { document: string; ran: string[] } {
  const owner = { toolVersion: 'test', root: tree.label };
  const names = fs.readdirSync(cacheDir);
  const entry = JSON.parse(
    fs.readFileSync(
      path.join(
        cacheDir,
        names.find((n) => /^[0-9a-f]{16}\.json$/.test(n))!,
      ),
      'utf8',
    ),
  ).body as { accesses: { op: string; path: string; result?: string }[] };
  const previous = new Map(
    entry.accesses
      .filter((a) => a.op === 'read' && a.result?.startsWith('sha256:'))
      .map((a) => [a.path, a.result!.slice('sha256:'.length)]),
  );
  const recording = new RecordingTree(tree);
  const outlines = OutlineBook.read(
    path.join(
      cacheDir,
      names.find((n) => n.endsWith('.outlines.json'))!,
    ),
    owner,
    previous,
  );
  const book = StageBook.read(
    path.join(
      cacheDir,
      names.find((n) => n.endsWith('.stages.json'))!,
    ),
    owner,
    recording,
    outlines.indexer,
  );
  const ran: string[] = [];
  const stages: StageRunner = {
    run: (key, warnings, compute, shape) =>
      book.run(
        key,
        warnings,
        () => {
          ran.push(key);
          return compute();
        },
        shape,
      ),
  };
  const matrix = analyzeWith(recording, { indexer: outlines.indexer, stages, observeModules: book });
  return { document: renderMarkdown(matrix), ran };
}

test('an edit of statements no stage asked about: every stage is answered from its record', () => {
  const tree = new VersionedTree(TWO_BACKENDS);
  const cacheDir = makeTempDir('incremental');
  analyzeCached(tree, { cacheDir, toolVersion: 'test' });
  const b = TWO_BACKENDS[`${BACKENDS}/b.py`];
  // Helper is nobody's question; a comment at the end is in no statement.
  for (const edited of [b.replace('[1, 2, 3]', '[1, 2, 3, 4]'), `${b}# a comment\n`]) {
    tree.write(`${BACKENDS}/b.py`, edited);
    const { document, ran } = missWithCount(tree, cacheDir);
    assert.deepEqual(ran, [], 'no stage ran');
    assert.equal(document, renderMarkdown(analyze(tree)));
  }
  // BBackend is B's question: B's stage runs, A's does not.
  tree.write(`${BACKENDS}/b.py`, b.replace('[128]', '[256]'));
  const { document, ran } = missWithCount(tree, cacheDir);
  assert.equal(ran.length, 1, JSON.stringify(ran));
  assert.match(ran[0], /BBackend/);
  assert.match(document, /\| 256 \|/);
  assert.equal(document, renderMarkdown(analyze(tree)));
  // Lines moved (a line added above BBackend): its answer moved, so B's stage runs again.
  tree.write(`${BACKENDS}/b.py`, b.replace('import os\n', 'import os\nimport sys\n'));
  assert.equal(missWithCount(tree, cacheDir).ran.length, 1);
});

test('a module that warns is recorded by its bytes: an edit anywhere in it runs its stages', () => {
  const b = TWO_BACKENDS[`${BACKENDS}/b.py`];
  // A SyntaxWarning in a statement no stage asks about (CPython warns on `1if`).
  const warning = b.replace('return [1, 2, 3]', 'return [1if True else 2, 3]');
  const tree = new VersionedTree({ ...TWO_BACKENDS, [`${BACKENDS}/b.py`]: warning });
  const cacheDir = makeTempDir('incremental');
  analyzeCached(tree, { cacheDir, toolVersion: 'test' });
  for (const edited of [warning.replace('class Helper', '\nclass Helper'), b]) {
    tree.write(`${BACKENDS}/b.py`, edited);
    const fresh = analyze(tree);
    const { document, ran } = missWithCount(tree, cacheDir);
    assert.equal(ran.length, 1, 'B ran');
    assert.equal(document, renderMarkdown(fresh));
    assert.deepEqual(
      outcome(() => analyzeCached(tree, { cacheDir, toolVersion: 'test' })),
      outcome(() => fresh),
    );
    tree.write(`${BACKENDS}/b.py`, warning);
    analyzeCached(tree, { cacheDir, toolVersion: 'test' });
  }
});

test('a registry member whose value is an int (a bigint here): cached runs still equal fresh ones', () => {
  const registry = `${TWO_BACKENDS[`${BACKENDS}/registry.py`]}    CUSTOM = 1\n`;
  const tree = new VersionedTree({ ...TWO_BACKENDS, [`${BACKENDS}/registry.py`]: registry });
  const cacheDir = makeTempDir('incremental');
  const options = { cacheDir, toolVersion: 'test' };
  assert.deepEqual(
    outcome(() => analyzeCached(tree, options)),
    outcome(() => analyze(tree)),
  );
  const stagesFile = fs.readdirSync(cacheDir).find((n) => n.endsWith('.stages.json'))!;
  assert.match(
    fs.readFileSync(path.join(cacheDir, stagesFile), 'utf8'),
    /"bigint":"1"/,
    'written, int marked',
  );
  tree.write(`${BACKENDS}/a.py`, TWO_BACKENDS[`${BACKENDS}/a.py`].replace('[64]', '[32]'));
  const { document, ran } = missWithCount(tree, cacheDir);
  assert.ok(
    ran.some((key) => key.includes('registry')),
    'the registry stage is computed again',
  );
  assert.equal(document, renderMarkdown(analyze(tree)));
});
