// Reading a source file the way `Path.read_text()` does: strict UTF-8 and
// universal newlines (\r\n and lone \r become \n). A BOM is kept as U+FEFF,
// exactly like read_text(); `ast.parse` then rejects it as a non-printable character.

import { Buffer, isUtf8 } from 'node:buffer';
import type { PySyntaxError } from './errors.js';

export type DecodeResult = { ok: true; text: string } | { ok: false; error: PySyntaxError };

export function decodeSourceBytes(bytes: Uint8Array): DecodeResult {
  // isUtf8 (simdutf) accepts exactly strict UTF-8 (no surrogates, no overlongs),
  // as Python's codec does; Buffer's decoder is then fast and keeps a BOM as
  // U+FEFF like read_text(). Node's fatal TextDecoder is several times slower.
  if (!isUtf8(bytes)) return { ok: false, error: describeUtf8Error(bytes) };
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  return { ok: true, text: translateNewlines(text) };
}

/** Universal newlines: \r\n and lone \r become \n. */
export function translateNewlines(text: string): string {
  if (text.indexOf('\r') < 0) return text;
  return text.replace(/\r\n?/g, '\n');
}

/** The first UTF-8 error, with the message `str(UnicodeDecodeError)` gives for Python's 'utf-8' codec. */
function describeUtf8Error(bytes: Uint8Array): PySyntaxError {
  const length = bytes.length;
  let lineno = 1;
  let index = 0;
  while (index < length) {
    const lead = bytes[index];
    if (lead < 0x80) {
      // Universal newlines: \n, \r\n and a lone \r each end a line.
      if (lead === 0x0a || (lead === 0x0d && bytes[index + 1] !== 0x0a)) lineno++;
      index++;
      continue;
    }
    let needed: number;
    let secondLow = 0x80;
    let secondHigh = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      needed = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      needed = 2;
      if (lead === 0xe0) secondLow = 0xa0;
      else if (lead === 0xed) secondHigh = 0x9f; // surrogates are not valid UTF-8
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      needed = 3;
      if (lead === 0xf0) secondLow = 0x90;
      else if (lead === 0xf4) secondHigh = 0x8f;
    } else {
      return decodeError(bytes, index, index + 1, 'invalid start byte', lineno);
    }
    for (let i = 1; i <= needed; i++) {
      if (index + i >= length) return decodeError(bytes, index, index + i, 'unexpected end of data', lineno);
      const byte = bytes[index + i];
      const low = i === 1 ? secondLow : 0x80;
      const high = i === 1 ? secondHigh : 0xbf;
      if (byte < low || byte > high)
        return decodeError(bytes, index, index + i, 'invalid continuation byte', lineno);
    }
    index += needed + 1;
  }
  // TextDecoder rejected something the scan accepts: should not happen; report like Python would at the end.
  return decodeError(bytes, Math.max(0, length - 1), length, 'unexpected end of data', lineno);
}

function decodeError(
  bytes: Uint8Array,
  start: number,
  end: number,
  reason: string,
  lineno: number,
): PySyntaxError {
  const where =
    end - start === 1
      ? `byte 0x${bytes[start].toString(16).padStart(2, '0')} in position ${start}`
      : `bytes in position ${start}-${end - 1}`;
  return {
    kind: 'UnicodeDecodeError',
    msg: `'utf-8' codec can't decode ${where}: ${reason}`,
    lineno,
    offset: 0,
  };
}
