// Output targets that are not a plain file of ours: devices, FIFOs, pipes,
// read-only, hard-linked and other users' files. The reference's write_text
// writes through all of them (or fails on a read-only file): nothing is ever
// replaced by a new regular file where it would not be the same file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  bundledCli,
  copyBaseTree,
  baseDocument,
  makeTempDir,
  OTHER_GID,
  OTHER_UID,
  openToOthers,
  otherUserUnavailable,
  runInProcess,
  runProcess,
  runProcessAsOther,
  runProcessAsync,
} from './helpers.js';
import { assertOneLineError } from '../one-line-error.js';

const demoDoc = fs.readFileSync(baseDocument, 'utf8');
const isRoot = process.getuid?.() === 0;
const cannotMknod = isRoot ? false : 'mknod of a device needs root';

/** A character device like /dev/null (1,3) at `file`. */
function makeNullDevice(file: string): void {
  const r = spawnSync('mknod', ['-m', '666', file, 'c', '1', '3']);
  assert.equal(r.status, 0, `mknod: ${r.stderr}`);
}

function makeFifo(file: string): void {
  const r = spawnSync('mknod', ['-m', '666', file, 'p']);
  assert.equal(r.status, 0, `mknod p: ${r.stderr}`);
}

test(
  '-o at a character device (and a link to one) writes through it; the device stays a device',
  { skip: cannotMknod },
  () => {
    const root = copyBaseTree('dev-out');
    const dir = makeTempDir('devices');
    const device = path.join(dir, 'null');
    makeNullDevice(device);
    const link = path.join(dir, 'link-to-null');
    fs.symlinkSync(device, link);
    const before = fs.statSync(device);
    for (const out of [device, link]) {
      for (const extra of [[], ['--check']]) {
        const r = runInProcess(['--root', root, '-o', out, ...extra], root);
        // A device reads empty: --check finds it stale, writes, and says so (exit 1), as the reference.
        assert.equal(r.code, extra.length === 0 ? 0 : 1, r.stderr);
        const after = fs.statSync(device);
        assert.ok(after.isCharacterDevice(), `${out}: still a character device`);
        assert.equal(after.rdev, before.rdev);
        assert.equal(after.ino, before.ino, 'not replaced');
      }
    }
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.deepEqual(fs.readdirSync(dir).sort(), ['link-to-null', 'null'], 'no temporary files');
  },
);

test(
  '-o at a FIFO with a reader: the reader gets the document, the FIFO stays',
  { skip: cannotMknod },
  async () => {
    const cli = await bundledCli();
    const root = copyBaseTree('fifo-out');
    const fifo = path.join(makeTempDir('fifo'), 'doc.fifo');
    makeFifo(fifo);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let received = '';
    reader.stdout.setEncoding('utf8').on('data', (t: string) => (received += t));
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    // Give cat time to open its end; the writer then finds a reader.
    for (let i = 0; i < 100 && reader.pid !== undefined; i++) {
      const fds = fs.readdirSync(`/proc/${reader.pid}/fd`).map((fd) => {
        try {
          return fs.readlinkSync(`/proc/${reader.pid}/fd/${fd}`);
        } catch {
          return '';
        }
      });
      if (fds.includes(fifo)) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const r = await runProcessAsync(cli, ['--root', root, '-o', fifo], { cwd: root, timeoutMs: 20_000 });
    // A FIFO replaced by a file would leave cat waiting: give up after 10 s.
    const timer = setTimeout(() => reader.kill(), 10_000);
    await readerDone;
    clearTimeout(timer);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(received, demoDoc);
    assert.ok(fs.lstatSync(fifo).isFIFO());
  },
);

test(
  '-o at a FIFO no one reads: exit 2 and one line at once (write_text would wait forever)',
  { skip: cannotMknod },
  async () => {
    const cli = await bundledCli();
    const root = copyBaseTree('fifo-noreader');
    const fifo = path.join(makeTempDir('fifo2'), 'doc.fifo');
    makeFifo(fifo);
    const r = runProcess(cli, ['--root', root, '-o', fifo], { cwd: root, timeoutMs: 10_000 });
    assert.equal(r.signal, null, 'finished');
    assertOneLineError(r, /cannot write .*doc\.fifo: no process is reading it/);
    assert.ok(fs.lstatSync(fifo).isFIFO());
    // --check reads it without blocking (nothing there: stale), then cannot write it either.
    const check = runProcess(cli, ['--root', root, '-o', fifo, '--check'], { cwd: root, timeoutMs: 10_000 });
    assert.equal(check.signal, null, 'finished');
    assertOneLineError(check, /cannot write/);
  },
);

/**
 * The CLI with its stdout into a shell pipe (`... | cat`), as a user would run it: Node's own
 * child-process stdout is a socket, which open() refuses (ENXIO) for the reference too.
 */
function runIntoPipe(
  cli: string,
  argv: readonly string[],
  cwd: string,
  asOther: boolean,
): { code: number | null; stdout: string; stderr: string } {
  const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;
  const shell = [
    'bash',
    '-c',
    `${[process.execPath, cli, ...argv].map(quote).join(' ')} | cat; exit \${PIPESTATUS[0]}`,
  ];
  const [file, ...args] = asOther
    ? ['setpriv', `--reuid=${OTHER_UID}`, `--regid=${OTHER_GID}`, '--clear-groups', ...shell]
    : shell;
  const r = spawnSync(file, args, { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('-o /dev/stdout into a pipe: the document, then the "Generated" line, as the reference prints them', async () => {
  const cli = await bundledCli();
  const root = copyBaseTree('devstdout');
  const r = runIntoPipe(cli, ['--root', root, '-o', '/dev/stdout'], root, false);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, `${demoDoc}Generated: /dev/stdout\n`);
});

test(
  'as a normal user: -o /dev/null and -o /dev/stdout (piped) work',
  { skip: otherUserUnavailable ?? false },
  async () => {
    const cli = await bundledCli();
    const root = copyBaseTree('devnull-user');
    openToOthers(root);
    const devNull = fs.statSync('/dev/null');
    const quiet = runProcessAsOther(cli, ['--root', root, '-o', '/dev/null'], { cwd: root });
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stdout, 'Generated: /dev/null\n');
    const after = fs.statSync('/dev/null');
    assert.ok(after.isCharacterDevice() && after.ino === devNull.ino, '/dev/null untouched');
    const piped = runIntoPipe(cli, ['--root', root, '-o', '/dev/stdout'], root, true);
    assert.equal(piped.code, 0, piped.stderr);
    assert.equal(piped.stdout, `${demoDoc}Generated: /dev/stdout\n`);
  },
);

test(
  'a read-only stale document, run by its owner who is not root: exit 2, one line, the file untouched',
  { skip: otherUserUnavailable ?? false },
  async () => {
    const cli = await bundledCli();
    const root = copyBaseTree('readonly');
    const docs = path.join(root, 'docs');
    fs.mkdirSync(docs);
    const out = path.join(docs, 'doc.md');
    fs.writeFileSync(out, 'stale\n', { mode: 0o444 });
    fs.chownSync(docs, OTHER_UID, OTHER_GID); // a folder the user can write
    fs.chownSync(out, OTHER_UID, OTHER_GID);
    openToOthers(root);
    fs.chmodSync(out, 0o444);
    const before = fs.statSync(out);
    for (const extra of [['--check'], []]) {
      const r = runProcessAsOther(cli, ['--root', root, '-o', out, ...extra], { cwd: root });
      // The reference: PermissionError: [Errno 13] Permission denied: '<out>' from write_text.
      assertOneLineError(r, /cannot write .*doc\.md: permission denied/);
      const after = fs.statSync(out);
      assert.equal(fs.readFileSync(out, 'utf8'), 'stale\n');
      assert.equal(after.ino, before.ino);
      assert.equal(after.mode, before.mode);
      assert.deepEqual(fs.readdirSync(docs), ['doc.md']);
    }
  },
);

test(
  'a read-only document, run as root: written through in place, still read-only (write_text as root)',
  { skip: isRoot ? false : 'needs root' },
  () => {
    const root = copyBaseTree('readonly-root');
    const out = path.join(root, 'doc.md');
    fs.writeFileSync(out, 'stale\n', { mode: 0o444 });
    fs.chmodSync(out, 0o444);
    const r = runInProcess(['--root', root, '-o', out, '--check'], root);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(fs.readFileSync(out, 'utf8'), demoDoc);
    assert.equal(fs.statSync(out).mode & 0o777, 0o444);
  },
);

test('a hard-linked document is written in place: every link sees the new document', () => {
  const root = copyBaseTree('hardlink');
  const out = path.join(root, 'doc.md');
  const other = path.join(root, 'other-name.md');
  fs.writeFileSync(out, 'stale\n');
  fs.linkSync(out, other);
  const before = fs.statSync(out);
  const r = runInProcess(['--root', root, '-o', out, '--check'], root);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(fs.readFileSync(other, 'utf8'), demoDoc);
  assert.equal(fs.statSync(out).ino, before.ino);
  assert.equal(fs.statSync(out).nlink, 2);
});

test(
  "another user's document keeps its owner and mode",
  { skip: otherUserUnavailable ?? false },
  async () => {
    // As root: replaced whole, with the owner given back. As that other user in a folder they can
    // write, for a root-owned file they may write: written in place (a rename would make it theirs).
    const root = copyBaseTree('owner');
    const out = path.join(root, 'doc.md');
    fs.writeFileSync(out, 'stale\n', { mode: 0o640 });
    fs.chownSync(out, OTHER_UID, OTHER_GID);
    assert.equal(runInProcess(['--root', root, '-o', out], root).code, 0);
    let s = fs.statSync(out);
    assert.deepEqual([s.uid, s.gid, s.mode & 0o7777], [OTHER_UID, OTHER_GID, 0o640]);
    assert.equal(fs.readFileSync(out, 'utf8'), demoDoc);

    const cli = await bundledCli();
    const shared = makeTempDir('shared-out');
    const rootOwned = path.join(shared, 'doc.md');
    fs.writeFileSync(rootOwned, 'stale\n');
    fs.chmodSync(rootOwned, 0o666);
    openToOthers(root);
    fs.chmodSync(shared, 0o777);
    const r = runProcessAsOther(cli, ['--root', root, '-o', rootOwned], { cwd: root });
    assert.equal(r.code, 0, r.stderr);
    s = fs.statSync(rootOwned);
    assert.deepEqual([s.uid, s.mode & 0o7777], [0, 0o666]);
    assert.equal(fs.readFileSync(rootOwned, 'utf8'), demoDoc);
    assert.deepEqual(fs.readdirSync(shared), ['doc.md']);
  },
);
