// Temporary files written before a rename: named so a later run can tell a
// stale one, removed on the way out when a signal interrupts the run, and
// swept when an earlier run died without cleaning up (SIGKILL, power loss).

import * as fs from 'node:fs';
import * as path from 'node:path';

/** `<prefix>.<pid>.<random>.tmp`, the name every temporary file of ours has. */
const TEMP_NAME = /^(.*)\.\d+\.[0-9a-z]+\.tmp$/;

/** A temporary file this old is left over from a run that died: a write takes milliseconds. */
export const STALE_TEMP_MS = 60_000;

const live = new Set<string>();
let handlersInstalled = false;

/** A fresh temporary name beside `file` (`prefix` defaults to the file's own name). */
export function tempPathFor(file: string, prefix = path.basename(file)): string {
  const random = Math.random().toString(36).slice(2, 10) || '0';
  return path.join(path.dirname(file), `${prefix}.${process.pid}.${random}.tmp`);
}

/**
 * Marks `temp` as ours until `forget` is called: a signal (SIGINT, SIGTERM,
 * SIGHUP) must not end the process between its write and its rename. Once a
 * handler is installed, Node no longer dies at the signal: it runs the handler
 * between turns of the event loop, never inside synchronous code, so every
 * write-then-rename completes or cleans up first. The handler removes what is
 * still live and ends the process by the same signal. (A CLI run is one
 * synchronous stretch; a signal it received may only be seen as it exits, or
 * not at all, in which case the run has simply finished its work.)
 */
export function rememberTemp(temp: string): void {
  live.add(temp);
  if (!handlersInstalled) installHandlers();
}

export function forgetTemp(temp: string): void {
  live.delete(temp);
}

function removeLive(): void {
  for (const temp of live) {
    try {
      fs.unlinkSync(temp);
    } catch {
      // Already renamed or gone.
    }
  }
  live.clear();
}

function installHandlers(): void {
  handlersInstalled = true;
  process.on('exit', removeLive);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const handler = (): void => {
      removeLive();
      for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(s);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

/**
 * Removes temporary files of ours in `dir` older than STALE_TEMP_MS whose
 * prefix satisfies `isOurs`; best effort.
 */
export function sweepStaleTemps(dir: string, isOurs: (prefix: string) => boolean): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const match = TEMP_NAME.exec(name);
    if (match === null || !isOurs(match[1])) continue;
    const file = path.join(dir, name);
    try {
      const stats = fs.lstatSync(file);
      if (stats.isFile() && now - stats.mtimeMs > STALE_TEMP_MS) fs.unlinkSync(file);
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
}
