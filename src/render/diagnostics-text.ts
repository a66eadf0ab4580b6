// Diagnostics to English, at the edge. The backend warning keeps the
// reference's exact wording.

import type { CacheNotice } from '../cache/cache-dir.js';
import type { Diagnostic } from '../diagnostics.js';

export interface DiagnosticTextOptions {
  /** Turns a tree path into the path shown (the reference shows absolute paths). */
  readonly showPath: (treePath: string) => string;
}

function where(d: Diagnostic, options: DiagnosticTextOptions): string {
  if (d.file === null) return '';
  // CPython reports some errors at line 0 (null bytes, recursion limits): that is "no line".
  return d.line !== null && d.line > 0 ? `${options.showPath(d.file)}:${d.line}` : options.showPath(d.file);
}

export function diagnosticText(d: Diagnostic, options: DiagnosticTextOptions): string {
  const a = d.args;
  switch (d.code) {
    case 'backend-file-unparsable':
      return `  Warning: Could not parse ${d.file === null ? '' : options.showPath(d.file)}: ${a.reason}`;
    case 'section-file-unparsable':
      return `  Warning: Could not parse ${where(d, options)}: ${a.reason} (its section falls back, as in the reference)`;
    case 'parent-file-unparsable':
      return `  Warning: Could not parse ${where(d, options)} while looking for base class ${a.className}: ${a.reason}`;
    case 'python-syntax-warning':
      // As CPython's warnings module prints it for ast.parse (filename '<unknown>').
      return `<unknown>:${d.line ?? 0}: SyntaxWarning: ${a.message}`;
    case 'path-outside-tree':
      return `  Warning: ${where(d, options)}: not following '${a.path}': it leads outside the tree (treated as missing)`;
    case 'registry-unreadable':
      return `error: cannot read ${where(d, options)}: ${a.reason}`;
    case 'registry-unparsable':
      return `error: cannot parse ${where(d, options)}: ${a.reason}`;
    case 'class-path-not-string':
      return `error: ${where(d, options)}: AttentionBackendEnum.${a.backend} is a ${a.valueType}, not a class path string`;
    case 'class-path-without-class':
      return `error: ${where(d, options)}: AttentionBackendEnum.${a.backend} = '${a.classPath}' names a module but no class (no '.')`;
    case 'python-exception':
      return `error: ${where(d, options)}: ${a.backend ? `${a.backend}: ` : ''}the reference script raises ${a.exception} here: ${a.message}`;
    case 'path-name-too-long':
      return `error: ${where(d, options)}: file name too long: '${a.path}'`;
    case 'path-permission-denied':
      return `error: ${where(d, options)}: permission denied: '${options.showPath(String(a.path))}' (a folder on the way cannot be searched; the reference raises PermissionError)`;
    default:
      return `${d.severity}: ${where(d, options)}: ${d.code}`;
  }
}

const UNSAFE_CACHE: Readonly<Record<CacheNotice['reason'], string>> = {
  'symbolic-link': 'it is a symbolic link',
  'not-a-directory': 'it is not a folder',
  'not-owned': 'it belongs to another user',
  'writable-by-others': 'other users can write to it',
};

/** The CLI's one line when it runs without its cache because the folder is not safe. */
export function cacheNoticeText(notice: CacheNotice): string {
  return `note: not using the cache in ${notice.dir}: ${UNSAFE_CACHE[notice.reason]}; running without it`;
}
