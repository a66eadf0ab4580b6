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
 * `nameTooLong` says what the reference does with an over-long segment:
 * crash ('fail') or, inside a try block, fall back ('missing').
 */
export function resolveExisting(
  context: ExtractContext,
  base: TreePath,
  relative: string,
  options: { nameTooLong: 'fail' | 'missing'; referrer: TreePath },
): TreePath | null {
  const joined = joinTreePath(base, relative);
  switch (joined.kind) {
    case 'invalid':
      return null;
    case 'name-too-long':
      if (options.nameTooLong === 'fail')
        fail('path-name-too-long', { path: joined.shown }, options.referrer);
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
      return kind === 'missing' ? null : joined.path;
    }
  }
}
