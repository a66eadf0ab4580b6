// Git objects by id, read synchronously from one long-lived `git cat-file
// --batch`. SourceTree is synchronous and Node has no synchronous pipe, so
// the process lives in a worker thread: the caller posts the object names and
// sleeps on a shared word (Atomics.wait) until the worker has the answer,
// which it then takes off the message port (receiveMessageOnPort). A round
// trip costs a fraction of a millisecond; a `spawnSync` per request costs
// about 3 ms, and one `git ls-tree -r` of a whole vLLM tree about 12 ms (see
// docs/design/revisions.md). Trees and blobs are kept by id, so a walk over
// many commits reads each distinct object once.

import { workerThreadsModule } from '../node-builtins.js';

/** Why an object could not be read: git does not have it (`missing`), or git itself failed. */
export class GitObjectUnavailable extends Error {
  constructor(
    readonly object: string,
    /** git's own message when it stopped (a partial clone refusing to fetch says so here), else null. */
    readonly gitMessage: string | null,
  ) {
    super(gitMessage ?? `git object ${object} is missing`);
    this.name = 'GitObjectUnavailable';
  }
}

export interface RawObject {
  readonly type: string;
  readonly bytes: Uint8Array;
}

type WorkerReply =
  | { readonly ok: true; readonly objects: readonly (RawObject | null)[] }
  | { readonly ok: false; readonly message: string };

/** Longest wait for one answer: cat-file never prompts or fetches, so this only guards against a wedged git. */
const ANSWER_TIMEOUT_MS = 120_000;

// The worker, as plain JavaScript (it runs from a string, so it works the same
// from the sources, the library build and the single-file CLI bundle).
const WORKER_SOURCE = `'use strict';
// Dynamic imports work whether Node runs this string as a script or as a module.
Promise.all([import('node:worker_threads'), import('node:child_process')]).then(([threads, processes]) => {
const { port, signal, gitDir, env } = threads.workerData;
const spawn = processes.spawn;
let failure = null;
let stderrText = '';
let pending = null;
let rest = Buffer.alloc(0);
let state = 'header';
let current = null;
let filled = 0;

function reply(message, transfer) {
  port.postMessage(message, transfer);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}
function fail(message) {
  if (failure === null) failure = message;
  if (pending !== null) {
    pending = null;
    reply({ ok: false, message: failure }, []);
  }
}
function push(object) {
  if (pending === null) return fail('git cat-file wrote without being asked');
  pending.objects.push(object);
  if (object !== null) pending.transfer.push(object.bytes.buffer);
  if (pending.objects.length === pending.count) {
    const done = pending;
    pending = null;
    reply({ ok: true, objects: done.objects }, done.transfer);
  }
}
function consume(chunk) {
  const data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
  rest = Buffer.alloc(0);
  let at = 0;
  while (at < data.length && failure === null) {
    if (state === 'body') {
      const take = Math.min(current.bytes.length - filled, data.length - at);
      current.bytes.set(data.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === current.bytes.length) state = 'newline';
      continue;
    }
    if (state === 'newline') {
      at += 1;
      state = 'header';
      const done = current;
      current = null;
      push(done);
      continue;
    }
    const newline = data.indexOf(10, at);
    if (newline < 0) {
      rest = Buffer.from(data.subarray(at));
      return;
    }
    const parts = data.toString('latin1', at, newline).split(' ');
    at = newline + 1;
    if (parts.length === 2 && (parts[1] === 'missing' || parts[1] === 'ambiguous')) {
      push(null);
      continue;
    }
    const size = Number(parts[2]);
    if (parts.length !== 3 || !Number.isSafeInteger(size) || size < 0)
      return fail('unexpected output from git cat-file: ' + parts.join(' '));
    current = { type: parts[1], bytes: new Uint8Array(size) };
    filled = 0;
    state = size === 0 ? 'newline' : 'body';
  }
}

process.on('uncaughtException', (error) => fail('internal error: ' + (error && error.message)));
const child = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
child.on('error', (error) => fail(error.code === 'ENOENT' ? 'ENOENT' : String(error.message)));
child.stdin.on('error', () => {});
child.stderr.on('data', (data) => {
  if (stderrText.length < 65536) stderrText += data.toString('utf8');
});
child.stdout.on('data', consume);
child.on('close', (code, signalName) => fail(stderrText.trim() || 'git cat-file exited (' + (signalName || code) + ')'));
port.on('message', (names) => {
  if (failure !== null) return reply({ ok: false, message: failure }, []);
  pending = { count: names.length, objects: [], transfer: [] };
  child.stdin.write(names.join('\\n') + '\\n');
});
});
`;

/** One `git cat-file --batch` in a worker thread, asked synchronously. */
export class GitObjectReader {
  private readonly worker: import('node:worker_threads').Worker;
  private readonly port: import('node:worker_threads').MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private broken: string | null = null;

  constructor(gitDir: string, env: NodeJS.ProcessEnv) {
    const { MessageChannel, Worker } = workerThreadsModule();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { port: port2, signal: this.signal, gitDir, env },
      transferList: [port2],
      // The parent's flags (--import tsx, --input-type=module, ...) are not for this small script.
      execArgv: [],
      stdout: true,
      stderr: true,
    });
    // Neither the worker nor git keeps the process alive: git ends when its input closes.
    this.worker.unref();
  }

  /** The objects named, in order; null where git has none of that name. */
  read(names: readonly string[]): (RawObject | null)[] {
    if (names.length === 0) return [];
    if (this.broken !== null) throw new GitObjectUnavailable(names[0], this.broken);
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage(names);
    const started = Date.now();
    while (Atomics.wait(this.signal, 0, 0, 1000) === 'timed-out') {
      if (Date.now() - started > ANSWER_TIMEOUT_MS) {
        this.broken = `git cat-file did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`;
        throw new GitObjectUnavailable(names[0], this.broken);
      }
    }
    const received = workerThreadsModule().receiveMessageOnPort(this.port);
    if (received === undefined) {
      this.broken = 'the git reader thread gave no answer';
      throw new GitObjectUnavailable(names[0], this.broken);
    }
    const reply = received.message as WorkerReply;
    if (!reply.ok) {
      this.broken = reply.message;
      throw new GitObjectUnavailable(names[0], reply.message);
    }
    return [...reply.objects];
  }

  close(): void {
    this.broken ??= 'closed';
    this.port.close();
    void this.worker.terminate();
  }
}

export type TreeEntryKind = 'tree' | 'blob' | 'link' | 'gitlink';

export interface TreeEntry {
  readonly kind: TreeEntryKind;
  readonly oid: string;
}

/**
 * Keep at most this many bytes of blobs. One vLLM tree's inputs are about
 * 1 MB; a history walk reads each commit's changed files and re-reads the
 * unchanged ones only for stages that run again, so more would only hold
 * memory (a walk over the 250 commits of 2026-01..05 reads about 20 MB).
 */
const MAX_BLOB_BYTES = 8 * 1024 * 1024;
/** Keep at most this many parsed trees (a commit's path to a changed file is a few new ones). */
const MAX_TREES = 1024;

const utf8 = new TextDecoder();

/**
 * Commits, trees and blobs by id, each read from git once: trees parsed into
 * entries, blobs kept (least recently used first out) up to MAX_BLOB_BYTES.
 */
export class GitObjectStore {
  private readonly commitTrees = new Map<string, string>();
  private readonly trees = new Map<string, ReadonlyMap<string, TreeEntry>>();
  private readonly blobs = new Map<string, Uint8Array>();
  private readonly blobIds = new WeakMap<Uint8Array, string>();
  private blobBytes = 0;
  /** How many objects were asked of git (each distinct object once, unless evicted). */
  objectsRead = 0;

  constructor(private readonly reader: GitObjectReader) {}

  /** The root tree of a commit. */
  commitTree(commit: string): string {
    let tree = this.commitTrees.get(commit);
    if (tree === undefined) {
      const match = /^tree ([0-9a-f]+)\n/.exec(utf8.decode(this.readOne(commit, 'commit')));
      if (match === null) throw new GitObjectUnavailable(commit, `${commit} is not a commit`);
      tree = match[1];
      this.commitTrees.set(commit, tree);
    }
    return tree;
  }

  /** A tree's entries by name. */
  tree(oid: string): ReadonlyMap<string, TreeEntry> {
    let entries = this.trees.get(oid);
    if (entries !== undefined) {
      // Refresh its place: the Map's order is the eviction order.
      this.trees.delete(oid);
      this.trees.set(oid, entries);
      return entries;
    }
    entries = parseTree(this.readOne(oid, 'tree'), oid.length / 2);
    this.trees.set(oid, entries);
    if (this.trees.size > MAX_TREES) this.trees.delete(this.trees.keys().next().value as string);
    return entries;
  }

  /** A blob's bytes; the same Uint8Array for the same id while it is kept. */
  blob(oid: string): Uint8Array {
    const kept = this.blobs.get(oid);
    if (kept !== undefined) {
      // Refresh its place: the Map's order is the eviction order.
      this.blobs.delete(oid);
      this.blobs.set(oid, kept);
      return kept;
    }
    const bytes = this.readOne(oid, 'blob');
    this.blobs.set(oid, bytes);
    this.blobIds.set(bytes, oid);
    this.blobBytes += bytes.length;
    for (const [old, oldBytes] of this.blobs) {
      if (this.blobBytes <= MAX_BLOB_BYTES || old === oid) break;
      this.blobs.delete(old);
      this.blobBytes -= oldBytes.length;
    }
    return bytes;
  }

  /** The id of bytes this store gave out (blob() returns one Uint8Array per id), else undefined. */
  idOf(bytes: Uint8Array): string | undefined {
    return this.blobIds.get(bytes);
  }

  close(): void {
    this.reader.close();
  }

  private readOne(oid: string, type: string): Uint8Array {
    this.objectsRead++;
    const [object] = this.reader.read([oid]);
    if (object === null) throw new GitObjectUnavailable(oid, null);
    if (object.type !== type)
      throw new GitObjectUnavailable(oid, `${oid} is a ${object.type}, not a ${type}`);
    return object.bytes;
  }
}

const MODE_KINDS: Readonly<Record<string, TreeEntryKind>> = {
  '40000': 'tree',
  '100644': 'blob',
  '100755': 'blob',
  '100664': 'blob',
  '120000': 'link',
  '160000': 'gitlink',
};

/** A raw tree object: entries `<octal mode> <name>\0<hash bytes>`. */
function parseTree(bytes: Uint8Array, hashBytes: number): ReadonlyMap<string, TreeEntry> {
  const entries = new Map<string, TreeEntry>();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let at = 0;
  while (at < buffer.length) {
    const space = buffer.indexOf(0x20, at);
    const nul = buffer.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 1 + hashBytes > buffer.length) break;
    const mode = buffer.toString('latin1', at, space);
    const name = buffer.toString('utf8', space + 1, nul);
    const oid = buffer.toString('hex', nul + 1, nul + 1 + hashBytes);
    at = nul + 1 + hashBytes;
    const kind = MODE_KINDS[mode] ?? (mode.startsWith('10') ? 'blob' : undefined);
    if (kind !== undefined) entries.set(name, { kind, oid });
  }
  return entries;
}
