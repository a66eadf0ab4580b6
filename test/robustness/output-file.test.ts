// The output file: written whole or not at all, --check leaves an up-to-date
// file alone (bytes and modification time), concurrent runs never leave a mixed
// file or temporary files, a missing folder is created, an unwritable target is
// exit 2 with one line. Runs are real child processes where it matters.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  bundledCli,
  copyBaseTree,
  baseDocument,
  baseTree,
  looksLikeCrash,
  makeTempDir,
  registryFile,
  runInProcess,
  runProcess,
  runProcessAsync,
} from './helpers.js';
import { assertOneLineError } from '../one-line-error.js';

const demoDoc = fs.readFileSync(baseDocument, 'utf8');

/**
 * A tree with `count` backends in one module, so the document is large (hundreds
 * of KB, many write() calls); `variant` changes every row.
 */
function largeTree(count: number, variant: number): string {
  const root = makeTempDir(`large${variant}`);
  const backends = path.join(root, 'vllm/v1/attention/backends');
  fs.mkdirSync(backends, { recursive: true });
  let registry = 'import enum\n\n\nclass AttentionBackendEnum(enum.Enum):\n';
  let module = '';
  for (let i = 0; i < count; i++) {
    registry += `    BACKEND_${i} = "vllm.v1.attention.backends.many.Backend${i}"\n`;
    // Long rows from few backends: the reference's class lookup is quadratic in the backend count.
    const sizes = Array.from({ length: 100 }, (_, k) => 1000 + k * variant).join(', ');
    module += `class Backend${i}:\n    @staticmethod\n    def get_supported_head_sizes():\n        return [${sizes}]\n\n`;
  }
  fs.writeFileSync(path.join(root, registryFile), registry);
  fs.writeFileSync(path.join(backends, 'many.py'), module);
  return root;
}

test('a missing output folder (several levels) is created', () => {
  const root = copyBaseTree('mkdir');
  const out = path.join(root, 'a/b/c/doc.md');
  const r = runInProcess(['--root', root, '-o', out], root);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(out, 'utf8'), demoDoc);
  assert.deepEqual(fs.readdirSync(path.dirname(out)), ['doc.md']);
});

test('--check on an up-to-date file: same bytes, same modification time, same inode', async () => {
  const cli = await bundledCli();
  const root = copyBaseTree('check');
  const out = path.join(root, 'docs/design/attention_backends.md');
  assert.equal(runProcess(cli, ['--root', root], { cwd: root }).code, 0);
  const old = new Date(Date.UTC(2001, 1, 3, 4, 5, 6));
  fs.utimesSync(out, old, old);
  const before = fs.statSync(out);
  const bytes = fs.readFileSync(out);
  const r = runProcess(cli, ['--root', root, '--check'], { cwd: root });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^✅ Up to date: /);
  const after = fs.statSync(out);
  assert.deepEqual(fs.readFileSync(out), bytes);
  assert.equal(after.mtimeMs, before.mtimeMs);
  assert.equal(after.ino, before.ino, 'not replaced by a copy');
  assert.deepEqual(fs.readdirSync(path.dirname(out)), ['attention_backends.md']);
});

test('a run that fails leaves the old document exactly as it was', () => {
  const root = copyBaseTree('fail');
  const out = path.join(root, 'doc.md');
  fs.writeFileSync(out, 'old document\n');
  const old = new Date(Date.UTC(2002, 0, 1));
  fs.utimesSync(out, old, old);
  fs.writeFileSync(path.join(root, registryFile), 'class AttentionBackendEnum(\n');
  for (const extra of [[], ['--check']]) {
    const r = runInProcess(['--root', root, '-o', out, ...extra], root);
    assertOneLineError(r, /registry\.py:1: /);
    assert.equal(fs.readFileSync(out, 'utf8'), 'old document\n');
    assert.equal(fs.statSync(out).mtimeMs, old.getTime());
  }
  assert.deepEqual(fs.readdirSync(root).sort(), ['doc.md', 'vllm']);
});

test('an output path that is a directory: exit 2, one line, the directory and its contents untouched', () => {
  const root = copyBaseTree('isdir');
  const out = path.join(root, 'docdir');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'inside.txt'), 'x');
  const r = runInProcess(['--root', root, '-o', out], root);
  assertOneLineError(r, /cannot write/);
  assert.deepEqual(fs.readdirSync(out), ['inside.txt']);
  assert.deepEqual(fs.readdirSync(root).sort(), ['docdir', 'vllm'], 'no temporary file left');
});

test('an output path through a symbolic link writes the link target, as write_text does', () => {
  const root = copyBaseTree('link-out');
  const target = path.join(makeTempDir('target'), 'real.md');
  fs.writeFileSync(target, 'old\n');
  const link = path.join(root, 'doc.md');
  fs.symlinkSync(target, link);
  const r = runInProcess(['--root', root, '-o', link], root);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link stays a link');
  assert.equal(fs.readFileSync(target, 'utf8'), demoDoc);
  assert.deepEqual(fs.readdirSync(path.dirname(target)), ['real.md']);
});

// Places no one can write, whoever runs the tests (root included).
const UNWRITABLE: { name: string; output: (root: string) => string; skip?: string | false }[] = [
  {
    name: 'a folder path running through a regular file',
    output: (root) => {
      fs.writeFileSync(path.join(root, 'plain-file'), 'x');
      return path.join(root, 'plain-file/sub/doc.md');
    },
  },
  {
    name: 'a file directly in /proc',
    output: () => '/proc/attention_backends.md',
    skip: !fs.existsSync('/proc/self') && 'no /proc',
  },
  {
    name: 'a folder under a /proc file',
    output: () => '/proc/version/doc.md',
    skip: !fs.existsSync('/proc/version') && 'no /proc',
  },
  {
    name: '/dev/null as a folder',
    output: () => '/dev/null/doc.md',
    skip: !fs.existsSync('/dev/null') && 'no /dev/null',
  },
];

for (const c of UNWRITABLE) {
  test(`unwritable output (${c.name}): exit 2 and one clear line`, { skip: c.skip ?? false }, async () => {
    const cli = await bundledCli();
    const root = copyBaseTree('unwritable');
    const out = c.output(root);
    const r = runProcess(cli, ['--root', root, '-o', out], { cwd: root, timeoutMs: 20_000 });
    assert.equal(r.signal, null, 'finished');
    assertOneLineError(r, new RegExp(`cannot write ${out.replaceAll('/', '\\/').replaceAll('.', '\\.')}: `));
    assert.equal(r.stdout, '');
  });
}

test(
  'unwritable output under /proc/sys (procfs answers ENOENT to mkdir): exit 2, one line, no hang',
  {
    skip: !fs.existsSync('/proc/sys') && 'no /proc/sys',
  },
  async () => {
    const cli = await bundledCli();
    const root = copyBaseTree('procsys');
    const r = runProcess(cli, ['--root', root, '-o', '/proc/sys/vad-missing/doc.md'], {
      cwd: root,
      timeoutMs: 5_000,
    });
    assert.equal(r.signal, null, 'killed after 5 s: the run hangs');
    assertOneLineError(r, /cannot write/);
  },
);

test('two runs at once, many times: the file is always one whole document, never mixed, no temp files', async () => {
  const cli = await bundledCli();
  const treeA = largeTree(300, 1);
  const treeB = largeTree(300, 2);
  const outDir = makeTempDir('race');
  const out = path.join(outDir, 'doc.md');
  const docA = runProcess(cli, ['--root', treeA, '-o', '-'], { cwd: outDir }).stdout;
  const docB = runProcess(cli, ['--root', treeB, '-o', '-'], { cwd: outDir }).stdout;
  assert.ok(
    docA.length > 150_000 && docA !== docB && docA.length === docB.length,
    'two large documents of the same size',
  );
  fs.writeFileSync(out, docA);

  let reads = 0;
  let badRead: string | null = null;
  const rounds = 6;
  for (let round = 0; round < rounds; round++) {
    // Alternate which tree's run starts first; one of each pair runs --check.
    const [first, second] = round % 2 === 0 ? [treeA, treeB] : [treeB, treeA];
    const runs = Promise.all([
      runProcessAsync(cli, ['--root', first, '-o', out], { cwd: outDir, timeoutMs: 60_000 }),
      runProcessAsync(cli, ['--root', second, '-o', out, ...(round % 4 < 2 ? ['--check'] : [])], {
        cwd: outDir,
        timeoutMs: 60_000,
      }),
    ]);
    // Meanwhile read the file as another process would, as often as the event loop allows.
    let done = false;
    void runs.then(() => (done = true));
    while (!done) {
      const text = fs.readFileSync(out, 'utf8');
      reads++;
      if (text !== docA && text !== docB) badRead = `round ${round}: ${text.length} chars`;
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const r of await runs) {
      assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
      // A --check that rewrote the file shows what changed (the rows of the other tree); nothing else.
      if (r.code === 0) assert.equal(r.stderr, '');
      else assert.match(r.stderr, /^@@ -\d+ \+\d+ @@\n[-+]\| `BACKEND_/);
    }
    const final = fs.readFileSync(out, 'utf8');
    assert.ok(
      final === docA || final === docB,
      `round ${round}: the file is neither document (${final.length} chars)`,
    );
    assert.deepEqual(fs.readdirSync(outDir), ['doc.md'], `round ${round}: temporary files left`);
  }
  assert.equal(badRead, null, `a reader saw a partial or mixed file (${reads} reads)`);
  assert.ok(reads > rounds, 'the file was read while the runs were writing');
});

test('--check against an existing file that is not UTF-8 (or a folder): exit 2, one line, left as it was', () => {
  const root = copyBaseTree('check-bad');
  const out = path.join(root, 'doc.md');
  const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]);
  fs.writeFileSync(out, latin1);
  // The reference crashes in read_text() (UnicodeDecodeError, IsADirectoryError) before writing anything.
  assertOneLineError(
    runInProcess(['--root', root, '-o', out, '--check'], root),
    /cannot read [^\n]*doc\.md: /,
  );
  assert.deepEqual(fs.readFileSync(out), latin1);
  const dir = path.join(root, 'docdir');
  fs.mkdirSync(dir);
  assertOneLineError(
    runInProcess(['--root', root, '-o', dir, '--check'], root),
    /cannot read [^\n]*docdir: /,
  );
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('stdout closed early (`... -o - | head -1`): no stack trace, exit 0 or 2', {}, async () => {
  const cli = await bundledCli();
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [cli, '--root', baseTree, '-o', '-', '--format', 'json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.destroy(); // the reader went away before the first byte
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.ok(!looksLikeCrash(stderr), stderr.slice(0, 300));
  assert.ok(code === 0 || code === 2, `exit ${code}`);
});
