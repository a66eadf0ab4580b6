// What the tree-reading extractors share: the module cache and the warning list.

import { fail, warning, type WarningDiagnostic } from '../diagnostics.js';
import { joinTreePath } from '../tree/module-path.js';
import type { TreePath } from '../tree/tree.js';
import type { ModuleCache } from './modules.js';
import type { RuleName } from '../versions/versions.js';

export interface ExtractContext {
  readonly modules: ModuleCache;
  readonly warnings: WarningDiagnostic[];
  /** The rules of the generator version being followed. */
  readonly rules: ReadonlySet<RuleName>;
}

/**
 * `(base / relative).exists()` as the reference asks it, confined to the tree:
 * a path leading outside is reported once as a warning and treated as missing.
 * `whenExistsRaises` says what the reference does where exists() raises (an
 * over-long segment, a folder it may not search): crash ('fail') or, inside a
 * try block, fall back ('missing').
 */
export function resolveExisting(
  context: ExtractContext,
  base: TreePath,
  relative: string,
  options: { whenExistsRaises: 'fail' | 'missing'; referrer: TreePath; line?: number },
): TreePath | null {
  const joined = joinTreePath(base, relative);
  switch (joined.kind) {
    case 'invalid':
      return null;
    case 'name-too-long':
      if (options.whenExistsRaises === 'fail')
        fail('path-name-too-long', { path: joined.shown }, options.referrer, options.line ?? null);
      return null;
    case 'outside':
      context.warnings.push(warning('path-outside-tree', { path: joined.shown }, options.referrer));
      return null;
    case 'inside': {
      const kind = context.modules.tree.stat(joined.path);
      if (kind === 'outside') {
        context.warnings.push(warning('path-outside-tree', { path: joined.path }, options.referrer));
        return null;
      }
      if (kind === 'denied') {
        if (options.whenExistsRaises === 'fail')
          fail('path-permission-denied', { path: joined.path }, options.referrer, options.line ?? null);
        return null;
      }
      return kind === 'missing' ? null : joined.path;
    }
  }
}
