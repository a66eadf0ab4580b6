import {
  isADirectory,
  noSuchFile,
  type EntryKind,
  type ReadResult,
  type SourceTree,
  type TreePath,
} from './tree.js';

const encoder = new TextEncoder();

/** A tree held in memory: path -> contents. Folders exist implicitly. */
export class MemoryTree implements SourceTree {
  readonly label: string;
  private readonly files = new Map<TreePath, Uint8Array>();
  private readonly directories = new Set<TreePath>(['']);

  constructor(files: Record<TreePath, string | Uint8Array>, label = '/memory') {
    this.label = label;
    for (const [name, contents] of Object.entries(files)) {
      this.files.set(name, typeof contents === 'string' ? encoder.encode(contents) : contents);
      const parts = name.split('/');
      for (let i = 1; i < parts.length; i++) this.directories.add(parts.slice(0, i).join('/'));
    }
  }

  displayPath(treePath: TreePath): string {
    return treePath === '' ? this.label : `${this.label}/${treePath}`;
  }

  stat(treePath: TreePath): EntryKind {
    if (this.files.has(treePath)) return 'file';
    return this.directories.has(treePath) ? 'directory' : 'missing';
  }

  readFile(treePath: TreePath): ReadResult {
    const bytes = this.files.get(treePath);
    if (bytes !== undefined) return { ok: true, bytes };
    if (this.directories.has(treePath)) return isADirectory(this.displayPath(treePath));
    return noSuchFile(this.displayPath(treePath));
  }
}
