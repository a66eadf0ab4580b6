// Regenerates test/fixtures/expected/ from the reference generator:
//   <name>.md          the document (reference exited 0)
//   <name>.crash.txt   last traceback line + "\n" (reference crashed)
//   <name>.stderr.txt  warnings the reference printed on stderr, root shown as <ROOT>
//                      (for crashes: only what came before the traceback); absent if none
// Usage: node --import tsx scripts/regen-expected.ts [--reference PATH] [--version N] [NAME...]
// --version N records what generator version N writes (PATH must be that version's script)
// into expected/v<N>/; without it, the seed's version (8) into expected/ itself.
// Skips (exit 0, one line) when python3 or the reference script is absent.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPython, referenceFromArgs, runReference } from './reference.js';
import { GENERATOR_VERSIONS, SEED_VERSION } from '../src/versions/versions.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const treesDir = join(repoRoot, 'test', 'fixtures', 'trees');

/** Where the expectations of a generator version live: the seed's in expected/, others in expected/v<N>/. */
function expectedDirFor(version: number): string {
  const base = join(repoRoot, 'test', 'fixtures', 'expected');
  return version === SEED_VERSION.number ? base : join(base, `v${version}`);
}

function main(): number {
  const { reference, rest: args } = referenceFromArgs(process.argv.slice(2));
  const rest: string[] = [];
  let version = SEED_VERSION.number;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--version') version = Number(args[++i]);
    else rest.push(args[i]);
  }
  if (!GENERATOR_VERSIONS.some((v) => v.number === version)) {
    console.log(`regen-expected: no generator version ${String(version)}`);
    return 2;
  }
  const expectedDir = expectedDirFor(version);
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
