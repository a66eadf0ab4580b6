// What the page carries for explain: sources stripped without changing what
// explain sees, a record that survives its encoding, a tree that answers only
// from the record, and the sweep's record answering the sweep's setups.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseModule } from '../../src/python/parse.js';
import { dump } from '../../src/python/dump.js';
import { walk } from '../../src/python/walk.js';
import { explainRecord } from '../../src/page/embed.js';
import { EmbeddedTree, NotEmbeddedError, RecordingSourceTree } from '../../src/page/embedded-tree.js';
import { DEFAULT_INPUTS, runExplain, sweepInputs } from '../../src/page/engine.js';
import { decodeRecord, encodeRecord } from '../../src/page/record-codec.js';
import { strippedSource } from '../../src/page/strip-source.js';
import { DiskTree } from '../../src/tree/disk-tree.js';
import { MemoryTree } from '../../src/tree/memory-tree.js';
import { analyze } from '../../src/analyze.js';
import type { PageData } from '../../src/page/page-data.js';
import { renderHtml } from '../../src/render/html.js';
import { explainJson } from './explain-cli.js';
import { demoTree } from './paths.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

test('stripping drops comments and docstring texts, and keeps every line where it was', () => {
  const source = [
    '# -*- coding: utf-8 -*-',
    '# kept: PEP 263 reads the first two lines',
    '"""The module.',
    '',
    'More."""',
    'import os  # why',
    'X = f"{os.sep}"  # an f-string runs: kept',
    'B = b"bytes"',
    'def f():',
    '    """Doc."""',
    '    # only a comment',
    '    return "# not a comment"',
    'class C:',
    '    b"a bytes statement stays"',
    '    ("two " "parts")',
    '',
  ].join('\n');
  const stripped = decode(strippedSource(encode(source)));
  assert.equal(
    stripped,
    [
      '# -*- coding: utf-8 -*-',
      '# kept: PEP 263 reads the first two lines',
      '"""',
      '',
      '"""',
      'import os',
      'X = f"{os.sep}"',
      'B = b"bytes"',
      'def f():',
      '    ""',
      '',
      '    return "# not a comment"',
      'class C:',
      '    b"a bytes statement stays"',
      '    ("" "")',
      '',
    ].join('\n'),
  );
});

test('what does not parse, or would not stay the same program, is kept as it is', () => {
  const broken = encode('def f(:\n    # comment\n');
  assert.equal(strippedSource(broken), broken);
  const notUtf8 = Uint8Array.from([0x23, 0x20, 0xff, 0x0a]);
  assert.equal(strippedSource(notUtf8), notUtf8);
});

test('every Python file of the demo tree strips to the same program, node by node on the same lines', () => {
  let changed = 0;
  for (const root of [demoTree]) {
    for (const file of fs.readdirSync(root, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.py')) continue;
      const bytes = fs.readFileSync(path.join(root, file));
      const stripped = strippedSource(bytes);
      if (stripped !== bytes) changed++;
      const a = parseModule(decode(bytes));
      const b = parseModule(decode(stripped));
      assert.ok(a.ok && b.ok, file);
      const lines = (m: typeof a): string =>
        m.ok
          ? walk(m.module)
              .map(
                (n) =>
                  `${n._type}:${(n as { lineno?: number }).lineno}-${(n as { end_lineno?: number }).end_lineno}`,
              )
              .join(' ')
          : '';
      // Docstring texts differ; nothing else does, lines included.
      const blank = (text: string): string =>
        text.replace(
          /Expr\(value=Constant\(value=(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\)\)/g,
          'Expr(value=Constant(value=STR))',
        );
      if (a.ok && b.ok) {
        assert.equal(blank(dump(a.module)), blank(dump(b.module)), file);
        assert.equal(lines(a), lines(b), file);
      }
    }
  }
  assert.ok(changed > 10, `only ${changed} files had anything to strip`);
});

test('a record survives its encoding; the embedded tree answers from it alone', () => {
  const tree = new MemoryTree({ 'vllm/a.py': 'A = 1\n', 'vllm/b/__init__.py': '' }, '/t');
  const recorder = new RecordingSourceTree(tree);
  recorder.readFile('vllm/a.py');
  recorder.readFile('vllm/missing.py');
  recorder.stat('vllm/b');
  recorder.stat('vllm/c.py');
  recorder.displayPath('vllm/a.py');
  const embedded = new EmbeddedTree(decodeRecord(encodeRecord(recorder.record())));
  assert.equal(embedded.label, '/t');
  assert.deepEqual(embedded.readFile('vllm/a.py'), tree.readFile('vllm/a.py'));
  assert.deepEqual(embedded.readFile('vllm/missing.py'), tree.readFile('vllm/missing.py'));
  assert.equal(embedded.stat('vllm/a.py'), 'file');
  assert.equal(embedded.stat('vllm/b'), 'directory');
  assert.equal(embedded.stat('vllm/c.py'), 'missing');
  assert.equal(embedded.displayPath('vllm/a.py'), '/t/vllm/a.py');
  assert.throws(() => embedded.stat('vllm/d.py'), NotEmbeddedError);
  assert.throws(() => embedded.readFile('vllm/b/__init__.py'), NotEmbeddedError);
  assert.throws(() => embedded.displayPath('vllm/b'), NotEmbeddedError);
});

test("the sweep's record answers every setup of the sweep as the whole tree does, and another setup says what it lacks", () => {
  const tree = new DiskTree(demoTree);
  const offered = {
    backends: ['FLASH_ATTN', 'FLASHINFER', 'TRITON_ATTN', 'FLASHMLA', 'FLASHINFER_MLA_SPARSE'],
  };
  const embedded = new EmbeddedTree(decodeRecord(encodeRecord(explainRecord(tree, offered))));
  for (const inputs of sweepInputs(offered))
    assert.deepEqual(runExplain(embedded, inputs), runExplain(tree, inputs), JSON.stringify(inputs));
  // Not a setup of the sweep: FLASHMLA_SPARSE's module is then the first MLA module imported.
  const sparse = { ...DEFAULT_INPUTS, attentionBackend: 'FLASHMLA_SPARSE' };
  assert.deepEqual(runExplain(embedded, sparse), runExplain(tree, sparse));
  assert.deepEqual(runExplain(embedded, { ...DEFAULT_INPUTS, attentionBackend: 'CPU_ATTN' }), {
    kind: 'not-embedded',
    path: 'vllm/v1/attention/backends/cpu_attn.py',
  });
});

test("the page opens with explain's answer to the default question, from the files it carries", () => {
  const tree = new DiskTree(demoTree);
  const html = renderHtml(analyze(tree), { tree, script: '' });
  const data = JSON.parse(/id="page-data">(.*?)<\/script>/s.exec(html)?.[1] ?? 'null') as PageData;
  assert.deepEqual(data.initialAnswer?.inputs, DEFAULT_INPUTS);
  const answer = data.initialAnswer?.answer;
  assert.equal(answer?.kind, 'answer');
  const cli = explainJson(demoTree, ['--gpu', 'H100', '--head-size', '128']);
  assert.ok('json' in cli);
  assert.deepEqual(answer.kind === 'answer' ? answer.json : null, cli.json);
});
