// One small Python file per construct, each with the ast.dump CPython 3.11 produces for it
// (or the SyntaxError it raises), committed next to it: x.py -> x.dump.
// Regenerate the expectations with: python3 scripts/regen-construct-dumps.py

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { dump } from '../../src/python/dump.js';
import { parseModuleBytes } from '../../src/python/parse.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/constructs/', import.meta.url));

/** What regen-construct-dumps.py writes for the same file. */
function ourText(bytes: Uint8Array): string {
  const result = parseModuleBytes(bytes);
  if (result.ok) return dump(result.module) + '\n';
  const { kind, msg, lineno, offset } = result.error;
  if (kind === 'UnicodeDecodeError') return `${kind}: ${msg}\n`;
  return `${kind}: ${msg} (line ${lineno}, offset ${offset})\n`;
}

describe('construct fixtures parse exactly like CPython 3.11', () => {
  const sources = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.py'))
    .sort();
  it('has the fixture set', () => assert.ok(sources.length >= 40, `${sources.length} fixtures`));
  for (const file of sources) {
    it(file, () => {
      const bytes = readFileSync(join(FIXTURES, file));
      const expected = readFileSync(join(FIXTURES, file.replace(/\.py$/, '.dump')), 'utf8');
      assert.equal(ourText(bytes), expected);
    });
  }
});
