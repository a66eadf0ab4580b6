// Parser resource limits: long flat chains (100,000 links) end with CPython 3.11.7's result
// (each once took tens of seconds: per-bracket column counts and per-field f-string rescans
// were quadratic), and the token budget turns input too big for the heap into MemoryError.
// Expected values were recorded with python3 (CPython 3.11.7); speed itself is measured by
// hand, not asserted here.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { getHeapStatistics } from 'node:v8';
import { parseModule, type ParseResult } from '../../src/python/parse.js';
import type * as A from '../../src/python/ast.js';

const N = 100_000;

const RECURSION_ERROR = {
  kind: 'RecursionError',
  msg: 'maximum recursion depth exceeded during ast construction',
  lineno: 0,
  offset: 0,
};
const MEMORY_ERROR = { kind: 'MemoryError', msg: '', lineno: 0, offset: 0 };

function moduleOf(r: ParseResult): A.Module {
  if (!r.ok) assert.fail(`expected a tree, got ${JSON.stringify(r.error)}`);
  return r.module;
}

function assignedValue(source: string): A.ExprNode {
  const stmt = moduleOf(parseModule(source)).body[0];
  assert.equal(stmt._type, 'Assign');
  return (stmt as A.Assign).value;
}

function errorOf(r: ParseResult): unknown {
  return r.ok ? 'parsed' : r.error;
}

describe('long chains end like CPython', () => {
  const tooDeep: Record<string, string> = {
    'chained calls': `x = f${'()'.repeat(N)}\n`,
    'chained subscripts': `x = a${'[1]'.repeat(N)}\n`,
    'calls and subscripts': `x = f${'()[1]'.repeat(N)}\n`,
    'attribute accesses': `x = a${'.b'.repeat(N)}\n`,
    'binary operators': `x = 1${'+1'.repeat(N)}\n`,
    'subscript target': `a${'[1]'.repeat(N)} = 1\n`,
    'call chain as an attribute target': `f${'()'.repeat(N)}.a = 1\n`,
  };
  for (const [name, source] of Object.entries(tooDeep)) {
    test(`${name} (${N}): RecursionError`, () => {
      assert.deepEqual(errorOf(parseModule(source)), RECURSION_ERROR);
    });
  }

  test('errors after a long bracket chain keep their columns', () => {
    const calls = `x = f${'()'.repeat(N)}`;
    assert.deepEqual(errorOf(parseModule(`${calls})\n`)), {
      kind: 'SyntaxError',
      msg: "unmatched ')'",
      lineno: 1,
      offset: 200006,
    });
    assert.deepEqual(errorOf(parseModule(`${calls}(]\n`)), {
      kind: 'SyntaxError',
      msg: "closing parenthesis ']' does not match opening parenthesis '('",
      lineno: 1,
      offset: 200007,
    });
    assert.deepEqual(errorOf(parseModule(`${calls} $\n`)), {
      kind: 'SyntaxError',
      msg: 'invalid syntax',
      lineno: 1,
      offset: 200007,
    });
  });

  test('conditional expressions and elif chains: MemoryError (parser stack)', () => {
    assert.deepEqual(errorOf(parseModule(`x = ${'1 if 1 else '.repeat(N)}1\n`)), MEMORY_ERROR);
    assert.deepEqual(errorOf(parseModule(`if a:\n  pass\n${'elif a:\n  pass\n'.repeat(N)}`)), MEMORY_ERROR);
  });

  test(`an f-string with ${N} fields: every field, the last one placed like CPython`, () => {
    const value = assignedValue(`x = f'${'{a}'.repeat(N)}'\n`) as A.JoinedStr;
    assert.equal(value.values.length, N);
    const last = value.values[N - 1] as A.FormattedValue;
    assert.equal(last.col_offset, 4);
    const name = last.value as A.Name;
    assert.deepEqual([name.lineno, name.col_offset, name.end_col_offset], [1, 300004, 300005]);
  });

  test(`${N} f-strings concatenated, ${N} plain strings concatenated`, () => {
    const fstrings = assignedValue(`x = ${"f'{a}' ".repeat(N)}\n`) as A.JoinedStr;
    assert.equal(fstrings.values.length, N);
    const plain = assignedValue(`x = ${"'a' ".repeat(N)}\n`) as A.Constant;
    assert.equal(plain.value, 'a'.repeat(N));
    assert.equal(plain.end_col_offset, 400003);
  });

  test('f-string fields across lines and non-ASCII text are placed like CPython', () => {
    const names = (source: string): string[] => {
      const found: string[] = [];
      JSON.stringify(moduleOf(parseModule(source)), (_key, v: unknown) => {
        const node = v as { _type?: string; id?: string } & Partial<A.Name>;
        if (node?._type === 'Name' && node.id !== 'x')
          found.push(
            `${node.id} ${node.lineno}:${node.col_offset}-${node.end_lineno}:${node.end_col_offset}`,
          );
        return v;
      });
      return found.sort();
    };
    assert.deepEqual(names("x = f'''é{a}\n{b} é{c}\n  {\n d}'''\n"), [
      'a 1:11-1:12',
      'b 2:1-2:2',
      'c 2:7-2:8',
      'd 4:1-4:2',
    ]);
    // Nested f-strings interleave their fields with the outer one's.
    assert.deepEqual(names('x = f\'{f"{a}"}{b}{f"{c}"}\'\n'), ['a 1:10-1:11', 'b 1:15-1:16', 'c 1:21-1:22']);
    assert.deepEqual(names("x = f'{a:{b}}{c}'\n"), ['a 1:7-1:8', 'b 1:10-1:11', 'c 1:14-1:15']);
  });

  test(`flat lists of ${N}: comparisons, tuple elements, boolean operands, decorators`, () => {
    assert.equal((assignedValue(`x = a${'<a'.repeat(N)}\n`) as A.Compare).ops.length, N);
    assert.equal((assignedValue(`x = a${', a'.repeat(N)}\n`) as A.Tuple).elts.length, N + 1);
    assert.equal((assignedValue(`x = a${' and a'.repeat(N)}\n`) as A.BoolOp).values.length, N + 1);
    const def = moduleOf(parseModule(`${'@d\n'.repeat(N)}def f(): pass\n`)).body[0] as A.FunctionDef;
    assert.deepEqual([def.decorator_list.length, def.lineno], [N, N + 1]);
  });
});

describe('token budget', () => {
  test('a parse may read exactly maxTokens tokens; one more is a MemoryError', () => {
    const source = 'x = 1\n'.repeat(10); // 4 tokens a line, then ENDMARKER
    assert.ok(parseModule(source, { maxTokens: 41 }).ok);
    assert.deepEqual(errorOf(parseModule(source, { maxTokens: 40 })), MEMORY_ERROR);
  });

  test("f-string expressions draw on the file's budget", () => {
    const source = "x = f'{a}{b}'\n"; // 5 tokens outside, 4 per field's own parse
    assert.ok(parseModule(source, { maxTokens: 13 }).ok);
    assert.deepEqual(errorOf(parseModule(source, { maxTokens: 12 })), MEMORY_ERROR);
  });

  test('running out inside a speculative rule is still a MemoryError', () => {
    // invalid_named_assignment parses the right side speculatively and ignores its errors.
    const source = 'if x = 1 + 1 + 1 + 1:\n  pass\n';
    assert.deepEqual(errorOf(parseModule(source, { maxTokens: 11 })), {
      kind: 'SyntaxError',
      msg: "invalid syntax. Maybe you meant '==' or ':=' instead of '='?",
      lineno: 1,
      offset: 4,
    });
    assert.deepEqual(errorOf(parseModule(source, { maxTokens: 10 })), MEMORY_ERROR);
    const match = 'match x:\n  case 1 | 2 | 3:\n    pass\n';
    assert.ok(parseModule(match, { maxTokens: 19 }).ok);
    assert.deepEqual(errorOf(parseModule(match, { maxTokens: 18 })), MEMORY_ERROR);
  });

  test('a budget error wins over a lexical error found later', () => {
    assert.deepEqual(errorOf(parseModule('x = 1\ny = (1, 2,\n', { maxTokens: 5 })), MEMORY_ERROR);
  });

  test('each parse starts with a full budget', () => {
    assert.deepEqual(errorOf(parseModule('x = 1\n', { maxTokens: 2 })), MEMORY_ERROR);
    assert.ok(parseModule('x = 1\n').ok);
  });

  test('the default budget scales with the heap: three quarters of it at 400 bytes a token, to the token', () => {
    // A child with a 1 GB heap: ~2 million tokens, checked at its edge with `pass` lines.
    const script = `
      import { parseModule, defaultTokenBudget } from ${JSON.stringify(new URL('../../src/python/parse.ts', import.meta.url).pathname)};
      import { getHeapStatistics } from 'node:v8';
      const budget = defaultTokenBudget();
      const expected = Math.floor((getHeapStatistics().heap_size_limit * 0.75) / 400);
      const lines = Math.floor((budget - 1) / 2); // pass NEWLINE per line, then ENDMARKER
      const within = parseModule('pass\\n'.repeat(lines));
      const past = parseModule('pass\\n'.repeat(lines + 1));
      console.log(JSON.stringify({ budget, expected, within: within.ok, past: past.ok ? 'parsed' : past.error.kind }));
    `;
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=1024', '--import', 'tsx', '--input-type=module', '-e', script],
      {
        encoding: 'utf8',
        timeout: 300_000,
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { budget: number; expected: number; within: boolean; past: string };
    assert.equal(out.budget, out.expected);
    assert.ok(out.budget > 1_500_000 && out.budget < 2_500_000, `${out.budget} tokens for a 1 GB heap`);
    assert.deepEqual([out.within, out.past], [true, 'MemoryError']);
  });

  // Files CPython 3.11 parses within a few GB (the reference keeps the backend): ours too.
  // Node's default heap is ~4 GB on a machine with 16 GB or more; much smaller heaps allow less.
  const heapLimit = getHeapStatistics().heap_size_limit;
  const bigEnough = heapLimit >= 3e9;
  test(
    'a 6.3 MB list of 2.1 million zeros (CPython: 2.2 GB) and 1,000,000 lines of `x = 1` parse',
    { skip: bigEnough ? false : `Node's heap limit here is ${Math.round(heapLimit / 1e6)} MB` },
    () => {
      const zeros = assignedValue(`x = [${'0, '.repeat(2_100_000)}]\n`) as A.List;
      assert.equal(zeros.elts.length, 2_100_000);
      const lines = moduleOf(parseModule('x = 1\n'.repeat(1_000_000)));
      assert.equal(lines.body.length, 1_000_000);
    },
  );
});

/**
 * CPython 3.11.7's parser stack (MAXSTACK 6000 rule levels, then MemoryError), measured: for
 * `pre + prefix*k + '-'*n + '1' + closer*k + post`, the largest n that parses for k = 1, 2, 3.
 * Each nesting costs a construct's rule chain; elements after the first of a tuple, display or
 * call cost more, starred operands less, and the statement around it shifts everything.
 */
const STACK_LEVELS: readonly [string, string, string, string, readonly number[]][] = [
  ['x = ', '(1,', ')', '', [5955, 5925, 5895]],
  ['x = ', '(', ')', '', [5957, 5929, 5901]],
  ['x = ', '(1,1,', ')', '', [5954, 5923, 5892]],
  ['x = ', '[', ']', '', [5956, 5927, 5898]],
  ['x = ', '[1,', ']', '', [5955, 5925, 5895]],
  ['x = ', '{', '}', '', [5956, 5927, 5898]],
  ['x = ', '{1,', '}', '', [5955, 5925, 5895]],
  ['x = ', '{1:', '}', '', [5956, 5927, 5898]],
  ['x = ', '{1:1,', ':1}', '', [5955, 5925, 5895]],
  ['x = ', 'f(', ')', '', [5961, 5937, 5913]],
  ['x = ', 'f(1,', ')', '', [5957, 5929, 5901]],
  ['x = ', 'f(x=', ')', '', [5958, 5931, 5904]],
  ['x = ', 'f(*', ')', '', [5958, 5931, 5904]],
  ['x = ', 'a[', ']', '', [5961, 5937, 5913]],
  ['x = ', 'a[1,', ']', '', [5958, 5931, 5904]],
  ['x = ', '[*', ']', '', [5962, 5939, 5916]],
  ['x = ', '{1:1,**', '}', '', [5961, 5937, 5913]],
  ['x = ', '(1 for x in ', ')', '', [5958, 5931, 5904]],
  ['x = ', '[1 for x in y if ', ']', '', [5956, 5927, 5898]],
  ['x = ', 'f(1 for x in ', ')', '', [5960, 5935, 5910]],
  ['x = ', 'lambda: (', ')', '', [5937, 5907, 5877]],
  ['x = ', '(yield ', ')', '', [5956, 5927, 5898]],
  ['x = ', '(x:=', ')', '', [5956, 5927, 5898]],
  ['x = ', 'a and (', ')', '', [5937, 5907, 5877]],
  ['x = ', 'a < (', ')', '', [5936, 5905, 5874]],
  ['x = ', '-(', ')', '', [5938, 5909, 5880]],
  ['x = ', '(', ') + 1', '', [5957, 5929, 5901]],
  ['', '[', ']', '', [5959, 5930, 5901]],
  ['x += ', '[', ']', '', [5938, 5909, 5880]],
  ['x: int = ', '[', ']', '', [5937, 5908, 5879]],
  ['if ', '[', ']', ':\n pass\n', [5941, 5912, 5883]],
  ['for x in ', '[', ']', ':\n pass\n', [5940, 5911, 5882]],
  ['del x[', '[', ']', ']', [5934, 5905, 5876]],
  ['def f():\n return ', '[', ']', '', [5932, 5903, 5874]],
  ['if 1:\n x = ', '[', ']', '', [5950, 5921, 5892]],
  ['class A:\n x = ', '[', ']', '', [5949, 5920, 5891]],
  ['while 1:\n while 1:\n  x = ', '[', ']', '', [5944, 5915, 5886]],
];

describe('parser stack: MemoryError where CPython 3.11.7 runs out of MAXSTACK', () => {
  const largestParsed = (make: (n: number) => string): number => {
    let lo = 0;
    let hi = 6000;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      const r = parseModule(make(mid));
      if (r.ok || r.error.kind !== 'MemoryError') lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  for (const [pre, prefix, closer, post, expected] of STACK_LEVELS) {
    test(`${JSON.stringify(pre + prefix)}: deepest unary chain nested 1, 2, 3 times`, () => {
      const found = [1, 2, 3].map((k) =>
        largestParsed((n) => `${pre}${prefix.repeat(k)}${'-'.repeat(n)}1${closer.repeat(k)}${post}`),
      );
      assert.deepEqual(found, expected);
    });
  }

  test('exactly 200 nested (1, / [1, / {1, / {1:1,1: is MemoryError, 199 parse', () => {
    for (const [open, close] of [
      ['(1,', ')'],
      ['[1,', ']'],
      ['{1,', '}'],
      ['{1:1,1:', '}'],
    ]) {
      const nested = (n: number): string => `x = ${open.repeat(n)}1${close.repeat(n)}\n`;
      assert.ok(parseModule(nested(199)).ok, `${open} x 199`);
      assert.deepEqual(errorOf(parseModule(nested(200))), MEMORY_ERROR, `${open} x 200`);
    }
    // A group alone is cheaper: 200 parse, and the tokenizer refuses a 201st bracket.
    assert.ok(parseModule(`x = ${'('.repeat(200)}1${')'.repeat(200)}\n`).ok);
    const tooMany = parseModule(`x = ${'('.repeat(201)}1${')'.repeat(201)}\n`);
    assert.equal(tooMany.ok ? '' : tooMany.error.msg, 'too many nested parentheses');
  });
});
