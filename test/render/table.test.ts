// --format table: the document's tables for a terminal.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/analyze.js';
import { runCli, type CliIo } from '../../src/cli.js';
import { documentTables } from '../../src/render/markdown.js';
import { displayWidth, renderTerminal, renderTextTable, wrapText } from '../../src/render/table.js';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const demoTree = path.join(projectDir, 'examples/demo-vllm');
const matrix = analyze(demoTree);
const tables = documentTables(matrix);
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

test('display width counts emoji as two columns', () => {
  assert.equal(displayWidth('✅'), 2);
  assert.equal(displayWidth('❌ ≥8.0 †'), 9);
  assert.equal(displayWidth('fp16'), 4);
});

test('wrapping keeps every line within the width and loses no text', () => {
  const text = '32, 64, 80, 96, 112, 128, 160, 192, 224, 256 and_a_very_long_identifier_without_spaces';
  for (let width = 4; width <= 40; width++) {
    const lines = wrapText(text, width);
    for (const line of lines) assert.ok(displayWidth(line) <= width, `${width}: ${line}`);
    assert.equal(lines.join('').replaceAll(' ', ''), text.replaceAll(' ', ''));
  }
});

test('without a terminal: plain text, columns as wide as their widest cell, every cell shown', () => {
  assert.ok(tables.standard !== null);
  const lines = renderTextTable(tables.standard, { width: null });
  assert.equal(lines.length, tables.standard.rows.length + 2);
  for (const line of lines) assert.doesNotMatch(line, ANSI);
  tables.standard.rows.forEach((row, r) => {
    for (const cell of row) assert.ok(lines[r + 2].includes(cell), `${cell} in ${lines[r + 2]}`);
  });
  assert.doesNotMatch(renderTerminal(matrix, { width: null }), ANSI);
});

test('in a terminal of any width, no line is wider than it; narrow ones get one block per row', () => {
  assert.ok(tables.standard !== null);
  for (const width of [40, 60, 80, 100, 120, 140, 170, 220]) {
    const lines = renderTextTable(tables.standard, { width });
    for (const line of lines) {
      assert.ok(displayWidth(line.replace(ANSI, '')) <= width, `${width} columns: ${line}`);
    }
    const asBlocks = !lines.some((line) => line.startsWith('───'));
    // Twelve columns need more than 100 columns even with every word whole.
    assert.equal(asBlocks, width <= 100, `${width} columns`);
  }
});

test('--format table goes to stdout, fitted to the terminal; to a file, plain', () => {
  let out = '';
  const io: CliIo = {
    cwd: projectDir,
    terminalColumns: 150,
    stdout: (t) => (out += t),
    stderr: () => undefined,
  };
  assert.equal(runCli(['--demo', '--no-cache', '--format', 'table'], io), 0);
  assert.match(out, ANSI);
  assert.ok(out.split('\n').every((line) => displayWidth(line.replace(ANSI, '')) <= 150));
  assert.match(out, /MLA prefill/);
});
