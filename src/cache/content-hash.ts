// SHA-256 of file contents, computed once per buffer: the result cache's
// record of a read and the outline cache's key hash the same bytes.

import { sha256Hex } from '../node-builtins.js';

const hashes = new WeakMap<Uint8Array, string>();

/** The SHA-256 of the bytes, as hex. */
export function contentHash(bytes: Uint8Array): string {
  let hash = hashes.get(bytes);
  if (hash === undefined) {
    hash = sha256Hex(bytes);
    hashes.set(bytes, hash);
  }
  return hash;
}
