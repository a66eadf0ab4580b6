// The demo tree in memory, edited one known way at a time, for the diff tests.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../../src/analyze.js';
import type { FeatureMatrix } from '../../src/matrix.js';
import { MemoryTree } from '../../src/tree/memory-tree.js';
import { LATEST_VERSION, type GeneratorVersion } from '../../src/versions/versions.js';

const demo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/demo-vllm');
export const BACKENDS = 'vllm/v1/attention/backends';

function readDemo(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(path.join(demo, 'vllm'), { recursive: true, encoding: 'utf8' })) {
    const file = path.join(demo, 'vllm', name);
    if (fs.statSync(file).isFile())
      files[`vllm/${name.split(path.sep).join('/')}`] = fs.readFileSync(file, 'utf8');
  }
  return files;
}

export const DEMO = readDemo();

/** The demo (or `start`) with text replaced (each `from` must be there) and files added or removed (null). */
export function edited(
  edits: Readonly<Record<string, readonly (readonly [string, string])[]>>,
  files: Readonly<Record<string, string | null>> = {},
  start: Readonly<Record<string, string>> = DEMO,
): Record<string, string> {
  const out = { ...start };
  for (const [file, replacements] of Object.entries(edits)) {
    let text = out[file];
    for (const [from, to] of replacements) {
      assert.ok(text.includes(from), `${file} holds ${JSON.stringify(from)}`);
      text = text.replace(from, to);
    }
    out[file] = text;
  }
  for (const [file, text] of Object.entries(files)) {
    if (text === null) delete out[file];
    else out[file] = text;
  }
  return out;
}

export function matrixOf(
  files: Record<string, string>,
  version: GeneratorVersion = LATEST_VERSION,
): FeatureMatrix {
  return analyze(new MemoryTree(files), { generatorVersion: version });
}
