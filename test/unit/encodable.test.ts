// findUnencodable: the first UTF-16 unit that UTF-8 cannot encode (a surrogate
// not in a high-low pair), as Python's str.encode('utf-8') reports it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { findUnencodable } from '../../src/render/encodable.js';

const CASES = [
  'plain ASCII',
  'é and 😀 (a pair)',
  'a\ud800b',
  'x\ud800',
  '\udc00',
  '\udc00\ud800',
  '😀\udc00',
  '\ud83d\ud83d\ude00',
  '',
];

test('finds the first lone surrogate, as Python reports it', () => {
  // Python sees each UTF-16 unit of these strings as one code point (no astral characters
  // here except by pairs, which JSON transmits as pairs and Python joins).
  const script =
    'import json,sys\n' +
    'for s in json.load(sys.stdin):\n' +
    '    try:\n' +
    '        s.encode("utf-8"); print(-1)\n' +
    '    except UnicodeEncodeError as e:\n' +
    '        print(ord(s[e.start]), len(s[:e.start].encode("utf-16-le", "surrogatepass")) // 2)\n';
  const r = spawnSync('python3', ['-c', script], { input: JSON.stringify(CASES), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const expected = r.stdout.trim().split('\n');
  assert.equal(expected.length, CASES.length);
  CASES.forEach((text, i) => {
    const found = findUnencodable(text);
    const shown = found === null ? '-1' : `${found.codePoint} ${found.index}`;
    assert.equal(shown, expected[i], JSON.stringify(text));
  });
});
