// Extractors run on small trees written here, through the same context the analysis uses.

import type { WarningDiagnostic } from '../../src/diagnostics.js';
import type { ExtractContext } from '../../src/extract/context.js';
import { fullParseIndexer, ModuleCache } from '../../src/extract/modules.js';
import type { ModuleIndex } from '../../src/extract/module-index.js';
import { SECTION_FRAMES } from '../../src/extract/reference-stack.js';
import type { ClassDef } from '../../src/python/ast.js';
import { MemoryTree } from '../../src/tree/memory-tree.js';
import { SEED_VERSION, type GeneratorVersion } from '../../src/versions/versions.js';

/**
 * A context over files given as text, following a generator version (the
 * seed's by default); warnings are collected in `warnings`.
 */
export function contextOf(
  files: Record<string, string>,
  version: GeneratorVersion = SEED_VERSION,
): ExtractContext & { warnings: WarningDiagnostic[] } {
  const tree = new MemoryTree(files);
  const warnings: WarningDiagnostic[] = [];
  return { modules: new ModuleCache(tree, fullParseIndexer(), warnings), warnings, rules: version.rules };
}

/** Python source from lines (keeps the tests' indentation readable). */
export function py(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** The module at `file`, which must parse. */
export function moduleOf(context: ExtractContext, file: string): ModuleIndex {
  const loaded = context.modules.load(file, SECTION_FRAMES);
  if (!loaded.ok) throw new Error(`${file} does not parse`);
  return loaded.module;
}

/** The first class of that name in a one-file tree. */
export function classOf(source: string, name: string): ClassDef {
  const context = contextOf({ 'm.py': source });
  const node = moduleOf(context, 'm.py').firstClassNamed(name);
  if (node === null) throw new Error(`no class ${name}`);
  return node;
}
