// CPython's tokenizer SyntaxWarnings, as ast.parse emits them: "invalid decimal literal" for a
// number run into a keyword (`1if x else 2`), per occurrence, with the line; the f-string
// expressions' ones again when CPython's second pass runs; those of tokens read after an error
// (looking for tokenizer errors), except where CPython stops at once (unexpected indent, a
// tokenizer error). Expected values recorded with CPython 3.11.7 (warnings.catch_warnings).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPySyntaxError } from '../../src/python/errors.js';
import { parseModule } from '../../src/python/parse.js';

const CASES: readonly { source: string; warnings: readonly string[]; error: string | null }[] = [
  { source: 'x = 1if True else 2\n', warnings: ['1: invalid decimal literal'], error: null },
  {
    source: 'x = [1if 1 else 2, 3if 1 else 4]\n',
    warnings: ['1: invalid decimal literal', '1: invalid decimal literal'],
    error: null,
  },
  { source: 'x = 0x1for x in y\n', warnings: ['1: invalid hexadecimal literal'], error: null },
  {
    source:
      'x = 0o7if 1 else 2\nx = 0b1if 1 else 2\nx = 1jif 1 else 2\nx = 1.5if 1 else 2\nx = 1e5if 1 else 2\n',
    warnings: [
      '1: invalid octal literal',
      '2: invalid binary literal',
      '3: invalid imaginary literal',
      '4: invalid decimal literal',
      '5: invalid decimal literal',
    ],
    error: null,
  },
  {
    source: 'x = 1not in y\nx = 1or 2\nx = 1and 2\nx = 1is 2\nx = 1in y\n',
    warnings: [
      '1: invalid decimal literal',
      '2: invalid decimal literal',
      '3: invalid decimal literal',
      '4: invalid decimal literal',
      '5: invalid decimal literal',
    ],
    error: null,
  },
  { source: 'x = 1\ny = f"{1if 1 else 2}"\n', warnings: ['2: invalid decimal literal'], error: null },
  { source: 'x = f"""\n{1if 1 else 2}"""\n', warnings: ['2: invalid decimal literal'], error: null },
  {
    source: 'x = f"{1if 1 else 2}"\ny = 1 +\n',
    warnings: ['1: invalid decimal literal', '1: invalid decimal literal'],
    error: 'invalid syntax (<unknown>, line 2)',
  },
  {
    source: 'x = f"{1if 1 else 2}"\ny = (\n',
    warnings: ['1: invalid decimal literal'],
    error: "'(' was never closed (<unknown>, line 2)",
  },
  {
    source: 'def f(:\n  x = 1if 1 else 2\n',
    warnings: ['2: invalid decimal literal'],
    error: 'invalid syntax (<unknown>, line 1)',
  },
  {
    source: 'x = 1if 1 else 2\n  y = 1\nz = 2if 1 else 3\n',
    warnings: ['1: invalid decimal literal'],
    error: 'unexpected indent (<unknown>, line 2)',
  },
  {
    source: 'x = 1if 1 else "\n',
    warnings: ['1: invalid decimal literal'],
    error: 'unterminated string literal (detected at line 1) (<unknown>, line 1)',
  },
  { source: 'x = 21forms\n', warnings: [], error: 'invalid decimal literal (<unknown>, line 1)' },
  {
    source: 'x = 1else\n',
    warnings: ['1: invalid decimal literal'],
    error: 'invalid syntax (<unknown>, line 1)',
  },
  {
    source: 'x = 1ifx\n',
    warnings: ['1: invalid decimal literal'],
    error: 'invalid syntax (<unknown>, line 1)',
  },
];

for (const c of CASES) {
  test(`SyntaxWarnings of ${JSON.stringify(c.source)}`, () => {
    const r = parseModule(c.source);
    assert.deepEqual(
      (r.warnings ?? []).map((w) => `${w.lineno}: ${w.msg}`),
      c.warnings,
    );
    assert.equal(r.ok ? null : formatPySyntaxError(r.error), c.error);
  });
}
