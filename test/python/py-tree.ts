// Test helper: trees built by CPython's own ast.parse, converted to our node shape by
// `scripts/py-dump.py tree`, so dump/walk can be checked without our parser.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Node } from '../../src/python/ast.js';
import { ELLIPSIS, type PyConstant } from '../../src/python/values.js';

const PY_DUMP = fileURLToPath(new URL('../../scripts/py-dump.py', import.meta.url));

export interface PythonTree {
  path: string;
  tree: Node;
  /** Class names in ast.walk order. */
  walk: string[];
  /** For each node in ast.walk order, the class names of ast.iter_child_nodes(node). */
  children: string[][];
  /** ast.dump(tree). */
  dump: string;
}

function decodeFloat(text: string): number {
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  if (text === 'nan') return NaN;
  return Number(text);
}

function decodeConstant(value: unknown): PyConstant {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  const tagged = value as Record<string, unknown>;
  if ('int' in tagged) return BigInt(tagged.int as string);
  if ('float' in tagged) return decodeFloat(tagged.float as string);
  if ('complex' in tagged) {
    const [real, imag] = tagged.complex as string[];
    return { pyType: 'complex', real: decodeFloat(real), imag: decodeFloat(imag) };
  }
  if ('bytes' in tagged) return { pyType: 'bytes', bytes: Uint8Array.from(tagged.bytes as number[]) };
  if ('ellipsis' in tagged) return ELLIPSIS;
  throw new Error(`unknown constant encoding ${JSON.stringify(value)}`);
}

/** Rewrites the JSON tree in place: constants become PyConstant values. */
function reviveConstants(root: Record<string, unknown>): Node {
  const pending: Record<string, unknown>[] = [root];
  while (pending.length > 0) {
    const node = pending.pop() as Record<string, unknown>;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'value' && (node._type === 'Constant' || node._type === 'MatchSingleton')) {
        node[key] = decodeConstant(value);
      } else if (Array.isArray(value)) {
        for (const item of value) if (item !== null && typeof item === 'object') pending.push(item);
      } else if (value !== null && typeof value === 'object') {
        pending.push(value as Record<string, unknown>);
      }
    }
  }
  return root as unknown as Node;
}

/** Parses each file with CPython and returns its tree in our shape, plus CPython's walk and dump. */
export function pythonTrees(paths: string[]): PythonTree[] {
  const result = spawnSync('python3', [PY_DUMP, 'tree', ...paths], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`py-dump.py tree failed: ${result.stderr}`);
  return result.stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const record = JSON.parse(line) as PythonTree & { tree: Record<string, unknown> };
      return { ...record, tree: reviveConstants(record.tree) };
    });
}
