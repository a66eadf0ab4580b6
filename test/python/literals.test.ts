// Literal values. Expected values recorded from CPython 3.11.7 (`ast.literal_eval`):
// strings as code point lists, bytes as byte lists, errors as SyntaxError.msg.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LiteralError,
  decodeStringBody,
  decodeStringToken,
  parseNumber,
  splitStringLiteral,
} from '../../src/python/literals.js';
import { lookupUnicodeName } from '../../src/python/unicode-names.js';

const STRINGS: [string, 'str' | 'bytes' | 'error', number[] | string][] = [
  [
    '"\\x"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: truncated \\xXX escape",
  ],
  [
    '"\\x4"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape",
  ],
  [
    '"ab\\x4g"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 2-4: truncated \\xXX escape",
  ],
  [
    '"é\\x4g"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 10-12: truncated \\xXX escape",
  ],
  [
    '"\\u12"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \\uXXXX escape",
  ],
  [
    '"\\U1234567"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-8: truncated \\UXXXXXXXX escape",
  ],
  [
    '"\\U00110000"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: illegal Unicode character",
  ],
  [
    '"\\N"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-1: malformed \\N character escape",
  ],
  [
    '"\\N{"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: malformed \\N character escape",
  ],
  [
    '"\\N{}"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: malformed \\N character escape",
  ],
  [
    '"\\N{LATIN SMALL LETTER A"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-22: malformed \\N character escape",
  ],
  [
    '"\\N{NOPE}"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-7: unknown Unicode character name",
  ],
  [
    '"é\\N{NOPE}"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 10-17: unknown Unicode character name",
  ],
  ['b"\\x"', 'error', '(value error) invalid \\x escape at position 0'],
  ['b"ab\\x4g"', 'error', '(value error) invalid \\x escape at position 2'],
  ['b"\\xg1"', 'error', '(value error) invalid \\x escape at position 0'],
  ['b"é"', 'error', 'bytes can only contain ASCII literal characters'],
  ['b"a\\u1234"', 'bytes', [97, 92, 117, 49, 50, 51, 52]],
  ['"\\777"', 'str', [511]],
  ['b"\\777"', 'bytes', [255]],
  ['"\\8"', 'str', [92, 56]],
  ['"a\\qb"', 'str', [97, 92, 113, 98]],
  ['"\\é"', 'str', [92, 233]],
  ['"\\N{latin small letter a}"', 'str', [97]],
  ['"\\N{LATIN CAPITAL LETTER GHA}"', 'str', [418]],
  ['"\\N{BYTE ORDER MARK}"', 'str', [65279]],
  ['"\\N{HANGUL SYLLABLE GA}"', 'str', [44032]],
  ['"\\N{CJK UNIFIED IDEOGRAPH-4E00}"', 'str', [19968]],
  [
    '"\\N{LATIN CAPITAL LETTER A WITH MACRON AND GRAVE}"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-47: unknown Unicode character name",
  ],
  [
    '"\\N{ TILDE}"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-9: unknown Unicode character name",
  ],
  ['"\\\\N{TILDE}"', 'str', [92, 78, 123, 84, 73, 76, 68, 69, 125]],
  ['rb"é"', 'error', 'bytes can only contain ASCII literal characters'],
  ['u"\\x41"', 'str', [65]],
  ['"\\x41\\u0042\\U00000043\\N{DIGIT ONE}\\101\\0\\1234"', 'str', [65, 66, 67, 49, 65, 0, 83, 52]],
  ['"\\\\\\a\\b\\f\\n\\r\\t\\v\\\'\\""', 'str', [92, 7, 8, 12, 10, 13, 9, 11, 39, 34]],
  ['"a\\\nb"', 'str', [97, 98]],
  ['b"a\\\nb"', 'bytes', [97, 98]],
  ['"\\ud800"', 'str', [55296]],
  ['b"\\400"', 'bytes', [0]],
  ['rb"\\x"', 'bytes', [92, 120]],
  ['R"\\n\\x"', 'str', [92, 110, 92, 120]],
  ["'''a'b''c'''", 'str', [97, 39, 98, 39, 39, 99]],
  ['"""x\\"""y"""', 'str', [120, 34, 34, 34, 121]],
  ['Br"\\x\\N"', 'bytes', [92, 120, 92, 78]],
  [
    '"é\\\\é\\x"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 22-23: truncated \\xXX escape",
  ],
  [
    '"\\\\é\\xz"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 12-13: truncated \\xXX escape",
  ],
  [
    '"😀\\x1"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 10-12: truncated \\xXX escape",
  ],
  [
    '"\\😀\\x1"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 16-18: truncated \\xXX escape",
  ],
  [
    '"\\N{é}"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-13: unknown Unicode character name",
  ],
  ['"\\N{LINE FEED}\\N{lf}\\N{NBSP}"', 'str', [10, 10, 160]],
  ['"\\N{KHITAN SMALL SCRIPT CHARACTER-18B00}"', 'str', [101120]],
  ['"\\N{nushu character-1b170}"', 'str', [110960]],
  [
    '"\\N{CJK UNIFIED IDEOGRAPH-2B81E}"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-30: unknown Unicode character name",
  ],
  ['"\\N{HANGUL SYLLABLE HIH}\\N{HANGUL SYLLABLE A}"', 'str', [55203, 50500]],
  ["'\\''", 'str', [39]],
  ['"\\U0010FFFF"', 'str', [1114111]],
  ['"\\U0001F600"', 'str', [128512]],
  ['b"\\xFf\\xfF"', 'bytes', [255, 255]],
  ['b"\\x0"', 'error', '(value error) invalid \\x escape at position 0'],
  [
    '"\\x0"',
    'error',
    "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape",
  ],
  ['"\\u00e9\\u00E9"', 'str', [233, 233]],
  ["''", 'str', []],
  ['""""""', 'str', []],
  ['b""', 'bytes', []],
  ['"\\\\"', 'str', [92]],
  ['b"\\\\\\q"', 'bytes', [92, 92, 113]],
  ['"\\1\\12\\123\\1234"', 'str', [1, 10, 83, 83, 52]],
  ['"\\N{ZERO WIDTH NO-BREAK SPACE}"', 'str', [65279]],
  ['"\\N{latin capital letter a}"', 'str', [65]],
];

// [literal, 'int', decimal] | [literal, 'float', repr] | [literal, 'complex', repr(real), repr(imag)]
const NUMBERS: string[][] = [
  ['0', 'int', '0'],
  ['00', 'int', '0'],
  ['0_0', 'int', '0'],
  ['1_000', 'int', '1000'],
  ['0x40', 'int', '64'],
  ['0XfF', 'int', '255'],
  ['0o17', 'int', '15'],
  ['0O7_7', 'int', '63'],
  ['0b101', 'int', '5'],
  ['0B1_1', 'int', '3'],
  ['1e3', 'float', '1000.0'],
  ['1E3', 'float', '1000.0'],
  ['1.5', 'float', '1.5'],
  ['.5', 'float', '0.5'],
  ['5.', 'float', '5.0'],
  ['1_0.0_1', 'float', '10.01'],
  ['1e400', 'float', 'inf'],
  ['1e-400', 'float', '0.0'],
  ['1.5j', 'complex', '0.0', '1.5'],
  ['2J', 'complex', '0.0', '2.0'],
  ['0j', 'complex', '0.0', '0.0'],
  ['09j', 'complex', '0.0', '9.0'],
  ['09.5', 'float', '9.5'],
  ['1e5j', 'complex', '0.0', '100000.0'],
  ['123456789012345678901234567890', 'int', '123456789012345678901234567890'],
  ['0.1', 'float', '0.1'],
  ['3.141592653589793238462643383279', 'float', '3.141592653589793'],
  ['1.7976931348623157e308', 'float', '1.7976931348623157e+308'],
  ['2.2250738585072014e-308', 'float', '2.2250738585072014e-308'],
  ['4.9e-324', 'float', '5e-324'],
  ['2.5e-324', 'float', '5e-324'],
  ['0x_1', 'int', '1'],
  ['1_0j', 'complex', '0.0', '10.0'],
  ['00.5', 'float', '0.5'],
  ['0e0', 'float', '0.0'],
  ['1.e5', 'float', '100000.0'],
  ['9007199254740993', 'int', '9007199254740993'],
  ['9007199254740993.0', 'float', '9007199254740992.0'],
  ['0.30000000000000004', 'float', '0.30000000000000004'],
];

function pythonFloatRepr(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return value.toFixed(1);
  return String(value).replace(/e([+-])(\d)$/, 'e$10$2');
}

test('string and bytes literal values and errors match CPython', () => {
  for (const [literal, kind, expected] of STRINGS) {
    let actual: [string, number[] | string];
    try {
      const value = decodeStringToken(literal);
      actual =
        value instanceof Uint8Array
          ? ['bytes', Array.from(value)]
          : ['str', Array.from(value).map((c) => c.codePointAt(0)!)];
    } catch (error) {
      assert.ok(error instanceof LiteralError, String(error));
      actual = ['error', error.message];
    }
    assert.deepEqual(actual, [kind, expected], literal);
  }
});

test('number literal values match CPython', () => {
  for (const [literal, kind, first, second] of NUMBERS) {
    const value = parseNumber(literal);
    if (kind === 'int') assert.equal(value, BigInt(first), literal);
    else if (kind === 'float')
      assert.equal(typeof value === 'number' ? pythonFloatRepr(value) : value, first, literal);
    else {
      assert.ok(typeof value === 'object', literal);
      assert.deepEqual([pythonFloatRepr(value.real), pythonFloatRepr(value.imag)], [first, second], literal);
    }
  }
});

test('splitStringLiteral separates prefix, quotes and body', () => {
  assert.deepEqual(splitStringLiteral('Rb"""a"b"""'), {
    prefix: 'rb',
    quote: '"""',
    body: 'a"b',
    bodyOffset: 5,
  });
  assert.deepEqual(splitStringLiteral("''"), { prefix: '', quote: "'", body: '', bodyOffset: 1 });
  assert.deepEqual(splitStringLiteral('""""""'), { prefix: '', quote: '"""', body: '', bodyOffset: 3 });
  assert.deepEqual(splitStringLiteral("F'x'"), { prefix: 'f', quote: "'", body: 'x', bodyOffset: 2 });
});

test('decodeStringBody reports error offsets inside the body', () => {
  assert.throws(
    () => decodeStringBody('ab\\x4g', { raw: false, bytes: false }),
    (error: unknown) => error instanceof LiteralError && error.offset === 2,
  );
  assert.throws(
    () => decodeStringBody('aé', { raw: true, bytes: true }),
    (error: unknown) => error instanceof LiteralError && error.offset === 1,
  );
});

test('lookupUnicodeName follows unicodedata 14.0 (names, aliases, computed families)', () => {
  assert.equal(lookupUnicodeName('LATIN SMALL LETTER A'), 0x61);
  assert.equal(lookupUnicodeName('latin small letter a'), 0x61);
  assert.equal(lookupUnicodeName('BYTE ORDER MARK'), 0xfeff); // alias
  assert.equal(lookupUnicodeName('NBSP'), 0xa0); // abbreviation alias
  assert.equal(lookupUnicodeName('HANGUL SYLLABLE GAG'), 0xac01);
  assert.equal(lookupUnicodeName('hangul syllable ga'), undefined); // computed names are case-sensitive
  assert.equal(lookupUnicodeName('CJK UNIFIED IDEOGRAPH-04E00'), 0x4e00);
  assert.equal(lookupUnicodeName('CJK UNIFIED IDEOGRAPH-4e00'), undefined);
  assert.equal(lookupUnicodeName('cjk compatibility ideograph-f900'), 0xf900);
  assert.equal(lookupUnicodeName('NUSHU CHARACTER-01B170'), undefined);
  assert.equal(lookupUnicodeName('TANGUT IDEOGRAPH-17000'), undefined); // no Tangut names in 3.11
  assert.equal(lookupUnicodeName('LATIN CAPITAL LETTER A WITH MACRON AND GRAVE'), undefined); // named sequence
  assert.equal(lookupUnicodeName('ſ'), undefined);
});
