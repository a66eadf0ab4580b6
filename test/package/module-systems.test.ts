// The library loads from both module systems, as a user's code would load the
// installed package (here through the package's self-reference, so `exports`
// is what resolves it): require() gets the CommonJS build, import the ESM
// entry, and both are the same code (one AnalysisError class). The checks of
// the published layout itself (attw, publint) run in CI: `npm run check:package`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { demoTree, projectDir, requireBuilt } from './helpers.js';

function node(args: readonly string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, args, { cwd: projectDir, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("require('vllm-attention-docs') gives the library, and the same objects as import", () => {
  requireBuilt();
  const script = `
    const lib = require('vllm-attention-docs');
    const matrix = lib.analyze(${JSON.stringify(demoTree)});
    const schema = require('vllm-attention-docs/schema.json');
    import('vllm-attention-docs').then((esm) => {
      console.log(JSON.stringify({
        functions: ['analyze', 'renderMarkdown', 'renderJson', 'parseModule'].map((n) => typeof lib[n]),
        rows: matrix.backends.length,
        sameClass: esm.AnalysisError === lib.AnalysisError,
        sameNames: Object.keys(esm).filter((n) => n !== 'default').sort().join() === Object.keys(lib).sort().join(),
        schema: typeof schema.$schema,
        names: lib.parseModule('x = "\\\\N{BULLET}"').ok,
      }));
    });`;
  const r = node(['--input-type=commonjs', '-e', script]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    functions: ['function', 'function', 'function', 'function'],
    rows: JSON.parse(node(['bin/vllm-attention-docs.js', '--demo', '--format', 'json']).stdout).backends
      .length,
    sameClass: true,
    sameNames: true,
    schema: 'string',
    names: true,
  });
});
