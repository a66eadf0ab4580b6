import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { timsort } from '../../src/python/pysort.js';
import {
  ELLIPSIS,
  PyTypeError,
  PyZeroDivisionError,
  isPyPrintable,
  pyEquals,
  pyFloorDiv,
  pyLess,
  pyLower,
  pyRepr,
  pySorted,
  pyStr,
  pyStringLess,
  pyTruthy,
  type PyConstant,
} from '../../src/python/values.js';
import { codePoints, fromCodePoints, pyLiteral, runPython } from './py-oracle.js';

const bytes = (text: string): PyConstant => ({ pyType: 'bytes', bytes: new TextEncoder().encode(text) });
const rawBytes = (...values: number[]): PyConstant => ({ pyType: 'bytes', bytes: Uint8Array.from(values) });
const complex = (real: number, imag: number): PyConstant => ({ pyType: 'complex', real, imag });

describe('pyRepr / pyStr on fixed examples (expected text from python3 3.11)', () => {
  const cases: [PyConstant, string][] = [
    [null, 'None'],
    [true, 'True'],
    [false, 'False'],
    [ELLIPSIS, 'Ellipsis'],
    [0n, '0'],
    [-12345678901234567890123n, '-12345678901234567890123'],
    [1.0, '1.0'],
    [-0.0, '-0.0'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1.5e300, '1.5e+300'],
    [5e-324, '5e-324'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1.2345678901234568e17, '1.2345678901234568e+17'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
    [complex(0, 1), '1j'],
    [complex(0, 1.5), '1.5j'],
    [complex(1, 2), '(1+2j)'],
    [complex(0, Infinity), 'infj'],
    [complex(0, 1e16), '1e+16j'],
    [complex(1, NaN), '(1+nanj)'],
    [complex(-0, 1), '(-0+1j)'],
    [complex(0, -0), '-0j'],
    [complex(Infinity, -Infinity), '(inf-infj)'],
    [bytes('x'), "b'x'"],
    [bytes("'"), `b"'"`],
    [bytes('\'"'), `b'\\'"'`],
    [rawBytes(0x7f, 0x80, 0x00, 0x09, 0x0a, 0x0d, 0x5c), "b'\\x7f\\x80\\x00\\t\\n\\r\\\\'"],
    ['', "''"],
    ["'", `"'"`],
    ['\'"', `'\\'"'`],
    [
      '\x7f\x80\xa0\xad\u2028\ud800\u{1F600}\u{E0001} ',
      "'\\x7f\\x80\\xa0\\xad\\u2028\\ud800\u{1F600}\\U000e0001 '",
    ],
    ['é\t\\', "'é\\t\\\\'"],
  ];
  for (const [value, expected] of cases) {
    it(`repr -> ${expected}`, () => assert.equal(pyRepr(value), expected));
  }
  it('str of a str is the str itself; str of others is their repr', () => {
    assert.equal(pyStr("it's"), "it's");
    assert.equal(pyStr(1e16), '1e+16');
    assert.equal(pyStr(10n), '10');
    assert.equal(pyStr(bytes('x')), "b'x'");
  });
});

describe('truthiness, equality, floor division', () => {
  it('pyTruthy follows bool()', () => {
    const falsy: PyConstant[] = [null, false, 0n, 0.0, -0.0, '', rawBytes(), complex(0, 0)];
    const truthy: PyConstant[] = [true, 1n, -1n, NaN, 0.5, ' ', bytes('\0'), complex(0, 1), ELLIPSIS];
    for (const v of falsy) assert.equal(pyTruthy(v), false, pyRepr(v));
    for (const v of truthy) assert.equal(pyTruthy(v), true, pyRepr(v));
  });
  it('pyEquals compares numbers exactly across int/float/bool/complex', () => {
    assert.ok(pyEquals(true, 1n));
    assert.ok(pyEquals(1n, 1.0));
    assert.ok(pyEquals(10n ** 20n, 1e20));
    assert.ok(!pyEquals(2n ** 53n + 1n, 2 ** 53));
    assert.ok(pyEquals(complex(1, 0), 1n));
    assert.ok(!pyEquals(complex(1, 1), 1n));
    assert.ok(!pyEquals(NaN, NaN));
    assert.ok(!pyEquals('1', 1n));
    assert.ok(!pyEquals(bytes('a'), 'a'));
    assert.ok(pyEquals(bytes('a'), bytes('a')));
    assert.ok(pyEquals(null, null));
    assert.ok(!pyEquals(null, false));
    assert.ok(pyEquals(ELLIPSIS, ELLIPSIS));
  });
  it('pyFloorDiv floors toward negative infinity and rejects zero', () => {
    assert.equal(pyFloorDiv(7n, 2n), 3n);
    assert.equal(pyFloorDiv(-7n, 2n), -4n);
    assert.equal(pyFloorDiv(7n, -2n), -4n);
    assert.equal(pyFloorDiv(-7n, -2n), 3n);
    assert.equal(pyFloorDiv(true, 1n), 1n);
    assert.equal(pyFloorDiv(89n, 10n), 8n);
    assert.throws(
      () => pyFloorDiv(1n, 0n),
      (e: unknown) => e instanceof PyZeroDivisionError && e.message === 'integer division or modulo by zero',
    );
  });
});

describe('ordering', () => {
  it('compares str by code point, not UTF-16 unit', () => {
    assert.ok(pyStringLess('\uffff', '\u{10000}'));
    assert.ok(!pyStringLess('\u{10000}', '\uffff'));
    assert.ok(pyStringLess('\ud800', '\ue000')); // lone surrogate is code point 0xD800
    assert.ok(pyStringLess('a', 'ab'));
    assert.ok(!pyStringLess('ab', 'ab'));
  });
  it('sorts mixed numbers exactly and strings by code point', () => {
    assert.deepEqual(pySorted([3n, 2.5, true, 0n, -1.5]), [-1.5, 0n, true, 2.5, 3n]);
    assert.deepEqual(pySorted(['b', '\u{10000}', '\uffff', 'a']), ['a', 'b', '\uffff', '\u{10000}']);
  });
  it('raises TypeError like list.sort, naming the later element first', () => {
    const message = (values: PyConstant[]): string => {
      try {
        pySorted(values);
        return 'no error';
      } catch (error) {
        assert.ok(error instanceof PyTypeError);
        return error.message;
      }
    };
    assert.equal(message([1n, 'a']), "'<' not supported between instances of 'str' and 'int'");
    assert.equal(message([2n, 1.0, 'a']), "'<' not supported between instances of 'str' and 'float'");
    assert.equal(message([null, null]), "'<' not supported between instances of 'NoneType' and 'NoneType'");
    assert.equal(
      message([complex(0, 1), complex(0, 1)]),
      "'<' not supported between instances of 'complex' and 'complex'",
    );
    assert.equal(message([bytes('a'), 'a']), "'<' not supported between instances of 'str' and 'bytes'");
    assert.equal(message([null]), 'no error');
    assert.equal(message([]), 'no error');
  });
});

// --- differential checks against python3 ------------------------------------------

const interestingFloat = fc.oneof(
  fc.double(),
  fc.constantFrom(
    0,
    -0,
    1e16,
    1e15,
    9999999999999998,
    1e-4,
    1e-5,
    0.1,
    1.5,
    2 ** 53,
    NaN,
    Infinity,
    -Infinity,
  ),
  fc.integer({ min: -1000, max: 1000 }).map((n) => n / 8),
);
const interestingString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 8 }),
  fc
    .array(
      fc.constantFrom(
        "'",
        '"',
        '\\',
        '\n',
        'Σ',
        'ς',
        'İ',
        'A',
        ' ',
        '.',
        '\u0345',
        'ẞ',
        'ǅ',
        '\ud800',
        '\udc00',
        '\u{1D400}',
      ),
      { maxLength: 6 },
    )
    .map((a) => a.join('')),
);
const constant: fc.Arbitrary<PyConstant> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.integer({ min: -5, max: 5 }).map((n) => BigInt(n)),
  interestingFloat,
  interestingString,
  fc.uint8Array({ maxLength: 6 }).map((b) => ({ pyType: 'bytes', bytes: b }) as PyConstant),
  fc.tuple(interestingFloat, interestingFloat).map(([re, im]) => complex(re, im)),
  fc.tuple(interestingFloat).map(([im]) => complex(0, im)),
  fc.constant(ELLIPSIS),
);

describe('differential against python3', () => {
  it('repr, str, bool and == agree on random constants', () => {
    const values = fc.sample(constant, { numRuns: 1500, seed: 11 });
    const nearBoundary = fc.oneof(
      fc.bigInt({ min: 2n ** 53n - 3n, max: 2n ** 53n + 3n }),
      fc.constantFrom(2 ** 53, 2 ** 53 - 1, 2 ** 53 + 2, 0.5, -0.5, 1e300, NaN, Infinity),
      fc.constantFrom(10n ** 300n, -1n, 0n, true, false),
    );
    const pairs = [
      ...fc.sample(fc.tuple(constant, constant), { numRuns: 1500, seed: 12 }),
      ...fc.sample(fc.tuple(nearBoundary, nearBoundary), { numRuns: 500, seed: 13 }),
    ];
    const body = `
values = [${values.map(pyLiteral).join(',')}]
pairs = [${pairs.map(([a, b]) => `(${pyLiteral(a)},${pyLiteral(b)})`).join(',')}]
def lt(a, b):
    try:
        return a < b
    except TypeError as e:
        return str(e)
print(json.dumps({
  'repr': [cps(repr(v)) for v in values],
  'str': [cps(str(v)) for v in values],
  'bool': [bool(v) for v in values],
  'eq': [a == b for a, b in pairs],
  'lt': [lt(a, b) for a, b in pairs],
}))`;
    const oracle = runPython(body) as {
      repr: number[][];
      str: number[][];
      bool: boolean[];
      eq: boolean[];
      lt: (boolean | string)[];
    };
    values.forEach((v, i) => {
      assert.equal(pyRepr(v), fromCodePoints(oracle.repr[i]), `repr of ${oracle.repr[i]}`);
      assert.equal(pyStr(v), fromCodePoints(oracle.str[i]));
      assert.equal(pyTruthy(v), oracle.bool[i], `bool of ${pyRepr(v)}`);
    });
    pairs.forEach(([a, b], i) => {
      assert.equal(pyEquals(a, b), oracle.eq[i], `${pyRepr(a)} == ${pyRepr(b)}`);
      let less: boolean | string;
      try {
        less = pyLess(a, b);
      } catch (error) {
        assert.ok(error instanceof PyTypeError);
        less = error.message;
      }
      assert.equal(less, oracle.lt[i], `${pyRepr(a)} < ${pyRepr(b)}`);
    });
  });

  it('sorted() agrees: same permutation (NaNs included) or the same TypeError', () => {
    const orderable = fc.oneof(
      fc.boolean(),
      fc.integer({ min: -20, max: 20 }).map((n) => BigInt(n)),
      fc.integer({ min: -20, max: 20 }).map((n) => n / 2),
      fc.constant(NaN),
    );
    const numberLists = fc.array(orderable, { maxLength: 300 });
    const stringLists = fc.array(interestingString, { maxLength: 120 });
    const mixedLists = fc.array(
      fc.oneof({ weight: 20, arbitrary: orderable }, { weight: 1, arbitrary: constant }),
      { maxLength: 150 },
    );
    const lists: PyConstant[][] = [
      ...fc.sample(numberLists, { numRuns: 150, seed: 21 }),
      ...fc.sample(stringLists, { numRuns: 60, seed: 22 }),
      ...fc.sample(mixedLists, { numRuns: 150, seed: 23 }),
    ];
    const body = `
lists = [${lists.map((l) => `[${l.map(pyLiteral).join(',')}]`).join(',\n')}]
out = []
for l in lists:
    try:
        out.append({'order': sorted(range(len(l)), key=l.__getitem__)})
    except TypeError as e:
        out.append({'error': str(e)})
print(json.dumps(out))`;
    const oracle = runPython(body) as ({ order: number[] } | { error: string })[];
    lists.forEach((list, i) => {
      const expected = oracle[i];
      const indices = list.map((_, k) => k);
      if ('order' in expected) {
        assert.deepEqual(
          timsort(indices, (a, b) => pyLess(list[a], list[b])),
          expected.order,
        );
        assert.deepEqual(
          pySorted(list),
          expected.order.map((k) => list[k]),
        );
      } else {
        assert.throws(
          () => pySorted(list),
          (e: unknown) => e instanceof PyTypeError && e.message === expected.error,
        );
      }
    });
  });

  it('timsort makes exactly the comparisons CPython makes, in the same order', () => {
    // Shapes that drive runs, reversals, merges (lo and hi) and galloping.
    const shapes = fc.oneof(
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 60, maxLength: 1500 }),
      fc.array(fc.integer({ min: 0, max: 1000000 }), { minLength: 60, maxLength: 1500 }),
      fc
        .array(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.boolean(), fc.integer({ min: 0, max: 1000 })), {
          minLength: 1,
          maxLength: 12,
        })
        .map((runs) =>
          runs.flatMap(([length, descending, offset]) =>
            Array.from({ length }, (_, k) => (descending ? offset + length - k : offset + k)),
          ),
        ),
    );
    const lists = fc.sample(shapes, { numRuns: 40, seed: 41 });
    const body = `
class K:
    __slots__ = ('v', 'i')
    def __init__(self, v, i): self.v = v; self.i = i
    def __lt__(self, other):
        trace.append(self.i); trace.append(other.i)
        return self.v < other.v
out = []
for l in ${JSON.stringify(lists)}:
    trace = []
    sorted(K(v, i) for i, v in enumerate(l))
    out.append(trace)
print(json.dumps(out))`;
    const oracle = runPython(body) as number[][];
    lists.forEach((list, n) => {
      const trace: number[] = [];
      timsort(
        list.map((_, i) => i),
        (a, b) => {
          trace.push(a, b);
          return list[a] < list[b];
        },
      );
      assert.deepEqual(trace, oracle[n], `list #${n} of length ${list.length}`);
    });
  });

  it('str.lower() agrees on every code point and on final-sigma contexts', () => {
    const everyCodePoint: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp += 1) everyCodePoint.push(String.fromCodePoint(cp));
    const oracle = runPython(`
print(json.dumps([cps(chr(c).lower()) if chr(c).lower() != chr(c) else None for c in range(0x110000)]))`) as (
      number[] | null
    )[];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      const expected = oracle[cp] === null ? everyCodePoint[cp] : fromCodePoints(oracle[cp] as number[]);
      if (pyLower(everyCodePoint[cp]) !== expected) assert.fail(`lower(U+${cp.toString(16)})`);
    }
    const texts = fc.sample(interestingString, { numRuns: 2000, seed: 31 });
    const lowered = runPython(
      `print(json.dumps([cps(t.lower()) for t in [${texts.map((t) => pyLiteral(t)).join(',')}]]))`,
    ) as number[][];
    texts.forEach((t, i) => assert.equal(pyLower(t), fromCodePoints(lowered[i]), `lower(${pyRepr(t)})`));
    assert.equal(pyLower('İ'), 'i\u0307');
    assert.equal(pyLower('ΑΣ'), 'ας');
    assert.equal(pyLower('Σ'), 'σ');
  });

  it('isprintable table matches python3 for every code point', () => {
    const oracle = runPython(
      `print(json.dumps(''.join('1' if chr(c).isprintable() else '0' for c in range(0x110000))))`,
    ) as string;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (isPyPrintable(cp) !== (oracle.charCodeAt(cp) === 0x31))
        assert.fail(`isprintable(U+${cp.toString(16)})`);
    }
    assert.equal([...codePoints('a\u{10000}')].length, 2);
  });
});
