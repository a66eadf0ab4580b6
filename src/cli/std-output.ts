// The process's stdout and stderr, written with fs.writeSync: creating
// process.stdout loads Node's stream modules (about 5 ms of a run that
// otherwise takes a few tens), and the CLI writes its output once, at the end.
// A stream takes over only where a plain write cannot finish now (EAGAIN: a
// non-blocking pipe that is full), and from then on for that descriptor, so
// the order of what is written stays. A reader that went away (EPIPE) is not
// an error of ours: the rest is dropped quietly; any other write error makes
// the exit code 2.

import * as fs from 'node:fs';

type Descriptor = 1 | 2;

/** Descriptors whose stream took over, and those whose reader is gone. */
const streaming = new Set<Descriptor>();
const dropped = new Set<Descriptor>();
const EXIT_ERROR = 2;

function stream(fd: Descriptor): NodeJS.WriteStream {
  return fd === 1 ? process.stdout : process.stderr;
}

/** Writes `text` to stdout (1) or stderr (2). */
export function writeOutput(fd: Descriptor, text: string): void {
  if (dropped.has(fd) || text === '') return;
  if (streaming.has(fd)) {
    stream(fd).write(text);
    return;
  }
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  try {
    while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EAGAIN') {
      takeOver(fd).write(bytes.subarray(written));
    } else {
      dropped.add(fd);
      if (code !== 'EPIPE') process.exitCode = EXIT_ERROR;
    }
  }
}

function takeOver(fd: Descriptor): NodeJS.WriteStream {
  streaming.add(fd);
  const s = stream(fd);
  s.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') process.exitCode = EXIT_ERROR;
  });
  return s;
}

/**
 * Calls `done` once everything written has reached the operating system: at
 * once unless a stream took over and still holds some. A stream that can no
 * longer drain never calls it (the process then ends by itself).
 */
export function whenOutputFlushed(done: () => void): void {
  const pending = [...streaming].map(stream).filter((s) => s.writableLength > 0);
  if (pending.length === 0) {
    done();
    return;
  }
  let waiting = pending.length;
  for (const s of pending) {
    s.once('drain', () => {
      if (--waiting === 0) done();
    });
  }
}
