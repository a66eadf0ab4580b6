// read_text() semantics; messages recorded from CPython 3.11.7 (bytes.decode('utf-8')).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSourceBytes } from '../../src/python/source.js';

const DECODE_ERRORS: [number[], string][] = [
  [[0xff], "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"],
  [[0x61, 0x80], "'utf-8' codec can't decode byte 0x80 in position 1: invalid start byte"],
  [[0xc0, 0x80], "'utf-8' codec can't decode byte 0xc0 in position 0: invalid start byte"],
  [[0xc1, 0xbf], "'utf-8' codec can't decode byte 0xc1 in position 0: invalid start byte"],
  [[0xc2], "'utf-8' codec can't decode byte 0xc2 in position 0: unexpected end of data"],
  [[0xc2, 0x78], "'utf-8' codec can't decode byte 0xc2 in position 0: invalid continuation byte"],
  [[0xe4, 0xb8], "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"],
  [[0xe4, 0xb8, 0x78], "'utf-8' codec can't decode bytes in position 0-1: invalid continuation byte"],
  [[0xe4, 0x78], "'utf-8' codec can't decode byte 0xe4 in position 0: invalid continuation byte"],
  [[0xed, 0xa0, 0x80], "'utf-8' codec can't decode byte 0xed in position 0: invalid continuation byte"],
  [[0xe0, 0x80, 0x80], "'utf-8' codec can't decode byte 0xe0 in position 0: invalid continuation byte"],
  [[0xf0, 0x80, 0x80, 0x80], "'utf-8' codec can't decode byte 0xf0 in position 0: invalid continuation byte"],
  [[0xf0, 0x90], "'utf-8' codec can't decode bytes in position 0-1: unexpected end of data"],
  [[0xf0, 0x90, 0x80], "'utf-8' codec can't decode bytes in position 0-2: unexpected end of data"],
  [[0xf0, 0x90, 0x80, 0x78], "'utf-8' codec can't decode bytes in position 0-2: invalid continuation byte"],
  [[0xf4, 0x90, 0x80, 0x80], "'utf-8' codec can't decode byte 0xf4 in position 0: invalid continuation byte"],
  [[0xf5], "'utf-8' codec can't decode byte 0xf5 in position 0: invalid start byte"],
  [[0xe0], "'utf-8' codec can't decode byte 0xe0 in position 0: unexpected end of data"],
  [[0xf0, 0x80], "'utf-8' codec can't decode byte 0xf0 in position 0: invalid continuation byte"],
];

test("UTF-8 errors carry Python's messages and byte positions", () => {
  for (const [bytes, message] of DECODE_ERRORS) {
    const result = decodeSourceBytes(Uint8Array.from(bytes));
    assert.equal(result.ok, false, message);
    if (!result.ok) {
      assert.equal(result.error.kind, 'UnicodeDecodeError');
      assert.equal(result.error.msg, message);
    }
  }
});

test('the line of a decode error is the line of the bad byte', () => {
  const result = decodeSourceBytes(Uint8Array.from([0x61, 0x0a, 0x62, 0x0a, 0xff]));
  assert.ok(!result.ok && result.error.lineno === 3 && result.error.msg.includes('position 4'));
  const mixed = decodeSourceBytes(Uint8Array.from([0x61, 0x0d, 0x0a, 0x62, 0x0d, 0x63, 0x0d, 0xff]));
  assert.ok(!mixed.ok && mixed.error.lineno === 4 && mixed.error.msg.includes('position 7'));
});

test('BOM is kept and newlines are universal', () => {
  const result = decodeSourceBytes(
    Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a, 0x62, 0x0d, 0x63, 0xc3, 0xa9]),
  );
  assert.deepEqual(result, { ok: true, text: '\ufeffa\nb\ncé' });
});
