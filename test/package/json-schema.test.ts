// `--format json` against the JSON Schema shipped in the package: real output
// of the demo tree and of every fixture tree the reference does not crash on
// must validate, and the validator must reject what the schema forbids.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/analyze.js';
import { JSON_SCHEMA_VERSION, renderJson } from '../../src/render/json.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { MemoryTree } from '../../src/tree/memory-tree.js';
import { validate, type JsonSchema } from './json-schema-subset.js';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const schema = JSON.parse(
  fs.readFileSync(path.join(projectDir, 'schema/matrix.schema.json'), 'utf8'),
) as JsonSchema & Record<string, unknown>;
const demoTree = path.join(projectDir, 'examples/demo-vllm');
const fixtureTrees = path.join(projectDir, 'test/fixtures/trees');
const fixtureExpected = path.join(projectDir, 'test/fixtures/expected');

type Json = Record<string, unknown>;

function outputOf(root: string): Json {
  return JSON.parse(renderJson(analyze(root))) as Json;
}

/** Fixture trees on which the reference writes a document (the others crash: no JSON). */
function documentedFixtures(): string[] {
  if (!fs.existsSync(fixtureTrees)) return [];
  return fs
    .readdirSync(fixtureTrees)
    .sort()
    .filter((name) => fs.existsSync(path.join(fixtureExpected, `${name}.md`)));
}

function assertValid(instance: unknown, label: string): void {
  const errors = validate(schema, instance);
  assert.deepEqual(errors, [], `${label} does not match the schema`);
}

test('the schema is draft 2020-12 and its schemaVersion is the one renderJson writes', () => {
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  const properties = schema.properties as Record<string, { const?: unknown }>;
  assert.equal(properties.schemaVersion.const, JSON_SCHEMA_VERSION);
});

test('the demo tree: output validates and exercises variants, priorities, MLA prefill and section facts', () => {
  const out = outputOf(demoTree);
  assertValid(out, 'demo tree output');
  const backends = out.backends as Json[];
  const variants = new Set(backends.map((b) => b.variant));
  for (const v of ['FA2', 'FA3', 'FA4', 'Native', 'TRTLLM', null])
    assert.ok(variants.has(v), `no ${String(v)} row`);
  assert.ok(
    backends.some((b) => b.isMla === true),
    'no MLA backend',
  );
  assert.notEqual(out.flashAttention, null);
  assert.notEqual(out.flashInfer, null);
  assert.ok((out.mlaPrefillBackends as unknown[]).length > 0, 'no MLA prefill backends');
  const priorities = out.priorities as Record<string, unknown>;
  assert.ok(
    Object.values(priorities).some((list) => Array.isArray(list) && list.length > 0),
    'no priority list',
  );
});

test("each row's cells are the cells of its row in the markdown document", () => {
  const matrix = analyze(demoTree);
  const markdownRows = renderMarkdown(matrix)
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
  const out = JSON.parse(renderJson(matrix)) as Json;
  for (const b of out.backends as Json[]) {
    const cells = b.cells as Record<string, string>;
    const row = markdownRows.find(
      (r) => r[0] === cells.backend && (cells.version === '' || r[1] === cells.version),
    );
    assert.ok(row !== undefined, `no markdown row for ${cells.backend} ${cells.version}`);
    for (const key of [
      'dtypes',
      'kvCacheDtypes',
      'blockSizes',
      'headSizes',
      'attentionTypes',
      'computeCapability',
    ]) {
      assert.ok(
        row.includes(cells[key]),
        `${cells.backend} ${cells.version}: ${key} cell ${cells[key]} not in ${row.join(' | ')}`,
      );
    }
  }
});

test('lists keep items the cell text would merge: a KV dtype with a comma, a head size list of "Any"', () => {
  const tree = new MemoryTree({
    'vllm/v1/attention/backends/registry.py':
      'class AttentionBackendEnum:\n    ODD = "vllm.v1.attention.backends.odd.OddBackend"\n',
    'vllm/v1/attention/backends/odd.py': [
      'class OddBackend:',
      '    supported_kv_cache_dtypes: list = ["fp8, e4m3"]',
      '    @classmethod',
      '    def get_supported_head_sizes(cls):',
      '        return ["Any"]',
      '    @staticmethod',
      '    def get_supported_kernel_block_sizes():',
      '        return [MultipleOf(16), 32]',
      '',
    ].join('\n'),
  });
  const out = JSON.parse(renderJson(analyze(tree))) as Json;
  assertValid(out, 'odd tree');
  const [odd] = out.backends as Json[];
  assert.deepEqual(odd.kvCacheDtypes, ['fp8, e4m3']);
  assert.equal((odd.cells as Json).kvCacheDtypes, '`fp8`, `e4m3`');
  assert.deepEqual(odd.headSizes, { kind: 'listed', entries: [{ kind: 'size', value: 'Any' }] });
  assert.deepEqual(odd.blockSizes, {
    kind: 'listed',
    entries: [
      { kind: 'multiple-of', value: 16 },
      { kind: 'size', value: 32 },
    ],
  });
  assert.equal((odd.cells as Json).blockSizes, '%16, 32');
});

test('every fixture tree the reference documents: output validates', () => {
  const names = documentedFixtures();
  assert.ok(names.length >= 10, `only ${names.length} fixture trees`);
  let withWarnings = 0;
  let withoutFlashAttention = 0;
  for (const name of names) {
    const out = outputOf(path.join(fixtureTrees, name));
    assertValid(out, `fixture ${name}`);
    if ((out.warnings as unknown[]).length > 0) withWarnings++;
    if (out.flashAttention === null) withoutFlashAttention++;
  }
  // The nullable and warning branches of the schema are exercised by real output, not only by hand-made samples.
  assert.ok(withWarnings > 0, 'no fixture produced a warning');
  assert.ok(withoutFlashAttention > 0, 'no fixture without fa_utils facts');
});

test('a warning is typed data: code, args, tree-relative file, line', () => {
  const name = documentedFixtures().find((n) => fs.existsSync(path.join(fixtureExpected, `${n}.stderr.txt`)));
  assert.ok(name !== undefined, 'no fixture with recorded warnings');
  const warnings = outputOf(path.join(fixtureTrees, name)).warnings as Json[];
  assert.ok(warnings.length > 0);
  for (const w of warnings) {
    assert.equal(w.severity, 'warning');
    assert.ok(
      typeof w.file === 'string' && !path.isAbsolute(w.file),
      `file should be tree-relative: ${String(w.file)}`,
    );
    assert.ok(typeof w.message === 'string' && w.message.length > 0);
  }
});

test('the validator rejects what the schema forbids', () => {
  const good = outputOf(demoTree);
  const backends = good.backends as Json[];
  const mutate = (change: (copy: Json) => void): Json => {
    const copy = structuredClone(good);
    change(copy);
    return copy;
  };
  const cases: Record<string, Json> = {
    'missing field': mutate((c) => delete (c.backends as Json[])[0].supportsDcp),
    'extra field': mutate((c) => ((c.backends as Json[])[0].extra = 1)),
    'wrong type': mutate((c) => ((c.backends as Json[])[0].isMla = 'yes')),
    'unknown variant': mutate((c) => ((c.backends as Json[])[0].variant = 'FA5')),
    'wrong schemaVersion': mutate((c) => (c.schemaVersion = JSON_SCHEMA_VERSION + 1)),
    'priority list of numbers': mutate((c) => ((c.priorities as Json).standardDefault = [1])),
    'flashInfer half there': mutate((c) => (c.flashInfer = { native: { supportsSink: false } })),
    'warning with line 0': mutate(
      (c) =>
        (c.warnings = [
          { severity: 'warning', code: 'path-outside-tree', args: {}, file: null, line: 0, message: 'm' },
        ]),
    ),
  };
  assert.ok(backends.length > 0);
  for (const [label, instance] of Object.entries(cases)) {
    assert.notDeepEqual(validate(schema, instance), [], `${label} should be rejected`);
  }
});
