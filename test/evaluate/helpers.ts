// Test helpers: evaluate run() of a fixture tree's module with a small host.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Host, HostModule } from '../../src/evaluate/host.js';
import { Interpreter } from '../../src/evaluate/interpreter.js';
import { args } from '../../src/evaluate/runtime.js';
import { SourceCache } from '../../src/evaluate/sources.js';
import { UnknownSignal, type Unknown } from '../../src/evaluate/unknown.js';
import { PyRaise } from '../../src/evaluate/errors.js';
import { MemoryTree } from '../../src/tree/memory-tree.js';

export interface TestHost {
  readonly modules?: Readonly<Record<string, HostModule>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly fallback?: 'opaque' | 'missing';
}

export function makeInterpreter(files: Readonly<Record<string, string>>, host: TestHost = {}): Interpreter {
  const h: Host = {
    module: (name) => host.modules?.[name],
    fallback: () => host.fallback ?? 'missing',
    environ: new Map(Object.entries(host.env ?? {})),
    which: () => null,
  };
  return new Interpreter(new SourceCache(new MemoryTree(files, '/t')), h);
}

export type RunResult =
  { readonly repr: string } | { readonly unknown: Unknown } | { readonly raised: string };

/** repr(module.fn()) as the evaluator computes it, or the Unknown / exception it stops with. */
export function runModule(
  files: Readonly<Record<string, string>>,
  host: TestHost = {},
  module = 'm',
  fn = 'run',
): RunResult {
  const interp = makeInterpreter(files, host);
  try {
    const m = interp.importModule(module);
    return { repr: interp.repr(interp.call(interp.getAttr(m, fn), args())) };
  } catch (error) {
    if (error instanceof UnknownSignal) return { unknown: error.unknown };
    if (error instanceof PyRaise)
      return { raised: `${error.exception.cls.name}: ${interp.str(error.exception)}` };
    throw error;
  }
}

let pythonAvailable: boolean | undefined;

export function hasPython(): boolean {
  if (pythonAvailable === undefined) {
    const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[:2] >= (3, 11))'], {
      encoding: 'utf8',
    });
    pythonAvailable = probe.status === 0 && probe.stdout.trim() === 'True';
  }
  return pythonAvailable;
}

/** repr(m.run()) under CPython for each fixture tree (one python3 process for all). */
export function runUnderPython(trees: readonly Readonly<Record<string, string>>[]): string[] {
  const root = mkdtempSync(join(tmpdir(), 'eval-cases-'));
  try {
    trees.forEach((files, i) => {
      for (const [path, text] of Object.entries(files)) {
        const full = join(root, String(i), path);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, text);
      }
    });
    const script = `
import importlib, sys
root = sys.argv[1]
for i in range(int(sys.argv[2])):
    for name in [n for n in sys.modules if n == "m" or n.startswith("pkg")]:
        del sys.modules[name]
    sys.path.insert(0, f"{root}/{i}")
    print(repr(importlib.import_module("m").run()).encode("unicode_escape").decode())
    sys.path.pop(0)
`;
    const run = spawnSync('python3', ['-c', script, root, String(trees.length)], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
    return run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.replace(/\\\\/g, '\\'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
