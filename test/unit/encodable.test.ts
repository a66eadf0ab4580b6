// findUnencodable: the first UTF-16 unit that UTF-8 cannot encode (a surrogate
// not in a high-low pair), as Python's str.encode('utf-8') reports it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findUnencodable } from '../../src/render/encodable.js';
import { pyLiteral, runPython } from '../python/py-oracle.js';

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
  // Python's error position counts code points; ours counts UTF-16 units, as JS indexes strings.
  const expected = runPython(
    `out = []\n` +
      `for t in [${CASES.map(pyLiteral).join(', ')}]:\n` +
      `    try:\n` +
      `        t.encode('utf-8'); out.append(None)\n` +
      `    except UnicodeEncodeError as e:\n` +
      `        out.append([ord(t[e.start]), len(t[:e.start].encode('utf-16-le', 'surrogatepass')) // 2])\n` +
      `print(json.dumps(out))\n`,
  ) as ([number, number] | null)[];
  assert.equal(expected.length, CASES.length);
  CASES.forEach((text, i) => {
    const found = findUnencodable(text);
    assert.deepEqual(
      found === null ? null : [found.codePoint, found.index],
      expected[i],
      JSON.stringify(text),
    );
  });
});
