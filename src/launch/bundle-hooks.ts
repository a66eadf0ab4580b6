// What the CLI bundle offers its launcher (src/launch/launcher.ts), beside main():
// whether the run parsed (its code cache then holds the parser), a hook before the
// first whole-module parse (where the launcher tunes V8: jit-tuning.ts), and when
// the output is out (then the process can end).

export { parsesStarted } from '../python/parser/parser.js';
export { beforeFirstModuleParse } from '../python/parse.js';
export { whenOutputFlushed } from '../cli/std-output.js';
