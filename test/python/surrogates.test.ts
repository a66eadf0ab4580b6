// Escape-made surrogates in str literals. In Python '\ud834\udd1e' is two lone code
// points; the JS string holding it is indistinguishable from the real astral '𝄞'. The
// parser keeps the Python code points on such Constants (non-enumerable), and dump
// prints them like CPython. Expected dumps below were recorded from python3 3.11.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { Constant, ExprNode, JoinedStr } from '../../src/python/ast.js';
import { dump } from '../../src/python/dump.js';
import { decodeStrBody, pythonCodePoints } from '../../src/python/literals.js';
import { parseModule } from '../../src/python/parse.js';
import { pyRepr, pyReprCodePoints, strCodePoints } from '../../src/python/values.js';

function parseExpr(source: string): ExprNode {
  const result = parseModule(source);
  if (!result.ok) throw new Error(`${source}: ${result.error.msg}`);
  const stmt = result.module.body[0];
  assert.equal(stmt._type, 'Expr');
  return stmt.value;
}

/** [source, ast.dump(ast.parse(source).body[0].value)] as python3 3.11 prints them. */
const RECORDED: readonly (readonly [string, string])[] = [
  // the plain pair
  [String.raw`'\ud834\udd1e'`, String.raw`Constant(value='\ud834\udd1e')`],
  [String.raw`u'\ud834\udd1e'`, String.raw`Constant(value='\ud834\udd1e', kind='u')`],
  [String.raw`'\'\ud834\udd1e"'`, String.raw`Constant(value='\'\ud834\udd1e"')`],
  [String.raw`"'\ud834\udd1e"`, String.raw`Constant(value="'\ud834\udd1e")`],
  // the pair across implicit concatenation, and \U escapes of surrogates
  [String.raw`'\ud834' '\udd1e'`, String.raw`Constant(value='\ud834\udd1e')`],
  [String.raw`'\ud834' '\U0000dd1e'`, String.raw`Constant(value='\ud834\udd1e')`],
  [String.raw`'\ud834\udd1e' 'x'`, String.raw`Constant(value='\ud834\udd1ex')`],
  // one real astral character (from source or from an escape) next to escaped surrogates
  ["'\\ud834\u{1d11e}\\udd1e'", "Constant(value='\\ud834\u{1d11e}\\udd1e')"],
  [String.raw`'\ud834\U0001d11e\udd1e'`, "Constant(value='\\ud834\u{1d11e}\\udd1e')"],
  ["'\u{1d11e}\\udd1e'", "Constant(value='\u{1d11e}\\udd1e')"],
  [String.raw`'\U0001d11e'`, "Constant(value='\u{1d11e}')"],
  ["'\u{1d11e}'", "Constant(value='\u{1d11e}')"],
  // lone surrogates (no pair forms)
  [String.raw`'\ud800'`, String.raw`Constant(value='\ud800')`],
  [String.raw`'\udfff\ud800'`, String.raw`Constant(value='\udfff\ud800')`],
  [String.raw`'x\udd1e\ud834y'`, String.raw`Constant(value='x\udd1e\ud834y')`],
  // bytes and raw strings are not decoded as \u escapes
  [String.raw`b'\ud834\udd1e'`, String.raw`Constant(value=b'\\ud834\\udd1e')`],
  [String.raw`rb'\ud834' b'\udd1e'`, String.raw`Constant(value=b'\\ud834\\udd1e')`],
  [String.raw`r'\ud834\udd1e'`, String.raw`Constant(value='\\ud834\\udd1e')`],
  // f-strings: 3.11 concatenates the decoded literal pieces, code points stay apart
  [
    String.raw`f'\ud834\udd1e{x}'`,
    String.raw`JoinedStr(values=[Constant(value='\ud834\udd1e'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])`,
  ],
  [
    String.raw`f'\ud834{x}\udd1e'`,
    String.raw`JoinedStr(values=[Constant(value='\ud834'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1), Constant(value='\udd1e')])`,
  ],
  [
    String.raw`'\ud834' f'\udd1e{x}'`,
    String.raw`JoinedStr(values=[Constant(value='\ud834\udd1e'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])`,
  ],
  [String.raw`f'\ud834' '\udd1e'`, String.raw`JoinedStr(values=[Constant(value='\ud834\udd1e')])`],
  [
    String.raw`f'{x:\ud834\udd1e}'`,
    String.raw`JoinedStr(values=[FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1, format_spec=JoinedStr(values=[Constant(value='\ud834\udd1e')]))])`,
  ],
  [
    String.raw`f'{x=}\ud834' '\udd1e'`,
    String.raw`JoinedStr(values=[Constant(value='x='), FormattedValue(value=Name(id='x', ctx=Load()), conversion=114), Constant(value='\ud834\udd1e')])`,
  ],
  [String.raw`f'\ud834{{\udd1e'`, String.raw`JoinedStr(values=[Constant(value='\ud834{\udd1e')])`],
  [
    String.raw`f'\ud834\\{x}'`,
    String.raw`JoinedStr(values=[Constant(value='\ud834\\'), FormattedValue(value=Name(id='x', ctx=Load()), conversion=-1)])`,
  ],
];

describe('escape-made surrogates dump like CPython 3.11', () => {
  for (const [source, expected] of RECORDED) {
    it(source, () => assert.equal(dump(parseExpr(source)), expected));
  }

  it('inside a match pattern and a dict display', () => {
    const result = parseModule("match x:\n case '\\ud834\\udd1e': d = {'\\ud834' '\\udd1e': 1}");
    assert.ok(result.ok);
    assert.equal(
      dump(result.module),
      String.raw`Module(body=[Match(subject=Name(id='x', ctx=Load()), cases=[match_case(pattern=MatchValue(value=Constant(value='\ud834\udd1e')), body=[Assign(targets=[Name(id='d', ctx=Store())], value=Dict(keys=[Constant(value='\ud834\udd1e')], values=[Constant(value=1)]))])])], type_ignores=[])`,
    );
  });
});

describe('the public representation stays a plain JS string', () => {
  it('the value is the UTF-16 string; the code points are a non-enumerable extra', () => {
    const node = parseExpr(String.raw`'\ud834\udd1e'`) as Constant;
    assert.equal(node.value, '\ud834\udd1e');
    assert.deepEqual(strCodePoints(node), [0xd834, 0xdd1e]);
    assert.ok(!Object.keys(node).includes('pyCodePoints'));
    assert.equal(JSON.stringify(node).includes('pyCodePoints'), false);
    // deepEqual sees only the plain fields, the same as for the real astral character.
    assert.deepEqual(node, {
      _type: 'Constant',
      value: '\u{1d11e}',
      kind: null,
      lineno: 1,
      col_offset: 0,
      end_lineno: 1,
      end_col_offset: 14,
    });
  });

  it('only misread strings carry code points', () => {
    for (const source of ["'\u{1d11e}'", String.raw`'\ud800'`, String.raw`'\udfff\ud800'`, "'abc'"]) {
      assert.equal(strCodePoints(parseExpr(source)), undefined, source);
    }
    const joined = parseExpr(String.raw`f'\ud834\udd1e{x}\ud834'`) as JoinedStr;
    assert.deepEqual(strCodePoints(joined.values[0]), [0xd834, 0xdd1e]);
    assert.equal(strCodePoints(joined.values[2]), undefined);
  });

  it('pyRepr of the JS string still reads it as the astral character', () => {
    assert.equal(pyRepr('\ud834\udd1e'), "'\u{1d11e}'");
    assert.equal(pyReprCodePoints([0xd834, 0xdd1e]), String.raw`'\ud834\udd1e'`);
    assert.equal(pyReprCodePoints([0x27, 0xd834]), String.raw`"'\ud834"`);
    assert.equal(pyReprCodePoints([0x27, 0x22, 0x1d11e]), "'\\'\"\u{1d11e}'");
  });
});

describe('decodeStrBody / pythonCodePoints', () => {
  it('reports escape-made surrogates by UTF-16 index', () => {
    assert.deepEqual(decodeStrBody(String.raw`a\ud834\U0001d11e\udd1e`, { raw: false }), {
      text: 'a\ud834\u{1d11e}\udd1e',
      escapedSurrogates: [1, 4],
    });
    assert.deepEqual(decodeStrBody(String.raw`\ud834`, { raw: true }), {
      text: String.raw`\ud834`,
      escapedSurrogates: null,
    });
    assert.deepEqual(decodeStrBody('\u{1d11e}\\n', { raw: false }), {
      text: '\u{1d11e}\n',
      escapedSurrogates: null,
    });
  });

  it('gives code points only when JS would pair escape-made halves', () => {
    assert.equal(pythonCodePoints('\ud834\u{1d11e}\udd1e', [0, 3]), null);
    assert.deepEqual(pythonCodePoints('x\ud834\udd1e\u{1d11e}', [1, 2]), [0x78, 0xd834, 0xdd1e, 0x1d11e]);
  });
});

describe('random mixes of escaped surrogates, astral characters and f-strings (python3 oracle)', () => {
  const PIECES = [
    '\\ud834',
    '\\udd1e',
    '\\U0000d800',
    '\\udfff',
    '\u{1d11e}',
    '\\U0001f600',
    'a',
    "\\'",
    '"',
    '\\\\',
  ];
  const PREFIXES = ['', 'u', 'f', 'r'];
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const sources: string[] = [];
  for (let k = 0; k < 300; k++) {
    const tokens: string[] = [];
    const tokenCount = 1 + next(3);
    for (let t = 0; t < tokenCount; t++) {
      const prefix = PREFIXES[next(PREFIXES.length)];
      let body = '';
      const pieceCount = next(5);
      for (let q = 0; q < pieceCount; q++) {
        body += prefix === 'f' && next(4) === 0 ? '{x}' : PIECES[next(PIECES.length)];
      }
      if (prefix === 'r' && body.endsWith('\\')) body += 'a';
      tokens.push(`${prefix}'${body}'`);
    }
    sources.push(tokens.join(' '));
  }

  it('dumps match', () => {
    const script =
      'import ast, json, sys\n' +
      'out = []\n' +
      'for s in json.load(sys.stdin):\n' +
      '    try: out.append(ast.dump(ast.parse(s).body[0].value))\n' +
      '    except SyntaxError as e: out.append("SyntaxError: " + e.msg)\n' +
      'print(json.dumps(out))\n';
    const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(sources), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const expected = JSON.parse(run.stdout) as string[];
    let surrogateDumps = 0;
    sources.forEach((source, i) => {
      const result = parseModule(source);
      const ours =
        result.ok && result.module.body[0]._type === 'Expr'
          ? dump(result.module.body[0].value)
          : `SyntaxError: ${result.ok ? '?' : result.error.msg}`;
      assert.equal(ours, expected[i], source);
      if (/\\ud[89a-f]/.test(expected[i])) surrogateDumps++;
    });
    assert.ok(surrogateDumps > 50, `only ${surrogateDumps} dumps with surrogates`);
  });
});
