// Node built-ins that only some runs need, loaded on first use. Each import
// costs start-up time that a run not needing it should not pay: node:crypto
// alone pulls in the stream modules (several ms of a ~40 ms budget over
// Node's own start), and a result-cache hit hashes nothing.

import { createRequire } from 'node:module';

const requireBuiltin = createRequire(import.meta.url);

let crypto: typeof import('node:crypto') | undefined;
let zlib: typeof import('node:zlib') | undefined;
let v8: typeof import('node:v8') | undefined;

/** SHA-256 of the data, as lowercase hex. */
export function sha256Hex(data: Uint8Array | string): string {
  crypto ??= requireBuiltin('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Git's object id of a blob with these bytes: SHA-1 of "blob <size>\0" and the bytes. */
export function gitBlobId(bytes: Uint8Array): string {
  crypto ??= requireBuiltin('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** zlib's inflateRawSync. */
export function inflateRaw(data: Uint8Array): Buffer {
  zlib ??= requireBuiltin('node:zlib') as typeof import('node:zlib');
  return zlib.inflateRawSync(data);
}

/** zlib's deflateRawSync at its best compression. */
export function deflateRaw(data: Uint8Array): Buffer {
  zlib ??= requireBuiltin('node:zlib') as typeof import('node:zlib');
  return zlib.deflateRawSync(data, { level: 9 });
}

/** V8's heap statistics. */
export function heapStatistics(): import('node:v8').HeapInfo {
  v8 ??= requireBuiltin('node:v8') as typeof import('node:v8');
  return v8.getHeapStatistics();
}

let childProcess: typeof import('node:child_process') | undefined;
let workerThreads: typeof import('node:worker_threads') | undefined;

/** node:child_process (reading revisions runs git). */
export function childProcessModule(): typeof import('node:child_process') {
  childProcess ??= requireBuiltin('node:child_process') as typeof import('node:child_process');
  return childProcess;
}

/** node:worker_threads (the git object reader waits on its worker). */
export function workerThreadsModule(): typeof import('node:worker_threads') {
  workerThreads ??= requireBuiltin('node:worker_threads') as typeof import('node:worker_threads');
  return workerThreads;
}
