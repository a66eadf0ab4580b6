import { fail, warning } from '../diagnostics.js';
import type { TreePath } from '../tree/tree.js';
import type { ExtractContext } from './context.js';
import { moduleFailureArgs, moduleFailureLine } from './module-failure.js';
import type { ModuleIndex } from './module-index.js';
import { SECTION_FRAMES } from './reference-stack.js';

/**
 * `if not FILE.exists(): return {}` then `try: ast.parse(FILE.read_text())
 * except Exception: return {}`: the module, or null when the section falls
 * back. A failure the reference swallows silently is still reported to our
 * user as a warning.
 */
export function loadSectionFile(
  context: ExtractContext,
  file: TreePath,
  pythonFrames: number = SECTION_FRAMES,
): ModuleIndex | null {
  const kind = context.modules.tree.stat(file);
  if (kind === 'missing') return null;
  // `if not FILE.exists()` runs outside the reference's try: PermissionError there crashes it.
  if (kind === 'denied') fail('path-permission-denied', { path: file }, file);
  if (kind === 'outside') {
    context.warnings.push(warning('path-outside-tree', { path: file }, file));
    return null;
  }
  const loaded = context.modules.load(file, pythonFrames);
  if (!loaded.ok) {
    context.warnings.push(
      warning(
        'section-file-unparsable',
        moduleFailureArgs(loaded.failure),
        file,
        moduleFailureLine(loaded.failure),
      ),
    );
    return null;
  }
  return loaded.module;
}
