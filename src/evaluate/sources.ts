// Parsed modules by path, shared by every interpreter that evaluates the same
// tree (explain evaluates it several times over, once per world it tries).

import type { Module } from '../python/ast.js';
import type { PySyntaxError } from '../python/errors.js';
import { parseModule, parseModuleBytes } from '../python/parse.js';
import type { SourceTree } from '../tree/tree.js';

export type ParsedSource =
  { readonly ok: true; readonly module: Module } | { readonly ok: false; readonly error: PySyntaxError };

export class SourceCache {
  private readonly parsed = new Map<string, ParsedSource | null>();
  private readonly kinds = new Map<string, string>();
  private readonly derived = new Map<string, unknown>();

  constructor(readonly tree: SourceTree) {}

  /** The tree file at `path`, parsed; null when it is not a readable file. */
  treeModule(path: string): ParsedSource | null {
    let result = this.parsed.get(path);
    if (result === undefined) {
      const read = this.tree.readFile(path);
      result = read.ok ? parseModuleBytes(read.bytes) : null;
      this.parsed.set(path, result);
    }
    return result;
  }

  /** A tree file's text (UTF-8), or null when it cannot be read. */
  text(path: string): string | null {
    const read = this.tree.readFile(path);
    return read.ok ? new TextDecoder().decode(read.bytes) : null;
  }

  /**
   * Something computed from a tree file alone (its module-level imports, say),
   * once per tree: every world explain tries asks again, and the answer is the same.
   */
  fromFile<T>(kind: string, path: string, compute: (text: string | null) => T): T {
    const key = `${kind}\0${path}`;
    if (this.derived.has(key)) return this.derived.get(key) as T;
    const value = compute(this.text(path));
    this.derived.set(key, value);
    return value;
  }

  /** Source text the host supplies (a world module), parsed once per key. */
  hostModule(key: string, source: string): ParsedSource {
    const cacheKey = `\0host:${key}`;
    let result = this.parsed.get(cacheKey);
    if (result === undefined || result === null) {
      result = parseModule(source);
      this.parsed.set(cacheKey, result);
    }
    return result;
  }

  /** What is at `path` in the tree (asked once per path: imports ask often). */
  stat(path: string): string {
    let kind = this.kinds.get(path);
    if (kind === undefined) {
      kind = this.tree.stat(path);
      this.kinds.set(path, kind);
    }
    return kind;
  }

  isFile(path: string): boolean {
    return this.stat(path) === 'file';
  }

  isDirectory(path: string): boolean {
    return this.stat(path) === 'directory';
  }
}
