// The explain command, run in this process, for comparisons with the page.

import { runExplain as runExplainCli } from '../../src/cli/explain.js';
import { projectDir } from './paths.js';

/** `vllm-attention-docs explain ARGV --format json` on a tree, as the CLI prints it (parsed), or its error line. */
export function explainJson(root: string, argv: readonly string[]): { json: unknown } | { error: string } {
  let out = '';
  let err = '';
  const code = runExplainCli([...argv, '--root', root, '--format', 'json'], {
    cwd: projectDir,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    findRoot: () => null,
  });
  // Exit 1 when vLLM would raise, 2 when the pick is undetermined: the JSON is printed all the same.
  return out !== '' ? { json: JSON.parse(out) } : { error: `exit ${code}: ${err.trim()}` };
}
