// get_file_from_class_path and the class name split off a class path, as the
// reference does for both registries (attention backends and, from version 12,
// MLA prefill backends), crashes included.

import { fail } from '../diagnostics.js';
import { pyRsplitOnce } from '../python/str-methods.js';
import { pyTypeName as constantTypeName } from '../python/values.js';
import type { TreePath } from '../tree/tree.js';
import { resolveExisting, type ExtractContext } from './context.js';
import type { RegistryEntry } from './registry.js';

/**
 * get_file_from_class_path: the module file of a registry value, or null when
 * the value is falsy or the file does not exist. A truthy value that is not a
 * str crashes the reference (it calls `rsplit` on it).
 */
export function fileOfClassPath(context: ExtractContext, entry: RegistryEntry): TreePath | null {
  const classPath = entry.value;
  if (!classPath) return null;
  if (typeof classPath !== 'string') {
    fail(
      'class-path-not-string',
      { enum: entry.enumName, backend: entry.name, valueType: constantTypeName(classPath) },
      entry.file,
      entry.line,
    );
  }
  const [modulePart] = pyRsplitOnce(classPath, '.');
  return resolveExisting(context, '', `${modulePart.replaceAll('.', '/')}.py`, {
    whenExistsRaises: 'fail',
    referrer: entry.file,
    line: entry.line,
  });
}

/** `class_path.rsplit(".", 1)[1]`: a dot-less path whose module exists crashes the reference (IndexError). */
export function classNameOfClassPath(entry: RegistryEntry & { readonly value: string }): string {
  const split = pyRsplitOnce(entry.value, '.');
  if (split.length === 1) {
    fail(
      'class-path-without-class',
      { enum: entry.enumName, backend: entry.name, classPath: entry.value },
      entry.file,
      entry.line,
    );
  }
  return split[1];
}
