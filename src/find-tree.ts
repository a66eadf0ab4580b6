// Where the vLLM tree is, for the command line: the nearest folder at or above
// the current one that holds the registry, and, when there is none, whether
// the folder is a vLLM checkout from before the registry (so that the error
// can say so instead of "not found").

import * as fs from 'node:fs';
import * as path from 'node:path';
import { REGISTRY_FILE } from './extract/registry.js';

export type TreeSearch =
  | { readonly kind: 'found'; readonly root: string }
  /** A vLLM checkout without the registry: older than it. */
  | { readonly kind: 'predates-registry'; readonly root: string }
  | { readonly kind: 'none' };

/** The tree at or above `start`: the nearest folder with the registry, else the nearest vLLM checkout. */
export function findTree(start: string): TreeSearch {
  const root = findUpwards(start, (dir) => fs.existsSync(path.join(dir, REGISTRY_FILE)));
  if (root !== null) return { kind: 'found', root };
  const old = findUpwards(start, holdsVllmPackage);
  return old === null ? { kind: 'none' } : { kind: 'predates-registry', root: old };
}

/** `root` (given with --root) is a vLLM checkout without anything at the registry's path. */
export function predatesRegistry(root: string): boolean {
  return !hasEntry(path.join(root, REGISTRY_FILE)) && holdsVllmPackage(root);
}

export function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function findUpwards(start: string, holds: (dir: string) => boolean): string | null {
  let dir = path.resolve(start);
  for (;;) {
    if (holds(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** A `vllm` package: every release has vllm/__init__.py, and those before the registry vllm/attention/. */
function holdsVllmPackage(dir: string): boolean {
  try {
    if (fs.statSync(path.join(dir, 'vllm/__init__.py')).isFile()) return true;
  } catch {
    // no vllm/__init__.py
  }
  return isDirectory(path.join(dir, 'vllm/attention'));
}

/** Something at `file`, even a link that leads nowhere (the analysis then says what is wrong with it). */
function hasEntry(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
