// Bad and hostile Python in the tree: each case must end with the reference's
// document (recorded), a warning naming the file (and the line where CPython
// gives one), and no crash, stack overflow or hang.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOSTILE_CASES, HOSTILE_FILE, HOSTILE_MODULE, type HostileCase } from './hostile-cases.js';
import {
  addBackend,
  bundledCli,
  copyBaseTree,
  baseDocument,
  looksLikeCrash,
  projectDir,
  registryFile,
  runInProcess,
  runProcess,
} from './helpers.js';

const demoDoc = fs.readFileSync(baseDocument, 'utf8');
const demoWithRow = fs.readFileSync(
  path.join(projectDir, 'test/robustness/trees/expected/demo-with-hostile-row.md'),
  'utf8',
);

function treeFor(c: HostileCase): string {
  const root = copyBaseTree('hostile');
  addBackend(root, {
    name: 'HOSTILE',
    module: HOSTILE_MODULE,
    className: 'HostileBackend',
    contents: c.contents(),
  });
  for (const [file, text] of Object.entries(c.extraFiles ?? {}))
    fs.writeFileSync(path.join(root, file), text);
  return root;
}

for (const c of HOSTILE_CASES.filter((k) => k.bounded === undefined && k.knownBug === undefined)) {
  test(`hostile backend file: ${c.name}`, () => {
    const root = treeFor(c);
    const out = path.join(root, 'out.md');
    const r = runInProcess(['--root', root, '-o', out], root);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(out, 'utf8'), c.referenceDocument === 'demo' ? demoDoc : demoWithRow);

    const expected = c.referenceStderr.replaceAll('<ROOT>', root);
    const reasonAt = expected.lastIndexOf(': ');
    if (expected === '') {
      assert.equal(r.stderr, '');
    } else if (expected.slice(reasonAt + 2) === '\n') {
      // CPython's MemoryError has no message, so the reference's line ends at the colon;
      // ours may say what happened, but must start the same way and stay on one line.
      assert.ok(r.stderr.startsWith(expected.slice(0, reasonAt + 2)), r.stderr);
      assert.equal(r.stderr.split('\n').length, 2, r.stderr);
    } else {
      assert.equal(r.stderr, expected);
    }
    if (expected !== '')
      assert.ok(r.stderr.includes(path.join(root, HOSTILE_FILE)), 'the warning names the file');
  });
}

// Cases about bounded memory (and known bugs) run where a hang or a heap exhaustion cannot take
// the test run down: a child process with a 256 MB heap and a 60 s hang guard (not a speed test).
for (const c of HOSTILE_CASES.filter((k) => k.bounded !== undefined || k.knownBug !== undefined)) {
  test(
    `hostile backend file: ${c.name} (bounded time and memory)`,
    { todo: c.knownBug ?? false },
    async () => {
      const cli = await bundledCli();
      const root = treeFor(c);
      const out = path.join(root, 'out.md');
      const r = runProcess(cli, ['--root', root, '-o', out], {
        cwd: root,
        nodeFlags: ['--max-old-space-size=256'],
        timeoutMs: 60_000,
      });
      assert.equal(r.signal, null, `killed by ${r.signal}: no result within the bound`);
      assert.ok(!looksLikeCrash(r.stderr), r.stderr.slice(0, 500));
      assert.ok(r.code === 0 || r.code === 2, `exit ${r.code}`);
      if (r.code === 2) {
        assert.match(r.stderr, /^vllm-attention-docs: error: [^\n]+\n$/);
        return;
      }
      // A backend skipped with one warning naming the file, or the reference's document.
      const doc = fs.readFileSync(out, 'utf8');
      if (doc === demoDoc) assert.match(r.stderr, new RegExp(`^  Warning: [^\n]*${HOSTILE_FILE}[^\n]*\n$`));
      else assert.equal(doc, c.referenceDocument === 'demo' ? demoDoc : demoWithRow);
    },
  );
}

test('all the deep-nesting files at once, in a real process: exit 0, one warning each, no crash', async () => {
  const cli = await bundledCli();
  const root = copyBaseTree('deep');
  const deep = HOSTILE_CASES.filter(
    (c) => /nested/.test(c.name) && c.bounded === undefined && c.knownBug === undefined,
  );
  assert.ok(deep.length >= 6);
  deep.forEach((c, i) => {
    addBackend(root, {
      name: `DEEP_${i}`,
      module: `${HOSTILE_MODULE}_${i}`,
      className: 'HostileBackend',
      contents: c.contents(),
    });
  });
  const r = runProcess(cli, ['--root', root, '-o', path.join(root, 'out.md')], {
    cwd: root,
    timeoutMs: 60_000,
  });
  assert.equal(r.signal, null, 'not killed');
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!looksLikeCrash(r.stderr), r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, deep.length, r.stderr);
  assert.equal(fs.readFileSync(path.join(root, 'out.md'), 'utf8'), demoDoc);
});

// Where the reference crashes (the registry), we stop with exit 2 and one line naming the file (and line).
const REGISTRY_CASES: { name: string; contents: string | Uint8Array; where: RegExp }[] = [
  {
    name: 'syntax error',
    contents: 'import enum\n\nclass AttentionBackendEnum(enum.Enum):\n    A = "x.y"\n    B = (\n',
    where: /registry\.py:5: /,
  },
  {
    name: 'NUL byte',
    contents: 'class AttentionBackendEnum:\n    A = "x.y"\0\n',
    where: /registry\.py: .*null bytes/,
  },
  {
    name: 'BOM',
    contents: '\ufeffclass AttentionBackendEnum:\n    pass\n',
    where: /registry\.py:1: .*U\+FEFF/,
  },
  {
    name: 'invalid UTF-8',
    contents: Buffer.from([0x63, 0x6c, 0x61, 0x73, 0x73, 0xff, 0x0a]),
    where: /registry\.py: .*can't decode byte 0xff/,
  },
  {
    name: '100000 nested parentheses',
    contents: `x = ${'('.repeat(100_000)}${')'.repeat(100_000)}\n`,
    where: /registry\.py:1: .*too many nested parentheses/,
  },
  {
    name: '100000 nested binary operators',
    contents: `x = ${'1 + '.repeat(100_000)}1\n`,
    where: /registry\.py: .*maximum recursion depth/,
  },
];

for (const c of REGISTRY_CASES) {
  test(`hostile registry (the reference crashes): ${c.name} -> exit 2, one line naming the file, old document kept`, () => {
    const root = copyBaseTree('registry');
    fs.writeFileSync(path.join(root, registryFile), c.contents);
    const out = path.join(root, 'out.md');
    fs.writeFileSync(out, 'previous document\n');
    const r = runInProcess(['--root', root, '-o', out], root);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^vllm-attention-docs: error: [^\n]+\n$/);
    assert.match(r.stderr, c.where);
    assert.ok(r.stderr.includes(path.join(root, registryFile)), r.stderr);
    assert.equal(fs.readFileSync(out, 'utf8'), 'previous document\n');
  });
}

test('a section file (cuda.py) nested 100000 deep: its section falls back with a warning naming it', () => {
  const root = copyBaseTree('section');
  const cuda = path.join(root, 'vllm/platforms/cuda.py');
  fs.writeFileSync(cuda, `x = ${'('.repeat(100_000)}${')'.repeat(100_000)}\n`);
  const r = runInProcess(['--root', root, '-o', '-'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    new RegExp(`^  Warning: Could not parse ${cuda.replaceAll('/', '\\/')}:1: too many nested parentheses`),
  );
  assert.match(r.stdout, /## Backend Priority \(CUDA\)/);
});
