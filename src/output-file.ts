// Writing the document: whole or not at all (temporary file, then rename), and
// --check's comparison, which reads the old file the way Path.read_text() does.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeSourceBytes } from './python/source.js';
import { osErrorText } from './render/diagnostics-text.js';

export type ExistingDocument =
  { kind: 'missing' } | { kind: 'text'; text: string } | { kind: 'unreadable'; reason: string };

/** read_text() of the current document: UTF-8, universal newlines. */
export function readExistingDocument(file: string): ExistingDocument {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: describeFsError(error, 'read') };
  }
  const decoded = decodeSourceBytes(bytes);
  if (!decoded.ok) return { kind: 'unreadable', reason: decoded.error.msg };
  return { kind: 'text', text: decoded.text };
}

/**
 * Replace `file` with `text` atomically. Follows a symbolic link at `file`
 * (write_text writes through links) and keeps an existing file's mode.
 */
export function writeDocumentAtomically(file: string, text: string): void {
  let target = file;
  try {
    target = fs.realpathSync(file);
  } catch {
    // Does not exist yet: write it where asked.
  }
  const dir = path.dirname(target);
  makeDirectories(dir);
  const temp = path.join(
    dir,
    `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  let mode: number | undefined;
  try {
    mode = fs.statSync(target).mode & 0o7777;
  } catch {
    mode = undefined;
  }
  try {
    fs.writeFileSync(temp, text, { encoding: 'utf8', mode: mode ?? 0o666, flag: 'wx' });
    if (mode !== undefined) fs.chmodSync(temp, mode);
    fs.renameSync(temp, target);
  } catch (error) {
    try {
      fs.unlinkSync(temp);
    } catch {
      // Nothing was left behind.
    }
    throw error;
  }
}

/**
 * `mkdir -p`, one level at a time. Node's `{ recursive: true }` retries forever
 * when mkdir answers ENOENT under a parent that exists (procfs does), so a
 * bounded loop stands in for it: each missing level is made once, or we fail.
 */
function makeDirectories(dir: string): void {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(current)) break;
    missing.push(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      fs.mkdirSync(missing[i]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** A file system error in plain words, with the path concerned. */
export function describeFsError(error: unknown, action: 'read' | 'write' = 'write'): string {
  const e = error as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string') {
    // Writing, ENOENT also means a parent that is not a folder (procfs answers so).
    const reason =
      e.code === 'ENOENT' && action === 'write'
        ? 'no such file or directory (or a parent cannot hold folders)'
        : osErrorText(e.code);
    // The caller names the file; the temporary file's name would only confuse.
    const shown = e.path && !/\.tmp$/.test(e.path) ? ` (${e.path})` : '';
    return `${reason}${shown}`;
  }
  return String(error);
}
