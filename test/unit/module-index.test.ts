// The outline-backed index must answer every lookup exactly as the index over
// the full tree does: same first class of each name, same functions and
// from-imports in the same walk order. Checked on a sample of the stdlib and
// on every fixture tree, for every name the modules define and one they do not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node } from '../../src/python/ast.js';
import { dump } from '../../src/python/dump.js';
import {
  parseModuleBytesWithOutline,
  parseOutlineGroup,
  prepareOutlineSourceBytes,
} from '../../src/python/outline.js';
import { indexModule, indexOutlinedModule, type ModuleIndex } from '../../src/extract/module-index.js';
import { collectCorpus } from '../../scripts/corpus.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/trees/', import.meta.url));

/** A node as text with its place: equal answers are the same node of the same file. */
function shown(node: Node | null): string {
  if (node === null) return 'null';
  const located = node as { lineno?: number; col_offset?: number };
  let text: string;
  try {
    text = dump(node);
  } catch {
    text = '(ast.dump raises: an int over 4300 digits)';
  }
  return `${located.lineno}:${located.col_offset} ${text}`;
}

function answers(index: ModuleIndex, names: readonly string[]): string[] {
  const out: string[] = [];
  // Asked in an order that mixes kinds, as the extractors do.
  for (const name of names) {
    out.push(`class ${name}: ${shown(index.firstClassNamed(name))}`);
    out.push(`def ${name}: ${index.functionsNamed(name).map(shown).join(' | ')}`);
  }
  out.push(`imports: ${index.importFroms().map(shown).join(' | ')}`);
  out.push(`functions: ${index.allFunctions().map(shown).join(' | ')}`);
  return out;
}

function checkFile(file: string): boolean {
  const bytes = fs.readFileSync(file);
  const parsed = parseModuleBytesWithOutline(bytes);
  if (!parsed.ok) return false;
  const groups = parsed.outline.groups;
  const names = new Set<string>(['NoSuchName']);
  for (const group of groups) for (const n of [...group.classNames, ...group.functionNames]) names.add(n);
  const prepared = prepareOutlineSourceBytes(bytes);
  assert.ok(prepared.ok);
  let parsedGroups = 0;
  const lazy = indexOutlinedModule(
    groups,
    (i) => {
      parsedGroups++;
      const result = parseOutlineGroup(prepared.source, groups[i]);
      return result.ok ? result.body : null;
    },
    () => assert.fail(`${file}: fell back to a full parse`),
  );
  const expected = answers(indexModule(parsed.module), [...names]);
  assert.deepEqual(answers(lazy, [...names]), expected, file);
  assert.ok(parsedGroups <= groups.length, 'each group is parsed at most once');
  // The outline cache keeps only groups defining or from-importing something: same answers.
  const kept = groups.filter((g) => g.classNames.length > 0 || g.functionNames.length > 0 || g.hasImportFrom);
  const keptIndex = indexOutlinedModule(
    kept,
    (i) => {
      const result = parseOutlineGroup(prepared.source, kept[i]);
      return result.ok ? result.body : null;
    },
    () => assert.fail(`${file}: fell back to a full parse`),
  );
  assert.deepEqual(answers(keptIndex, [...names]), expected, `${file} (groups that hold answers)`);
  return true;
}

test('outline-backed answers equal full-tree answers on a stdlib sample', () => {
  const files = collectCorpus({ targets: [], python: 'python3' }).filter((_, i) => i % 24 === 0);
  let checked = 0;
  for (const file of files) if (checkFile(file)) checked++;
  assert.ok(checked > 60, `only ${checked} files checked`);
});

test('outline-backed answers equal full-tree answers on every fixture file', () => {
  let checked = 0;
  for (const entry of fs.readdirSync(FIXTURES, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.py') && checkFile(path.join(entry.parentPath, entry.name)))
      checked++;
  }
  assert.ok(checked > 150, `only ${checked} files checked`);
});

test('a group that does not parse switches every answer to the full index', () => {
  const bytes = new TextEncoder().encode('class A:\n    pass\n\nclass B(A):\n    x = True\n');
  const parsed = parseModuleBytesWithOutline(bytes);
  assert.ok(parsed.ok);
  const full = indexModule(parsed.module);
  const lazy = indexOutlinedModule(
    parsed.outline.groups,
    () => null,
    () => full,
  );
  assert.equal(lazy.firstClassNamed('B'), full.firstClassNamed('B'));
  assert.equal(lazy.firstClassNamed('A'), full.firstClassNamed('A'));
});
