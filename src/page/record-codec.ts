// A TreeRecord as bytes, for the page to carry (compressed, then base64): a
// JSON header (paths, kinds, failures, shown paths, each file's length), then
// the files' bytes one after another. One stream compresses better than one per
// file, since the files share most of their words.

import type { StatResult, TreePath } from '../tree/tree.js';
import type { FailedRead, TreeRecord } from './embedded-tree.js';

interface RecordHeader {
  readonly label: string;
  readonly files: readonly (readonly [TreePath, number])[];
  readonly failedReads: readonly (readonly [TreePath, FailedRead])[];
  readonly kinds: readonly (readonly [TreePath, StatResult])[];
  readonly shown: readonly (readonly [TreePath, string])[];
}

const HEADER_LENGTH_BYTES = 4;

/** Paths in a fixed order, so that the same record always gives the same bytes. */
function sorted<V>(map: ReadonlyMap<TreePath, V>): [TreePath, V][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export function encodeRecord(record: TreeRecord): Uint8Array {
  const files = sorted(record.files);
  const header: RecordHeader = {
    label: record.label,
    files: files.map(([path, bytes]) => [path, bytes.length]),
    failedReads: sorted(record.failedReads),
    kinds: sorted(record.kinds),
    shown: sorted(record.shown),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const total = HEADER_LENGTH_BYTES + headerBytes.length + files.reduce((n, [, b]) => n + b.length, 0);
  const out = new Uint8Array(total);
  new DataView(out.buffer).setUint32(0, headerBytes.length);
  out.set(headerBytes, HEADER_LENGTH_BYTES);
  let at = HEADER_LENGTH_BYTES + headerBytes.length;
  for (const [, bytes] of files) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

export function decodeRecord(bytes: Uint8Array): TreeRecord {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0);
  const headerEnd = HEADER_LENGTH_BYTES + headerLength;
  const header = JSON.parse(
    new TextDecoder().decode(bytes.subarray(HEADER_LENGTH_BYTES, headerEnd)),
  ) as RecordHeader;
  const files = new Map<TreePath, Uint8Array>();
  let at = headerEnd;
  for (const [path, length] of header.files) {
    files.set(path, bytes.subarray(at, at + length));
    at += length;
  }
  if (at !== bytes.length) throw new Error(`embedded sources: ${bytes.length - at} bytes past the last file`);
  return {
    label: header.label,
    files,
    failedReads: new Map(header.failedReads),
    kinds: new Map(header.kinds),
    shown: new Map(header.shown),
  };
}
