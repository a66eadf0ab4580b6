// An in-memory tree whose files can change, with a version number as each
// file's stat signature (old enough to be trusted), counting reads per path:
// what the caches see of a disk tree, without the disk's timing.

import { isADirectory, noSuchFile, type ReadResult, type SourceTree } from '../../src/tree/tree.js';

export class VersionedTree implements SourceTree {
  readonly label = '/versioned';
  /** Reads per path since the last resetReads(). */
  readonly reads = new Map<string, number>();
  private readonly files = new Map<string, { bytes: Uint8Array; version: number }>();
  private nextVersion = 1;

  constructor(files: Record<string, string | Uint8Array>) {
    for (const [p, contents] of Object.entries(files)) this.write(p, contents);
  }

  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  text(p: string): string | undefined {
    const f = this.files.get(p);
    return f === undefined ? undefined : new TextDecoder().decode(f.bytes);
  }

  write(p: string, contents: string | Uint8Array): void {
    const bytes = typeof contents === 'string' ? new TextEncoder().encode(contents) : contents;
    this.files.set(p, { bytes, version: this.nextVersion++ });
  }

  remove(p: string): void {
    this.files.delete(p);
  }

  resetReads(): void {
    this.reads.clear();
  }

  totalReads(): number {
    let total = 0;
    for (const n of this.reads.values()) total += n;
    return total;
  }

  displayPath(p: string): string {
    return `${this.label}/${p}`;
  }

  stat(p: string): 'file' | 'directory' | 'missing' {
    if (this.files.has(p)) return 'file';
    return [...this.files.keys()].some((k) => p === '' || k.startsWith(`${p}/`)) ? 'directory' : 'missing';
  }

  readFile(p: string): ReadResult {
    this.reads.set(p, (this.reads.get(p) ?? 0) + 1);
    const f = this.files.get(p);
    if (f !== undefined) return { ok: true, bytes: f.bytes };
    if (this.stat(p) === 'directory') return isADirectory(this.displayPath(p));
    return noSuchFile(this.displayPath(p));
  }

  statSignature(p: string): { signature: string; ageMs: number } | null {
    const f = this.files.get(p);
    return f ? { signature: `v${f.version}`, ageMs: 60_000 } : null;
  }
}
