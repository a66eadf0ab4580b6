// Records what vLLM's own generator scripts write for the demo tree
// (examples/demo-vllm), for when the demo's Python changes:
//   test/fixtures/expected/demo/v<N>.md                each version N's document
//   examples/demo-vllm/docs/design/attention_backends.md  the newest version's
//   test/robustness/trees/expected/demo-with-hostile-row.md  the seed's version on the
//       demo plus the HOSTILE backend of the 'backend class inheriting from itself' case
// Usage: node --import tsx scripts/record-demo.ts REFS_DIR
// REFS_DIR holds versions of tools/pre_commit/generate_attention_backend_docs.py
// (any file names); each is recognised by its git blob id. Every known version must
// be there. The tree is copied without docs/ and each script run from the copy
// (scripts/reference.ts). Needs python3.
import { cpSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitBlobId } from '../src/node-builtins.js';
import { GENERATOR_VERSIONS, LATEST_VERSION, SEED_VERSION, versionOfBlob } from '../src/versions/versions.js';
import { HOSTILE_CASES, HOSTILE_MODULE } from '../test/robustness/hostile-cases.js';
import { makeTempDir } from '../test/temp-dir.js';
import { checkPython, runReference } from './reference.js';

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const demoTree = join(projectDir, 'examples/demo-vllm');
const HOSTILE_ROW_CASE = 'backend class inheriting from itself';

/** The demo's Python (no docs/) in a fresh folder, optionally with the HOSTILE backend registered. */
function demoCopy(withHostile: boolean): string {
  const root = makeTempDir('record-demo');
  cpSync(join(demoTree, 'vllm'), join(root, 'vllm'), { recursive: true });
  if (withHostile) {
    const hostile = HOSTILE_CASES.find((c) => c.name === HOSTILE_ROW_CASE);
    if (hostile === undefined) throw new Error(`no hostile case '${HOSTILE_ROW_CASE}'`);
    const registry = join(root, 'vllm/v1/attention/backends/registry.py');
    writeFileSync(
      registry,
      `${readFileSync(registry, 'utf8')}    HOSTILE = "${HOSTILE_MODULE}.HostileBackend"\n`,
    );
    writeFileSync(join(root, `${HOSTILE_MODULE.replaceAll('.', '/')}.py`), hostile.contents());
  }
  return root;
}

function record(script: string, tree: string, out: string): void {
  const outcome = runReference({ referenceScript: script, treeDir: tree });
  if (outcome.kind !== 'document' || outcome.stderr !== '')
    throw new Error(`${script} on ${tree}: ${JSON.stringify(outcome).slice(0, 500)}`);
  writeFileSync(out, outcome.document);
  console.log(`wrote ${out.slice(projectDir.length + 1)}`);
}

function main(): number {
  const refs = process.argv[2];
  if (refs === undefined) {
    console.error('usage: record-demo REFS_DIR');
    return 2;
  }
  const python = checkPython();
  if (python !== null) {
    console.error(`record-demo: ${python}`);
    return 2;
  }
  const scripts = new Map<number, string>();
  for (const name of readdirSync(refs)) {
    const version = versionOfBlob(gitBlobId(readFileSync(join(refs, name))));
    if (version !== null) scripts.set(version.number, join(refs, name));
  }
  const missing = GENERATOR_VERSIONS.filter((v) => !scripts.has(v.number)).map((v) => v.number);
  if (missing.length > 0) {
    console.error(`record-demo: no script in ${refs} for version(s) ${missing.join(', ')}`);
    return 2;
  }
  const plain = demoCopy(false);
  for (const version of GENERATOR_VERSIONS) {
    const out = join(projectDir, `test/fixtures/expected/demo/v${version.number}.md`);
    record(scripts.get(version.number) as string, plain, out);
  }
  const committed = join(demoTree, 'docs/design/attention_backends.md');
  cpSync(join(projectDir, `test/fixtures/expected/demo/v${LATEST_VERSION.number}.md`), committed);
  console.log(`wrote ${committed.slice(projectDir.length + 1)} (version ${LATEST_VERSION.number})`);
  const hostile = demoCopy(true);
  record(
    scripts.get(SEED_VERSION.number) as string,
    hostile,
    join(projectDir, 'test/robustness/trees/expected/demo-with-hostile-row.md'),
  );
  rmSync(plain, { recursive: true, force: true });
  rmSync(hostile, { recursive: true, force: true });
  return 0;
}

process.exitCode = main();
