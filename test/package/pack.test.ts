// What `npm pack` puts in the package: everything the installed command and
// the library need (bin, the bundle, compiled JavaScript with declarations,
// the schema, the demo tree --demo runs on), and no sources or tests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { projectDir, readPackageJson, requireBuilt } from './helpers.js';

const npmCommand = process.platform === 'win32' ? 'npm.cmd' : 'npm';

type ExportTargets = string | { readonly [condition: string]: ExportTargets };

/** Every file an `exports` map (conditions nested) can resolve to. */
function exportTargets(exports: ExportTargets): string[] {
  return typeof exports === 'string' ? [exports] : Object.values(exports).flatMap(exportTargets);
}

function packedFiles(): string[] {
  requireBuilt();
  // --ignore-scripts: npm test has just built dist/; do not build again.
  const r = spawnSync(npmCommand, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: projectDir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, r.stderr);
  const [report] = JSON.parse(r.stdout) as { files: { path: string }[] }[];
  return report.files.map((f) => f.path).sort();
}

test('the package holds what the command and the library need, and no sources or tests', () => {
  const files = packedFiles();
  const has = new Set(files);
  const pkg = readPackageJson<{
    bin: Record<string, string>;
    main: string;
    types: string;
    exports: ExportTargets;
  }>();
  const needed = [
    ...Object.values(pkg.bin),
    'dist/cli.bundle.cjs',
    // explain and --format html, loaded by the CLI bundle on first use.
    'dist/on-demand.bundle.cjs',
    // The HTML page's script (--format html, renderHtml).
    'dist/page-app.js',
    pkg.main.replace(/^\.\//, ''),
    pkg.types.replace(/^\.\//, ''),
    'schema/matrix.schema.json',
    'examples/demo-vllm/vllm/v1/attention/backends/registry.py',
    'examples/demo-vllm/docs/design/attention_backends.md',
    // What `explain --demo` runs: the selector, the platform, the backends' base class.
    'examples/demo-vllm/vllm/v1/attention/selector.py',
    'examples/demo-vllm/vllm/platforms/cuda.py',
    'examples/demo-vllm/vllm/v1/attention/backend.py',
    'package.json',
    'README.md',
  ];
  for (const file of needed) assert.ok(has.has(file), `${file} is not in the package`);
  for (const file of exportTargets(pkg.exports)) {
    assert.ok(has.has(file.replace(/^\.\//, '')), `export target ${file} is not in the package`);
  }
  // Data files once: the library and the command read the same copy.
  const data = files.filter((f) => f.endsWith('unicode-names.deflate'));
  assert.deepEqual(data, ['dist/unicode-names.deflate']);
  const unwanted = files.filter(
    (f) => /^(src|test|scripts|node_modules)\//.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')),
  );
  assert.deepEqual(unwanted, []);
});

test('package.json: ESM, Node 20+, no runtime dependencies, prepare builds', () => {
  const pkg = readPackageJson<{
    type: string;
    engines: { node: string };
    dependencies?: Record<string, string>;
    scripts: Record<string, string>;
  }>();
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.engines.node, '>=20');
  assert.deepEqual(pkg.dependencies ?? {}, {});
  assert.match(pkg.scripts.prepare, /\bbuild\b/);
});
