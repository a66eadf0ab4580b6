// Shared by the package tests: where things are, and running the built
// command the way a user does (a child process, real exit code).

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const binFile = path.join(projectDir, 'bin/vllm-attention-docs.js');
export const demoTree = path.join(projectDir, 'examples/demo-vllm');
export const demoExpectedDoc = path.join(demoTree, 'docs/design/attention_backends.md');

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The error to show when the bundle the bin loads is missing. */
export function requireBuilt(): void {
  if (!fs.existsSync(path.join(projectDir, 'dist/cli.bundle.cjs'))) {
    throw new Error('dist/cli.bundle.cjs is missing: run `npm run build` (npm test does it first)');
  }
}

/** Run the installed command (bin -> dist bundle) with `argv` in `cwd`. */
export function runBin(argv: readonly string[], options: { cwd: string }): RunResult {
  requireBuilt();
  const r = spawnSync(process.execPath, [binFile, ...argv], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export { makeTempDir } from '../temp-dir.js';

/** package.json, typed as the caller needs it. */
export function readPackageJson<T = { version: string; scripts: Record<string, string> }>(): T {
  return JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as T;
}

/**
 * The body of the first fenced block after the heading `heading` in a
 * markdown text (the block's info string is ignored), or null.
 */
export function fencedBlockAfter(markdown: string, heading: string): string | null {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) return null;
  const open = /\n(```+)[^\n]*\n/g;
  open.lastIndex = start;
  const m = open.exec(markdown);
  if (m === null) return null;
  const bodyStart = m.index + m[0].length;
  const close = markdown.indexOf(`\n${m[1]}\n`, bodyStart - 1);
  if (close < 0) return null;
  return markdown.slice(bodyStart, close + 1);
}
