// Test helper: run python3 (the CPython 3.11 oracle) once on a batch of inputs.
// Values cross the process boundary as exact Python expressions built from code points
// and float bit patterns, so nothing is lost to JSON or UTF-8 (lone surrogates included).

import { spawnSync } from 'node:child_process';
import type { PyConstant } from '../../src/python/values.js';

const PRELUDE = `
import json, struct, sys
def f(bits): return struct.unpack('<d', int(bits).to_bytes(8, 'little'))[0]
def s(cps): return ''.join(map(chr, cps))
def cps(text): return [ord(c) for c in text]
`;

/** A Python expression that evaluates to exactly this constant. */
export function pyLiteral(value: PyConstant): string {
  if (value === null) return 'None';
  switch (typeof value) {
    case 'boolean':
      return value ? 'True' : 'False';
    case 'bigint':
      return `(${value.toString()})`;
    case 'number':
      return floatLiteral(value);
    case 'string':
      return `s([${Array.from(codePoints(value)).join(',')}])`;
    default:
      break;
  }
  switch (value.pyType) {
    case 'bytes':
      return `bytes([${Array.from(value.bytes).join(',')}])`;
    case 'complex':
      return `complex(${floatLiteral(value.real)}, ${floatLiteral(value.imag)})`;
    case 'ellipsis':
      return '...';
  }
}

function floatLiteral(x: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x, true);
  return `f(${view.getBigUint64(0, true).toString()})`;
}

/** Code points of a JS string, lone surrogates as themselves. */
export function* codePoints(text: string): Generator<number> {
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i) as number;
    yield cp;
    i += cp > 0xffff ? 2 : 1;
  }
}

/** Decode the `cps(...)` lists the Python side prints back into a JS string. */
export function fromCodePoints(list: number[]): string {
  let out = '';
  for (const cp of list) out += String.fromCodePoint(cp);
  return out;
}

/**
 * Runs `body` (Python statements) after the prelude; the script must print one JSON document.
 * Returns the parsed JSON.
 */
export function runPython(body: string): unknown {
  const result = spawnSync('python3', ['-c', PRELUDE + body], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}
