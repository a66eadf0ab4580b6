// Regenerates test/fixtures/expected/ from the reference generator:
//   <name>.md          the document (reference exited 0)
//   <name>.crash.txt   last traceback line + "\n" (reference crashed)
//   <name>.stderr.txt  warnings the reference printed on stderr, root shown as <ROOT>
//                      (for crashes: only what came before the traceback); absent if none
// Usage: node --import tsx scripts/regen-expected.ts [--reference PATH] [NAME...]
// Skips (exit 0, one line) when python3 or the reference script is absent.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPython, referenceFromArgs, runReference } from './reference.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const treesDir = join(repoRoot, 'test', 'fixtures', 'trees');
const expectedDir = join(repoRoot, 'test', 'fixtures', 'expected');

function main(): number {
  const { reference, rest } = referenceFromArgs(process.argv.slice(2));
  if (reference === null || !existsSync(reference)) {
    const why =
      reference === null
        ? 'no reference script; pass --reference PATH or set VLLM_DOCS_REFERENCE'
        : `reference script ${reference} not found`;
    console.log(`regen-expected: skipped (${why})`);
    return 0;
  }
  const pythonProblem = checkPython();
  if (pythonProblem !== null) {
    console.log(`regen-expected: skipped (${pythonProblem})`);
    return 0;
  }
  const names =
    rest.length > 0
      ? rest
      : readdirSync(treesDir)
          .filter((n) => !n.startsWith('.'))
          .sort();
  mkdirSync(expectedDir, { recursive: true });
  let failures = 0;
  for (const name of names) {
    const treeDir = join(treesDir, name);
    if (!existsSync(treeDir)) {
      console.log(`${name}: no such tree`);
      failures++;
      continue;
    }
    for (const suffix of ['.md', '.crash.txt', '.stderr.txt'])
      rmSync(join(expectedDir, name + suffix), { force: true });
    const outcome = runReference({ referenceScript: reference, treeDir });
    if (outcome.kind === 'failed') {
      console.log(`${name}: reference failed: ${outcome.reason}`);
      failures++;
      continue;
    }
    if (outcome.kind === 'document') writeFileSync(join(expectedDir, `${name}.md`), outcome.document);
    else writeFileSync(join(expectedDir, `${name}.crash.txt`), outcome.crashLine + '\n');
    if (outcome.stderr !== '') writeFileSync(join(expectedDir, `${name}.stderr.txt`), outcome.stderr);
    const what = outcome.kind === 'document' ? 'document' : `crash: ${outcome.crashLine}`;
    console.log(`${name}: ${what}${outcome.stderr !== '' ? ' (+stderr)' : ''}`);
  }
  return failures > 0 ? 1 : 0;
}

process.exitCode = main();
