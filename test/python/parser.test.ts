// Parser conformance against CPython 3.11.7, recorded ahead of time (no python at test time).
// Fixtures: test/python/fixtures/parser-snippets.txt (one snippet per '#====' block, every
// construct family and SyntaxError family), and parser-expected.json, recorded with
//   python3 scripts/py-ast-json.py --record test/python/fixtures/parser-snippets.txt > test/python/fixtures/parser-expected.json
// Trees are compared as JSON with every field and position attribute; constants are tagged
// ({int}, {float: IEEE hex}, {str}, {bytes: hex}, {complex}, {ellipsis}) so values compare exactly.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModule, parseModuleBytes } from '../../src/python/parse.js';
import type * as A from '../../src/python/ast.js';
import { toJson } from '../../scripts/ast-json.js';

interface Expected {
  source: string;
  ok: boolean;
  tree?: unknown;
  error?: { kind: string; msg: string; lineno: number; offset: number };
}

const expected = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'parser-expected.json'), 'utf8'),
) as Expected[];

/** Families whose CPython message we reproduce exactly (the rest are checked for rejection only). */
const EXACT_MESSAGES = [
  'cannot mix bytes and nonbytes literals',
  'positional argument follows keyword argument',
  'iterable argument unpacking follows keyword argument unpacking',
  'non-default argument follows default argument',
  "f-string: single '}' is not allowed",
  "f-string: expecting '}'",
  'f-string: empty expression not allowed',
  'f-string expression part cannot include a backslash',
  "f-string expression part cannot include '#'",
  "f-string: invalid conversion character: expected 's', 'r', or 'a'",
  "cannot assign to function call here. Maybe you meant '==' instead of '='?",
  "cannot assign to expression here. Maybe you meant '==' instead of '='?",
  'cannot delete function call',
  'imaginary number required in complex literal',
  'real number required in complex literal',
  "cannot use '_' as a target",
  'only single target (not tuple) can be annotated',
  'illegal target for annotation',
  'unexpected indent',
  'multiple exception types must be parenthesized',
  'trailing comma not allowed without surrounding parentheses',
  'invalid syntax. Perhaps you forgot a comma?',
  "Missing parentheses in call to 'print'. Did you mean print(...)?",
  "expected 'else' after 'if' expression",
  "expression expected after dictionary key and ':'",
  'named arguments must follow bare *',
  'cannot assign to True',
  'iterable unpacking cannot be used in comprehension',
  'cannot delete starred',
  "expected ':'",
  'assignment to yield expression not possible',
  "cannot assign to literal here. Maybe you meant '==' instead of '='?",
  'Generator expression must be parenthesized',
  'f-string: expressions nested too deeply',
  "f-string: unmatched ')'",
  'f-string: invalid syntax',
  'Function parameters cannot be parenthesized',
  'Lambda expression parameters cannot be parenthesized',
  'did you forget parentheses around the comprehension target?',
  "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
  'Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.',
];

/** Families whose message and line match but whose column we only approximate. */
const OFFSET_UNCHECKED: ReadonlySet<string> = new Set(['named arguments must follow bare *']);

describe('parser matches CPython 3.11 ast.parse on recorded snippets', () => {
  expected.forEach((exp, i) => {
    const label = `#${i} ${JSON.stringify(exp.source).slice(0, 70)}`;
    test(label, () => {
      const ours = parseModule(exp.source);
      if (exp.ok) {
        assert.ok(ours.ok, ours.ok ? '' : `rejected: ${ours.error.kind}: ${ours.error.msg}`);
        assert.deepStrictEqual(toJson(ours.module), exp.tree);
      } else {
        assert.equal(ours.ok, false, `accepted, but CPython raises ${exp.error!.kind}: ${exp.error!.msg}`);
        if (!ours.ok && EXACT_MESSAGES.includes(exp.error!.msg)) {
          assert.equal(ours.error.msg, exp.error!.msg);
          assert.equal(ours.error.kind, exp.error!.kind);
          assert.equal(ours.error.lineno, exp.error!.lineno);
          if (!OFFSET_UNCHECKED.has(exp.error!.msg)) assert.equal(ours.error.offset, exp.error!.offset);
        }
      }
    });
  });
});

describe('parser API contract', () => {
  test('kw_defaults holds null for keyword-only parameters without default', () => {
    const r = parseModule('def f(*, a, b=1): pass\n');
    assert.ok(r.ok);
    const fn = r.module.body[0] as A.FunctionDef;
    assert.deepEqual(
      fn.args.kw_defaults.map((d) => (d === null ? null : d._type)),
      [null, 'Constant'],
    );
  });

  test('parseModuleBytes decodes UTF-8 with universal newlines', () => {
    const r = parseModuleBytes(new TextEncoder().encode('x = "é"\r\ny = 2\r\n'));
    assert.ok(r.ok);
    assert.equal(r.module.body.length, 2);
    assert.equal(r.module.body[1].lineno, 2);
    const value = (r.module.body[0] as A.Assign).value as A.Constant;
    assert.equal(value.value, 'é');
    assert.equal(value.end_col_offset, 8); // bytes, not characters
  });

  test('parseModuleBytes reports invalid UTF-8 as data', () => {
    const r = parseModuleBytes(new Uint8Array([0x78, 0x3d, 0xff, 0x0a]));
    assert.equal(r.ok, false);
  });

  test('deep unary nesting is a MemoryError like CPython, not a crash', () => {
    const r = parseModule('-'.repeat(10000) + '1');
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.error.kind === 'MemoryError' && r.error.msg === '');
  });

  test("parser nesting limits sit where CPython 3.11.7's MemoryError starts", () => {
    // Largest n CPython accepts without MemoryError, per shape (measured with python3).
    const shapes: [string, (n: number) => string, number][] = [
      ['unary minus', (n) => '-'.repeat(n) + '1', 5969],
      ['not', (n) => 'not '.repeat(n) + 'a', 5969],
      ['lambda', (n) => 'lambda:'.repeat(n) + '1', 2984],
      ['if-else', (n) => 'a if b else '.repeat(n) + 'c', 5969],
      ['power', (n) => 'a' + '**a'.repeat(n), 2984],
      ['in def', (n) => 'def f():\n return ' + '-'.repeat(n) + '1', 5961],
      ['in call', (n) => 'f(' + '-'.repeat(n) + '1)', 5964],
      ['in 3 calls', (n) => 'f('.repeat(3) + '-'.repeat(n) + '1' + ')'.repeat(3), 5916],
      ['in 100 calls', (n) => 'f('.repeat(100) + '-'.repeat(n) + '1' + ')'.repeat(100), 3588],
      ['in 100 lists', (n) => '['.repeat(100) + '-'.repeat(n) + '1' + ']'.repeat(100), 3088],
      ['in 100 subscripts', (n) => 'a['.repeat(100) + '-'.repeat(n) + '1' + ']'.repeat(100), 3588],
    ];
    for (const [name, make, limit] of shapes) {
      const at = parseModule(make(limit));
      assert.ok(at.ok || at.error.kind !== 'MemoryError', `${name} at ${limit}`);
      const over = parseModule(make(limit + 1));
      assert.ok(!over.ok && over.error.kind === 'MemoryError', `${name} at ${limit + 1}`);
    }
  });

  test('AST deeper than CPython converts is a RecursionError', () => {
    // Thresholds of ast.parse called from module level in CPython 3.11.7.
    const ok = parseModule('-'.repeat(2988) + '1');
    assert.ok(ok.ok);
    const deep = parseModule('-'.repeat(2989) + '1');
    assert.ok(!deep.ok && deep.error.kind === 'RecursionError');
    const chain = parseModule('a' + '.a'.repeat(5000));
    assert.ok(!chain.ok && chain.error.kind === 'RecursionError');
    const sum = parseModule('a' + '+a'.repeat(100000));
    assert.ok(!sum.ok && sum.error.kind === 'RecursionError');
  });

  test('nesting limits of the tokenizer surface as errors, never exceptions', () => {
    const parens = parseModule('('.repeat(300) + ')'.repeat(300));
    assert.equal(parens.ok, false);
    const lambdas = parseModule('lambda:'.repeat(4000) + '1');
    assert.equal(lambdas.ok, false);
    const pow = parseModule('a' + '**a'.repeat(4000));
    assert.equal(pow.ok, false);
    const nots = parseModule('not '.repeat(100000) + 'a');
    assert.equal(nots.ok, false);
  });

  test('returns errors as data for lexical errors', () => {
    const r = parseModule('x = (1,\n');
    assert.equal(r.ok, false);
    const s = parseModule("x = 'abc\n");
    assert.ok(!s.ok && s.error.kind === 'SyntaxError');
  });
});
