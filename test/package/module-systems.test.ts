// The library loads from both module systems, as a user's code would load the
// installed package (here through the package's self-reference, so `exports`
// is what resolves it): require() gets the CommonJS build, import the ESM
// entry, and both are the same code (one AnalysisError class). The checks of
// the published layout itself (attw, publint) run in CI: `npm run check:package`;
// attw does not type-check the declarations themselves, the last test does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { demoTree, makeTempDir, projectDir, requireBuilt } from './helpers.js';

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

test('TypeScript code using the package type-checks, from CommonJS and from ESM (declarations checked too)', () => {
  requireBuilt();
  // A consumer project whose node_modules/vllm-attention-docs is this package.
  const consumer = makeTempDir('ts-consumer');
  fs.mkdirSync(path.join(consumer, 'node_modules'));
  fs.symlinkSync(projectDir, path.join(consumer, 'node_modules/vllm-attention-docs'));
  fs.symlinkSync(path.join(projectDir, 'node_modules/@types'), path.join(consumer, 'node_modules/@types'));
  const uses = [
    "const matrix: FeatureMatrix = analyze('/x');",
    'const name: string = matrix.backends[0].name;',
    '// @ts-expect-error: the types are real ones, not any',
    'const wrong: number = matrix.backends[0].name;',
    "console.log(name, wrong, new AnalysisError({ severity: 'error', code: 'registry-unreadable', args: {}, file: null, line: null }));",
  ].join('\n');
  const named = "import { analyze, AnalysisError, type FeatureMatrix } from 'vllm-attention-docs';";
  fs.writeFileSync(
    path.join(consumer, 'required.cts'),
    `${named}\nimport schema = require('vllm-attention-docs/schema.json');\n${uses}\nconsole.log(schema.$schema);\n`,
  );
  fs.writeFileSync(path.join(consumer, 'imported.mts'), `${named}\n${uses}\n`);
  fs.writeFileSync(
    path.join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'node16',
        moduleResolution: 'node16',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        resolveJsonModule: true,
        types: ['node'],
      },
      files: ['required.cts', 'imported.mts'],
    }),
  );
  const tsc = path.join(projectDir, 'node_modules/typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', consumer], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, r.stdout);
});
