// What the page carries of the tree for its explain panel: every file, path
// and answer explain got from the tree over the sweep of setups. The sweep
// already reads the Python files as the page will hold them (without comments
// and docstring texts), so that the page's engine asks exactly what the
// sweep's asked; scripts/check-page-sources.ts compares the page's answers
// with explain's on the whole tree.

import type { ReadResult, SourceTree, TreePath } from '../tree/tree.js';
import { RecordingSourceTree, type TreeRecord } from './embedded-tree.js';
import { runExplain, sweepInputs } from './engine.js';
import { strippedSource } from './strip-source.js';

/** The tree with its Python files stripped (each stripped once: the same bytes on every read). */
class StrippedTree implements SourceTree {
  private readonly stripped = new Map<TreePath, ReadResult>();

  constructor(private readonly inner: SourceTree) {}

  get label(): string {
    return this.inner.label;
  }

  stat(path: TreePath): ReturnType<SourceTree['stat']> {
    return this.inner.stat(path);
  }

  displayPath(path: TreePath): string {
    return this.inner.displayPath(path);
  }

  readFile(path: TreePath): ReadResult {
    let read = this.stripped.get(path);
    if (read === undefined) {
      read = this.inner.readFile(path);
      if (read.ok && path.endsWith('.py')) read = { ok: true, bytes: strippedSource(read.bytes) };
      this.stripped.set(path, read);
    }
    return read;
  }
}

export function explainRecord(
  tree: SourceTree,
  offered: { readonly backends: readonly string[] },
): TreeRecord {
  const recorder = new RecordingSourceTree(new StrippedTree(tree));
  for (const inputs of sweepInputs(offered)) {
    try {
      runExplain(recorder, inputs);
    } catch {
      // A failure of the engine itself: the page meets it again for this setup and says so.
    }
  }
  return recorder.record();
}
