// The CLI's usage and run errors as a user sees them: exit 2, nothing on
// stdout, one line on stderr that names the problem, and nothing that looks
// like a crash (a stack trace, "internal error"). Imports nothing of the
// tests' own: robustness/helpers.ts sets the generator version for its files.

import assert from 'node:assert/strict';

/** Whether stderr shows a crash rather than a message: a stack frame, a fatal V8 error, "internal error". */
export function looksLikeCrash(stderr: string): boolean {
  return (
    /^\s+at .+:\d+:\d+\)?$/m.test(stderr) || /FATAL ERROR|internal error|Maximum call stack/.test(stderr)
  );
}

export function assertOneLineError(
  r: { readonly code: number | null; readonly stderr: string; readonly stdout?: string },
  pattern: RegExp,
): void {
  assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
  if (r.stdout !== undefined) assert.equal(r.stdout, '', 'nothing on stdout');
  assert.match(
    r.stderr,
    /^vllm-attention-docs: error: [^\n]+\n$/,
    `one line on stderr: ${JSON.stringify(r.stderr)}`,
  );
  assert.match(r.stderr, pattern);
  assert.ok(!looksLikeCrash(r.stderr), 'no crash');
}
