// pathlib's joining rules, as far as the reference relies on them, applied to
// tree paths. The reference builds `REPO_ROOT / f"{module_path}.py"`; a module
// path that starts with '/' would make that absolute, and a relative import can
// climb above the root: both lead outside the tree, which we never follow.

import type { TreePath } from './tree.js';

export type JoinedPath =
  | { readonly kind: 'inside'; readonly path: TreePath }
  | { readonly kind: 'outside'; readonly shown: string }
  /** A segment longer than the file system allows: `Path.exists()` raises OSError there. */
  | { readonly kind: 'name-too-long'; readonly shown: string }
  /** An embedded NUL: `Path.exists()` answers False. */
  | { readonly kind: 'invalid' };

const MAX_NAME_BYTES = 255;
const encoder = new TextEncoder();

/** `base / relative` with pathlib's normalisation (empty and '.' segments dropped). */
export function joinTreePath(base: TreePath, relative: string): JoinedPath {
  if (relative.includes('\0')) return { kind: 'invalid' };
  if (relative.startsWith('/')) return { kind: 'outside', shown: relative };
  const segments = base === '' ? [] : base.split('/');
  for (const segment of relative.split('/')) {
    if (segment === '' || segment === '.') continue;
    // A UTF-16 unit is at most 3 UTF-8 bytes: only long segments need measuring.
    if (segment.length * 3 > MAX_NAME_BYTES && encoder.encode(segment).length > MAX_NAME_BYTES)
      return { kind: 'name-too-long', shown: relative };
    if (segment === '..') {
      // pathlib keeps '..' lexically and the OS resolves it; inside the tree that is popping a segment.
      if (segments.length === 0) return { kind: 'outside', shown: relative };
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return { kind: 'inside', path: segments.join('/') };
}

/** `Path.parent`, lexically; the root's parent is outside the tree. */
export function parentTreePath(path: TreePath): TreePath | null {
  if (path === '') return null;
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}
