// A Python exception in flight: a JS throwable carrying the exception
// instance, so that `try`/`except` in the evaluated code can catch it.

import type { PyInstance } from './objects.js';

// Not an Error: capturing a stack trace for every signal costs more than the evaluation.
export class PyRaise {
  constructor(
    readonly exception: PyInstance,
    /** Where it was raised (tree path and line), for reports. */
    readonly file: string,
    readonly line: number,
  ) {}
}

/** How a block of statements ended: normally, or by return, break or continue. */
export type Completion = 'normal' | 'return' | 'break' | 'continue';
