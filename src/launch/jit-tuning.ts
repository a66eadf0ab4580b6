// V8's optimizing compiler (TurboFan) inlines the parser's small rule functions
// into each other; for a run that parses about a megabyte once, compiling those
// large inlined graphs costs more than the optimized code saves: on vLLM's
// trees, switching inlining off before the first parse took the parse of a
// cold run from ~430 to ~290 ms of CPU (~30%; wall ~30% on two cores, on Node
// 20, 22 and 24), while a warm parse runs ~15% slower. Maglev, V8's mid tier
// (on by default from Node 22), is the same story. See
// docs/design/performance.md. Only the CLI does this, in its own process,
// never the library in someone else's.
//
// The flag is part of what V8 checks a code cache against, so it is switched
// back before the code cache is written: the next run compiles the bundle
// with the flags Node started with, and so did this one.

import { createRequire } from 'node:module';

/** The launcher's switch; null when the user set inlining themselves (we leave their flags alone). */
export interface JitTuning {
  apply(): void;
  /** Back to the flags the bundle was compiled under; false when apply() never ran. */
  undo(): boolean;
}

export function jitTuning(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
  v8Version: string = process.versions.v8,
): JitTuning | null {
  const userFlags = [...execArgv, nodeOptions ?? ''];
  if (userFlags.some((arg) => /turbo[-_]inlining/.test(arg))) return null;
  // Maglev (on by default from V8 12, Node 22) costs a short run more than it gains, too
  // (Node 24: ~15% less CPU and ~10 MB less memory without it); set only where it is on.
  const maglevOn = Number.parseInt(v8Version, 10) >= 12 && !userFlags.some((arg) => /maglev/.test(arg));
  const off = maglevOn ? '--no-turbo-inlining --no-maglev' : '--no-turbo-inlining';
  const on = maglevOn ? '--turbo-inlining --maglev' : '--turbo-inlining';
  let applied = false;
  const setFlags = (flags: string): void => {
    // Loaded only here: node:v8 pulls in Node's stream modules (~3 ms), which a run that parses
    // nothing skips. Any absolute path serves createRequire for a built-in module.
    (createRequire(process.execPath)('node:v8') as typeof import('node:v8')).setFlagsFromString(flags);
  };
  return {
    apply() {
      setFlags(off);
      applied = true;
    },
    undo() {
      if (!applied) return false;
      setFlags(on);
      applied = false;
      return true;
    },
  };
}
