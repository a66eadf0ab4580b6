// Tokenizer tests. Expected values were recorded from CPython 3.11.7: token boundaries
// from the `tokenize` module (NL and COMMENT dropped, columns converted to UTF-8 bytes),
// errors from `ast.parse` (type, msg, lineno, offset) where the tokenizer decides them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { LexicalErrorSignal, Tokenizer, normalizeIdentifier } from '../../src/python/tokenizer.js';
import { decodeSourceBytes } from '../../src/python/source.js';
import type { Token } from '../../src/python/token.js';
import { PySyntaxErrorSignal } from '../../src/python/errors.js';

type RecordedToken = [string] | [string, string, number, number, number, number];

// [source, tokens] — from tokenize.generate_tokens
const TOKEN_STREAMS: [string, RecordedToken[]][] = [
  [
    'x = (1,\n 2)\ny = """a\nb"""  # c\nif x:\n  pass',
    [
      ['Name', 'x', 1, 0, 1, 1],
      ['Op', '=', 1, 2, 1, 3],
      ['Op', '(', 1, 4, 1, 5],
      ['Number', '1', 1, 5, 1, 6],
      ['Op', ',', 1, 6, 1, 7],
      ['Number', '2', 2, 1, 2, 2],
      ['Op', ')', 2, 2, 2, 3],
      ['Newline'],
      ['Name', 'y', 3, 0, 3, 1],
      ['Op', '=', 3, 2, 3, 3],
      ['String', '"""a\nb"""', 3, 4, 4, 4],
      ['Newline'],
      ['Name', 'if', 5, 0, 5, 2],
      ['Name', 'x', 5, 3, 5, 4],
      ['Op', ':', 5, 4, 5, 5],
      ['Newline'],
      ['Indent'],
      ['Name', 'pass', 6, 2, 6, 6],
      ['Newline'],
      ['Dedent'],
      ['EndMarker'],
    ],
  ],
  [
    'def f(a, *b, **c) -> int:\n    return a ** 2 // 3 @ m\n',
    [
      ['Name', 'def', 1, 0, 1, 3],
      ['Name', 'f', 1, 4, 1, 5],
      ['Op', '(', 1, 5, 1, 6],
      ['Name', 'a', 1, 6, 1, 7],
      ['Op', ',', 1, 7, 1, 8],
      ['Op', '*', 1, 9, 1, 10],
      ['Name', 'b', 1, 10, 1, 11],
      ['Op', ',', 1, 11, 1, 12],
      ['Op', '**', 1, 13, 1, 15],
      ['Name', 'c', 1, 15, 1, 16],
      ['Op', ')', 1, 16, 1, 17],
      ['Op', '->', 1, 18, 1, 20],
      ['Name', 'int', 1, 21, 1, 24],
      ['Op', ':', 1, 24, 1, 25],
      ['Newline'],
      ['Indent'],
      ['Name', 'return', 2, 4, 2, 10],
      ['Name', 'a', 2, 11, 2, 12],
      ['Op', '**', 2, 13, 2, 15],
      ['Number', '2', 2, 16, 2, 17],
      ['Op', '//', 2, 18, 2, 20],
      ['Number', '3', 2, 21, 2, 22],
      ['Op', '@', 2, 23, 2, 24],
      ['Name', 'm', 2, 25, 2, 26],
      ['Newline'],
      ['Dedent'],
      ['EndMarker'],
    ],
  ],
  [
    'é = "ü" + \'€\'  # comment\nprint(é)\n',
    [
      ['Name', 'é', 1, 0, 1, 2],
      ['Op', '=', 1, 3, 1, 4],
      ['String', '"ü"', 1, 5, 1, 9],
      ['Op', '+', 1, 10, 1, 11],
      ['String', "'€'", 1, 12, 1, 17],
      ['Newline'],
      ['Name', 'print', 2, 0, 2, 5],
      ['Op', '(', 2, 5, 2, 6],
      ['Name', 'é', 2, 6, 2, 8],
      ['Op', ')', 2, 8, 2, 9],
      ['Newline'],
      ['EndMarker'],
    ],
  ],
  [
    'x = [\n  1,  # one\n\n  2,\n]\n',
    [
      ['Name', 'x', 1, 0, 1, 1],
      ['Op', '=', 1, 2, 1, 3],
      ['Op', '[', 1, 4, 1, 5],
      ['Number', '1', 2, 2, 2, 3],
      ['Op', ',', 2, 3, 2, 4],
      ['Number', '2', 4, 2, 4, 3],
      ['Op', ',', 4, 3, 4, 4],
      ['Op', ']', 5, 0, 5, 1],
      ['Newline'],
      ['EndMarker'],
    ],
  ],
  [
    'if a:\n    if b:\n        c\n\n    d\ne\n',
    [
      ['Name', 'if', 1, 0, 1, 2],
      ['Name', 'a', 1, 3, 1, 4],
      ['Op', ':', 1, 4, 1, 5],
      ['Newline'],
      ['Indent'],
      ['Name', 'if', 2, 4, 2, 6],
      ['Name', 'b', 2, 7, 2, 8],
      ['Op', ':', 2, 8, 2, 9],
      ['Newline'],
      ['Indent'],
      ['Name', 'c', 3, 8, 3, 9],
      ['Newline'],
      ['Dedent'],
      ['Name', 'd', 5, 4, 5, 5],
      ['Newline'],
      ['Dedent'],
      ['Name', 'e', 6, 0, 6, 1],
      ['Newline'],
      ['EndMarker'],
    ],
  ],
  [
    'a.b...c\nx := 1\ny -= 2\nz **= 3\nw //= 4\nv >>= 5\nu <<= 6\nt != s\nr -> q\n',
    [
      ['Name', 'a', 1, 0, 1, 1],
      ['Op', '.', 1, 1, 1, 2],
      ['Name', 'b', 1, 2, 1, 3],
      ['Op', '...', 1, 3, 1, 6],
      ['Name', 'c', 1, 6, 1, 7],
      ['Newline'],
      ['Name', 'x', 2, 0, 2, 1],
      ['Op', ':=', 2, 2, 2, 4],
      ['Number', '1', 2, 5, 2, 6],
      ['Newline'],
      ['Name', 'y', 3, 0, 3, 1],
      ['Op', '-=', 3, 2, 3, 4],
      ['Number', '2', 3, 5, 3, 6],
      ['Newline'],
      ['Name', 'z', 4, 0, 4, 1],
      ['Op', '**=', 4, 2, 4, 5],
      ['Number', '3', 4, 6, 4, 7],
      ['Newline'],
      ['Name', 'w', 5, 0, 5, 1],
      ['Op', '//=', 5, 2, 5, 5],
      ['Number', '4', 5, 6, 5, 7],
      ['Newline'],
      ['Name', 'v', 6, 0, 6, 1],
      ['Op', '>>=', 6, 2, 6, 5],
      ['Number', '5', 6, 6, 6, 7],
      ['Newline'],
      ['Name', 'u', 7, 0, 7, 1],
      ['Op', '<<=', 7, 2, 7, 5],
      ['Number', '6', 7, 6, 7, 7],
      ['Newline'],
      ['Name', 't', 8, 0, 8, 1],
      ['Op', '!=', 8, 2, 8, 4],
      ['Name', 's', 8, 5, 8, 6],
      ['Newline'],
      ['Name', 'r', 9, 0, 9, 1],
      ['Op', '->', 9, 2, 9, 4],
      ['Name', 'q', 9, 5, 9, 6],
      ['Newline'],
      ['EndMarker'],
    ],
  ],
  [
    'x = rb"a" + Rb\'b\' + bR"""c""" + f"{x!r}" + F\'\' + fr"\\d" + u"x" + B"y"\n',
    [
      ['Name', 'x', 1, 0, 1, 1],
      ['Op', '=', 1, 2, 1, 3],
      ['String', 'rb"a"', 1, 4, 1, 9],
      ['Op', '+', 1, 10, 1, 11],
      ['String', "Rb'b'", 1, 12, 1, 17],
      ['Op', '+', 1, 18, 1, 19],
      ['String', 'bR"""c"""', 1, 20, 1, 29],
      ['Op', '+', 1, 30, 1, 31],
      ['String', 'f"{x!r}"', 1, 32, 1, 40],
      ['Op', '+', 1, 41, 1, 42],
      ['String', "F''", 1, 43, 1, 46],
      ['Op', '+', 1, 47, 1, 48],
      ['String', 'fr"\\d"', 1, 49, 1, 55],
      ['Op', '+', 1, 56, 1, 57],
      ['String', 'u"x"', 1, 58, 1, 62],
      ['Op', '+', 1, 63, 1, 64],
      ['String', 'B"y"', 1, 65, 1, 69],
      ['Newline'],
      ['EndMarker'],
    ],
  ],
  [
    'x = 1 + \\\n    2\n',
    [
      ['Name', 'x', 1, 0, 1, 1],
      ['Op', '=', 1, 2, 1, 3],
      ['Number', '1', 1, 4, 1, 5],
      ['Op', '+', 1, 6, 1, 7],
      ['Number', '2', 2, 4, 2, 5],
      ['Newline'],
      ['EndMarker'],
    ],
  ],
  [
    '0x_1F + 0o17 + 0b1 + 1_000 + 1.5e-3 + .5j + 5. + 0 + 00 + 1if x else 2\n',
    [
      ['Number', '0x_1F', 1, 0, 1, 5],
      ['Op', '+', 1, 6, 1, 7],
      ['Number', '0o17', 1, 8, 1, 12],
      ['Op', '+', 1, 13, 1, 14],
      ['Number', '0b1', 1, 15, 1, 18],
      ['Op', '+', 1, 19, 1, 20],
      ['Number', '1_000', 1, 21, 1, 26],
      ['Op', '+', 1, 27, 1, 28],
      ['Number', '1.5e-3', 1, 29, 1, 35],
      ['Op', '+', 1, 36, 1, 37],
      ['Number', '.5j', 1, 38, 1, 41],
      ['Op', '+', 1, 42, 1, 43],
      ['Number', '5.', 1, 44, 1, 46],
      ['Op', '+', 1, 47, 1, 48],
      ['Number', '0', 1, 49, 1, 50],
      ['Op', '+', 1, 51, 1, 52],
      ['Number', '00', 1, 53, 1, 55],
      ['Op', '+', 1, 56, 1, 57],
      ['Number', '1', 1, 58, 1, 59],
      ['Name', 'if', 1, 59, 1, 61],
      ['Name', 'x', 1, 62, 1, 63],
      ['Name', 'else', 1, 64, 1, 68],
      ['Number', '2', 1, 69, 1, 70],
      ['Newline'],
      ['EndMarker'],
    ],
  ],
  [
    '\tif x:\n\t\ty\n',
    [
      ['Indent'],
      ['Name', 'if', 1, 1, 1, 3],
      ['Name', 'x', 1, 4, 1, 5],
      ['Op', ':', 1, 5, 1, 6],
      ['Newline'],
      ['Indent'],
      ['Name', 'y', 2, 2, 2, 3],
      ['Newline'],
      ['Dedent'],
      ['Dedent'],
      ['EndMarker'],
    ],
  ],
  [
    'class A:\n\tdef f(self):\n\t\tpass\n',
    [
      ['Name', 'class', 1, 0, 1, 5],
      ['Name', 'A', 1, 6, 1, 7],
      ['Op', ':', 1, 7, 1, 8],
      ['Newline'],
      ['Indent'],
      ['Name', 'def', 2, 1, 2, 4],
      ['Name', 'f', 2, 5, 2, 6],
      ['Op', '(', 2, 6, 2, 7],
      ['Name', 'self', 2, 7, 2, 11],
      ['Op', ')', 2, 11, 2, 12],
      ['Op', ':', 2, 12, 2, 13],
      ['Newline'],
      ['Indent'],
      ['Name', 'pass', 3, 2, 3, 6],
      ['Newline'],
      ['Dedent'],
      ['Dedent'],
      ['EndMarker'],
    ],
  ],
  [
    '𝔘 = "😀" ; abc = 1\n',
    [
      ['Name', '𝔘', 1, 0, 1, 4],
      ['Op', '=', 1, 5, 1, 6],
      ['String', '"😀"', 1, 7, 1, 13],
      ['Op', ';', 1, 14, 1, 15],
      ['Name', 'abc', 1, 16, 1, 19],
      ['Op', '=', 1, 20, 1, 21],
      ['Number', '1', 1, 22, 1, 23],
      ['Newline'],
      ['EndMarker'],
    ],
  ],
  ['# only a comment', [['EndMarker']]],
  ['', [['EndMarker']]],
  ['\n\n  \n', [['EndMarker']]],
  [
    'if x:\n    pass\n# trailing comment at col 0\n    # indented comment\n',
    [
      ['Name', 'if', 1, 0, 1, 2],
      ['Name', 'x', 1, 3, 1, 4],
      ['Op', ':', 1, 4, 1, 5],
      ['Newline'],
      ['Indent'],
      ['Name', 'pass', 2, 4, 2, 8],
      ['Newline'],
      ['Dedent'],
      ['EndMarker'],
    ],
  ],
  [
    'x = {"a": [1, (2, 3)]}\n',
    [
      ['Name', 'x', 1, 0, 1, 1],
      ['Op', '=', 1, 2, 1, 3],
      ['Op', '{', 1, 4, 1, 5],
      ['String', '"a"', 1, 5, 1, 8],
      ['Op', ':', 1, 8, 1, 9],
      ['Op', '[', 1, 10, 1, 11],
      ['Number', '1', 1, 11, 1, 12],
      ['Op', ',', 1, 12, 1, 13],
      ['Op', '(', 1, 14, 1, 15],
      ['Number', '2', 1, 15, 1, 16],
      ['Op', ',', 1, 16, 1, 17],
      ['Number', '3', 1, 18, 1, 19],
      ['Op', ')', 1, 19, 1, 20],
      ['Op', ']', 1, 20, 1, 21],
      ['Op', '}', 1, 21, 1, 22],
      ['Newline'],
      ['EndMarker'],
    ],
  ],
  [
    'lambda: (yield)\n',
    [
      ['Name', 'lambda', 1, 0, 1, 6],
      ['Op', ':', 1, 6, 1, 7],
      ['Op', '(', 1, 8, 1, 9],
      ['Name', 'yield', 1, 9, 1, 14],
      ['Op', ')', 1, 14, 1, 15],
      ['Newline'],
      ['EndMarker'],
    ],
  ],
  [
    "s = '''multi\nline''' ; t = 'a\\\nb'\n",
    [
      ['Name', 's', 1, 0, 1, 1],
      ['Op', '=', 1, 2, 1, 3],
      ['String', "'''multi\nline'''", 1, 4, 2, 7],
      ['Op', ';', 2, 8, 2, 9],
      ['Name', 't', 2, 10, 2, 11],
      ['Op', '=', 2, 12, 2, 13],
      ['String', "'a\\\nb'", 2, 14, 3, 2],
      ['Newline'],
      ['EndMarker'],
    ],
  ],
];

// [source, 'OK'] or [source, exception type, msg, lineno, offset] — from ast.parse
const ERRORS: ([string, 'OK'] | [string, string, string, number, number])[] = [
  ['﻿a=1', 'SyntaxError', 'invalid non-printable character U+FEFF', 1, 1],
  ['x = (1,\n', 'SyntaxError', "'(' was never closed", 1, 5],
  ['x = )', 'SyntaxError', "unmatched ')'", 1, 5],
  ['if x:\n  a\n b\n', 'IndentationError', 'unindent does not match any outer indentation level', 3, 3],
  ['if x:\n\ta\n        b\n', 'TabError', 'inconsistent use of tabs and spaces in indentation', 3, 1],
  ['a = 1 \\ 2', 'SyntaxError', 'unexpected character after line continuation character', 1, 8],
  ['"abc', 'SyntaxError', 'unterminated string literal (detected at line 1)', 1, 1],
  ["'''abc\n\n", 'SyntaxError', 'unterminated triple-quoted string literal (detected at line 2)', 1, 1],
  ['a€', 'SyntaxError', "invalid character '€' (U+20AC)", 1, 2],
  [
    '012',
    'SyntaxError',
    'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
    1,
    1,
  ],
  ['0x', 'SyntaxError', 'invalid hexadecimal literal', 1, 2],
  ['0o8', 'SyntaxError', "invalid digit '8' in octal literal", 1, 3],
  ['1_', 'SyntaxError', 'invalid decimal literal', 1, 2],
  ['1__0', 'SyntaxError', 'invalid decimal literal', 1, 2],
  ['1e', 'SyntaxError', 'invalid decimal literal', 1, 1],
  ['0b2', 'SyntaxError', "invalid digit '2' in binary literal", 1, 3],
  ['1.e', 'SyntaxError', 'invalid decimal literal', 1, 2],
  ['1jk', 'SyntaxError', 'invalid imaginary literal', 1, 2],
  ['3.14abc', 'SyntaxError', 'invalid decimal literal', 1, 4],
  ['(]', 'SyntaxError', "closing parenthesis ']' does not match opening parenthesis '('", 1, 2],
  ['[)', 'SyntaxError', "closing parenthesis ')' does not match opening parenthesis '['", 1, 2],
  [')', 'SyntaxError', "unmatched ')'", 1, 1],
  ['\u0001', 'SyntaxError', 'invalid non-printable character U+0001', 1, 1],
  ['a\u000b', 'SyntaxError', 'invalid non-printable character U+000B', 1, 2],
  ['x = 1 \\', 'SyntaxError', 'unexpected EOF while parsing', 1, 8],
  ['x = 1 \\\n', 'SyntaxError', 'unexpected EOF while parsing', 1, 8],
  ['\\\n', 'SyntaxError', 'unexpected EOF while parsing', 1, 2],
  ['x=1\ny = 2 \\ 3\n', 'SyntaxError', 'unexpected character after line continuation character', 2, 8],
  ['0_', 'SyntaxError', 'invalid decimal literal', 1, 2],
  ['0x1_', 'SyntaxError', 'invalid hexadecimal literal', 1, 4],
  ['0o', 'SyntaxError', 'invalid octal literal', 1, 2],
  ['0o19', 'SyntaxError', "invalid digit '9' in octal literal", 1, 4],
  ['0b', 'SyntaxError', 'invalid binary literal', 1, 2],
  ['0b12', 'SyntaxError', "invalid digit '2' in binary literal", 1, 4],
  ['1.5e+', 'SyntaxError', 'invalid decimal literal', 1, 5],
  ['1.5e+x', 'SyntaxError', 'invalid decimal literal', 1, 5],
  [
    '09',
    'SyntaxError',
    'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
    1,
    1,
  ],
  ['a ', 'SyntaxError', 'invalid non-printable character U+00A0', 1, 2],
  [' ', 'SyntaxError', 'invalid non-printable character U+00A0', 1, 1],
  ['x​', 'SyntaxError', 'invalid non-printable character U+200B', 1, 2],
  [' ', 'SyntaxError', 'invalid non-printable character U+2028', 1, 1],
  ['(\n', 'SyntaxError', "'(' was never closed", 1, 1],
  ['x = [1,\n(2,\n', 'SyntaxError', "'(' was never closed", 2, 1],
  [
    'x=(\n]\n',
    'SyntaxError',
    "closing parenthesis ']' does not match opening parenthesis '(' on line 1",
    2,
    1,
  ],
  ['x = """\nabc\n', 'SyntaxError', 'unterminated triple-quoted string literal (detected at line 2)', 1, 5],
  ['x = "abc\\', 'SyntaxError', 'unterminated string literal (detected at line 1)', 1, 5],
  ["x = 'a\n", 'SyntaxError', 'unterminated string literal (detected at line 1)', 1, 5],
  ['if 1:\n        x\n\ty\n', 'TabError', 'inconsistent use of tabs and spaces in indentation', 3, 1],
  ['if 1:\n\tx\n        y\n', 'TabError', 'inconsistent use of tabs and spaces in indentation', 3, 1],
  ['x = (1,\n  2\\ 3)\n', 'SyntaxError', 'unexpected character after line continuation character', 2, 5],
  [
    'a = 1\nb = """x\ny\n',
    'SyntaxError',
    'unterminated triple-quoted string literal (detected at line 3)',
    2,
    5,
  ],
  ['x=1\n\\\n', 'SyntaxError', 'unexpected EOF while parsing', 2, 2],
  ['if 1:\n x\n  \\\n', 'SyntaxError', 'unexpected EOF while parsing', 3, 4],
  ['x = 1\né€ = 2', 'SyntaxError', "invalid character '€' (U+20AC)", 2, 2],
  ['0xg', 'SyntaxError', 'invalid hexadecimal literal', 1, 2],
  ['1_a', 'SyntaxError', 'invalid decimal literal', 1, 2],
  ['0b1_', 'SyntaxError', 'invalid binary literal', 1, 4],
  ['0o_', 'SyntaxError', 'invalid octal literal', 1, 3],
  ['1e+_1', 'SyntaxError', 'invalid decimal literal', 1, 3],
  ['0.1_', 'SyntaxError', 'invalid decimal literal', 1, 4],
  ['1.0_e1', 'SyntaxError', 'invalid decimal literal', 1, 4],
  ['1e1_', 'SyntaxError', 'invalid decimal literal', 1, 4],
  ['1__', 'SyntaxError', 'invalid decimal literal', 1, 2],
  ['x = ¿', 'SyntaxError', "invalid character '¿' (U+00BF)", 1, 5],
  ['y = à', 'OK'],
  ['̀a', 'SyntaxError', "invalid character '̀' (U+0300)", 1, 1],
  ['𝔘 = 2', 'OK'],
  ['r"abc', 'SyntaxError', 'unterminated string literal (detected at line 1)', 1, 1],
  ['f"""abc', 'SyntaxError', 'unterminated triple-quoted string literal (detected at line 1)', 1, 1],
  ['br"x', 'SyntaxError', 'unterminated string literal (detected at line 1)', 1, 1],
  ['print(f"{x!r:>{w}}")', 'OK'],
  ['x = [\n  1,\n  2\n', 'SyntaxError', "'[' was never closed", 1, 5],
  [
    'x = {\n  1: (2,\n}',
    'SyntaxError',
    "closing parenthesis '}' does not match opening parenthesis '(' on line 2",
    3,
    1,
  ],
  ['"\\\n', 'SyntaxError', 'unterminated string literal (detected at line 1)', 1, 1],
  ["x = '\\\nabc", 'SyntaxError', 'unterminated string literal (detected at line 2)', 1, 5],
  ['\t\tif 1:\n', 'IndentationError', 'unexpected indent', 1, 2],
  ['if 1:\n  pass\n \n', 'OK'],
  [
    'if 1:\n    pass\n  pass\n',
    'IndentationError',
    'unindent does not match any outer indentation level',
    3,
    7,
  ],
  [
    'x = 0777',
    'SyntaxError',
    'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
    1,
    5,
  ],
  [
    'x = 0_7',
    'SyntaxError',
    'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
    1,
    5,
  ],
  ['x = 1 if 1else 2', 'OK'],
  [
    'def f():\n\tif 1:\n\t    pass\n        pass\n',
    'TabError',
    'inconsistent use of tabs and spaces in indentation',
    4,
    1,
  ],
  [
    'if 1:\n    x\n  \\\n    y\n',
    'IndentationError',
    'unindent does not match any outer indentation level',
    4,
    6,
  ],
  ['if 1:\n  \\\n    y\n', 'OK'],
  ['x = 1\n \\\n# c\n', 'OK'],
  ['if 1:\n    x\n \\N{\n', 'SyntaxError', 'unexpected character after line continuation character', 3, 3],
  ['if 1:\n    x\n  \\', 'SyntaxError', 'unexpected EOF while parsing', 3, 4],
  ['x = 2﻿\n', 'SyntaxError', 'invalid non-printable character U+FEFF', 1, 6],
  ['x = 1̀\n', 'SyntaxError', "invalid character '̀' (U+0300)", 1, 6],
  ['x = 1é\n', 'SyntaxError', 'invalid syntax', 1, 6],
  ['0x1€', 'SyntaxError', "invalid character '€' (U+20AC)", 1, 4],
  ['syés.modules[__name__ MyMod()\n', 'SyntaxError', "'[' was never closed", 1, 13],
  ['def ski0p_𝔘ntil(', 'SyntaxError', "'(' was never closed", 1, 16],
  [
    'x = """a\nb""" + (1 \\ 2)\n',
    'SyntaxError',
    'unexpected character after line continuation character',
    2,
    21,
  ],
  ['x = (1 +\n  2 \\ 3)', 'SyntaxError', 'unexpected character after line continuation character', 2, 6],
  ["x = '''a\n''' \\x\n", 'SyntaxError', 'unexpected character after line continuation character', 2, 15],
  ['x = 1 + \\\n  2 \\ 3\n', 'SyntaxError', 'unexpected character after line continuation character', 2, 16],
  ['x = """\n\n\r\n', 'SyntaxError', 'unterminated triple-quoted string literal (detected at line 4)', 1, 5],
  ['x = """\r\n', 'SyntaxError', 'unterminated triple-quoted string literal (detected at line 2)', 1, 5],
  ["a = 'é' \\ b", 'SyntaxError', 'unexpected character after line continuation character', 1, 10],
];

// Raised by the parser, not the tokenizer: the tokenizer must accept these inputs.
const PARSER_MESSAGES = new Set(['unexpected indent', 'invalid syntax']);

function tokenizeAll(source: string): Token[] {
  const tokenizer = new Tokenizer(source);
  const tokens: Token[] = [];
  for (let i = 0; i <= source.length + 1000; i++) {
    const token = tokenizer.next();
    tokens.push(token);
    if (token.kind === 'EndMarker') return tokens;
  }
  throw new Error('tokenizer did not reach EndMarker');
}

function firstError(source: string): [string, string, number, number] | 'OK' {
  try {
    tokenizeAll(source);
    return 'OK';
  } catch (error) {
    assert.ok(error instanceof LexicalErrorSignal, String(error));
    return [error.error.kind, error.error.msg, error.error.lineno, error.error.offset];
  }
}

test('token kinds, texts and positions match CPython tokenize', () => {
  for (const [source, expected] of TOKEN_STREAMS) {
    const actual = tokenizeAll(source).map((t): RecordedToken =>
      t.kind === 'Name' || t.kind === 'Number' || t.kind === 'String' || t.kind === 'Op'
        ? [t.kind, t.text, t.line, t.col, t.endLine, t.endCol]
        : [t.kind],
    );
    assert.deepEqual(actual, expected, JSON.stringify(source));
  }
});

test('token start/end offsets slice the token text out of the source', () => {
  for (const [source] of TOKEN_STREAMS) {
    for (const token of tokenizeAll(source)) {
      if (token.kind === 'Indent' || token.kind === 'Dedent' || token.kind === 'EndMarker') continue;
      if (token.kind === 'Newline' && token.text === '') continue;
      assert.equal(source.slice(token.start, token.end), token.text);
    }
  }
});

test('lexical errors match ast.parse (type, message, line, offset)', () => {
  for (const [source, kind, msg, lineno, offset] of ERRORS) {
    const expected = kind === 'OK' || PARSER_MESSAGES.has(msg!) ? 'OK' : [kind, msg, lineno, offset];
    assert.deepEqual(firstError(source), expected, JSON.stringify(source));
  }
});

test('indentation depth limit: 99 levels pass, the 100th is IndentationError', () => {
  const nest = (levels: number) =>
    Array.from({ length: levels }, (_, i) => ' '.repeat(i) + 'if 1:\n').join('') +
    ' '.repeat(levels) +
    'pass\n';
  assert.equal(firstError(nest(99)), 'OK');
  assert.deepEqual(firstError(nest(100)), ['IndentationError', 'too many levels of indentation', 101, 1]);
});

test('bracket nesting limit: 200 levels pass, the 201st is an error', () => {
  assert.equal(firstError('x = ' + '('.repeat(200) + ')'.repeat(200)), 'OK');
  assert.deepEqual(firstError('x = ['.repeat(201)), ['SyntaxError', 'too many nested parentheses', 1, 1005]);
});

test('null bytes are rejected before tokenizing', () => {
  assert.deepEqual(firstError('x = 1\n\0'), [
    'SyntaxError',
    'source code string cannot contain null bytes',
    0,
    0,
  ]);
});

test('errors are sticky and PySyntaxErrorSignal instances', () => {
  const tokenizer = new Tokenizer('x = )');
  tokenizer.next();
  tokenizer.next();
  assert.throws(() => tokenizer.next(), PySyntaxErrorSignal);
  assert.throws(() => tokenizer.next(), /unmatched/);
});

test('EndMarker repeats at the end', () => {
  const tokenizer = new Tokenizer('x');
  const kinds = Array.from({ length: 5 }, () => tokenizer.next().kind);
  assert.deepEqual(kinds, ['Name', 'Newline', 'EndMarker', 'EndMarker', 'EndMarker']);
});

test('a backslash in the indentation continues the line; its column is the indentation', () => {
  // CPython 3.11: ast.parse puts `y` inside the `if` block here.
  const kinds = tokenizeAll('if 1:\n    x\n\\\n    y\n').map((t) => t.kind);
  assert.deepEqual(kinds, [
    'Name',
    'Number',
    'Op',
    'Newline',
    'Indent',
    'Name',
    'Newline',
    'Name',
    'Newline',
    'Dedent',
    'EndMarker',
  ]);
});

test('carriage returns are universal newlines', () => {
  const kinds = tokenizeAll('if x:\r\n  y\r  z\r\n').map((t) => t.kind + ':' + t.text);
  assert.deepEqual(kinds, [
    'Name:if',
    'Name:x',
    'Op::',
    'Newline:\n',
    'Indent:',
    'Name:y',
    'Newline:\n',
    'Name:z',
    'Newline:\n',
    'Dedent:',
    'EndMarker:',
  ]);
});

test('scanRestForErrors: later tokenizer errors replace a generic syntax error', () => {
  const withBadString = new Tokenizer('x = = 1\ny = "abc\n');
  for (let i = 0; i < 3; i++) withBadString.next();
  assert.equal(withBadString.scanRestForErrors()?.msg, 'unterminated string literal (detected at line 2)');
  const unclosed = new Tokenizer('f(x\ny y\n');
  for (let i = 0; i < 5; i++) unclosed.next();
  assert.equal(unclosed.scanRestForErrors()?.msg, "'(' was never closed");
  // CPython compares with the line of the last token fetched, not the error's line.
  const fetchedFurther = new Tokenizer('x = {a\n= 1\n');
  for (let i = 0; i < 5; i++) fetchedFurther.next();
  assert.equal(fetchedFurther.lastTokenLine, 2);
  assert.equal(fetchedFurther.scanRestForErrors()?.msg, "'{' was never closed");
  const sameLine = new Tokenizer('x = {a = 1\n');
  for (let i = 0; i < 5; i++) sameLine.next();
  assert.equal(sameLine.scanRestForErrors(), undefined);
  const clean = new Tokenizer('x = = 1\ny = 2\n');
  clean.next();
  assert.equal(clean.scanRestForErrors(), undefined);
});

test('identifiers: Unicode letters and combining marks, NFKC for ast ids', () => {
  assert.deepEqual(
    tokenizeAll('ab·c = 𝔘')
      .slice(0, 3)
      .map((t) => t.text),
    ['ab·c', '=', '𝔘'],
  );
  assert.equal(normalizeIdentifier('𝔘'), 'U');
  assert.equal(normalizeIdentifier('ﬁle'), 'file');
  assert.equal(normalizeIdentifier('plain'), 'plain');
});

// Tokenize every stdlib .py file (not site-packages) that decodes as UTF-8: nothing but
// lexical error signals may escape, and only the files CPython itself rejects may fail.
test('stdlib: tokenizes every UTF-8 .py file', (context) => {
  let stdlib: string;
  try {
    stdlib = execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], {
      encoding: 'utf8',
    }).trim();
  } catch {
    context.skip('python3 not available');
    return;
  }
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === 'site-packages' || name === '__pycache__') continue;
      const info = statSync(path, { throwIfNoEntry: false });
      if (info?.isDirectory()) walk(path);
      else if (info?.isFile() && name.endsWith('.py')) files.push(path);
    }
  };
  walk(stdlib);
  const lexicalFailures: string[] = [];
  let decoded = 0;
  for (const file of files) {
    const result = decodeSourceBytes(readFileSync(file));
    if (!result.ok) continue;
    decoded++;
    try {
      tokenizeAll(result.text);
    } catch (error) {
      if (!(error instanceof PySyntaxErrorSignal)) throw error;
      lexicalFailures.push(file.slice(stdlib.length + 1) + ': ' + error.error.msg);
    }
  }
  assert.ok(decoded > 1000, `only ${decoded} files decoded`);
  // CPython 3.11.7 rejects exactly these files for lexical reasons (ast.parse, recorded).
  assert.deepEqual(lexicalFailures.sort(), [
    'lib2to3/tests/data/bom.py: invalid non-printable character U+FEFF',
    'lib2to3/tests/data/py2_test_grammar.py: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
    'test/tokenizedata/bad_coding2.py: invalid non-printable character U+FEFF',
    "test/tokenizedata/badsyntax_3131.py: invalid character '€' (U+20AC)",
  ]);
});
