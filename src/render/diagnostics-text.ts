// Diagnostics to English, at the edge. The backend warning keeps the
// reference's exact wording (Python's exception text included); our own
// messages say what went wrong in plain words.

import type { CacheNotice } from '../cache/cache-dir.js';
import type { CommandLineProblem, Diagnostic } from '../diagnostics.js';
import type { GeneratorChoice } from '../matrix.js';
import { GENERATOR_SCRIPT } from '../versions/identify.js';
import { GENERATOR_VERSIONS, RULE_NAMES, versionByNumber, type RuleName } from '../versions/versions.js';

export interface DiagnosticTextOptions {
  /** Turns a tree path into the path shown (the reference shows absolute paths). */
  readonly showPath: (treePath: string) => string;
}

function where(d: Diagnostic, options: DiagnosticTextOptions): string {
  if (d.file === null) return '';
  // CPython reports some errors at line 0 (null bytes, recursion limits): that is "no line".
  return d.line !== null && d.line > 0 ? `${options.showPath(d.file)}:${d.line}` : options.showPath(d.file);
}

/** An errno code in plain words ('ENOENT' -> 'no such file or directory'); the code itself if unknown. */
export function osErrorText(code: string): string {
  return OS_ERROR_TEXT[code] ?? code;
}

const OS_ERROR_TEXT: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
  ELOOP: 'too many levels of symbolic links',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EEXIST: 'a path component exists and is not a directory',
  ENOENT: 'no such file or directory',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
  ENXIO: 'no process is reading it (a FIFO without a reader, or a socket)',
  EFBIG: 'file too large',
};

/**
 * Why a file the analysis needed could not be used: plain words for a read
 * failure (`readFailure` and `errorCode` arguments), else the exception's text
 * (a syntax error, say).
 */
function failureText(d: Diagnostic): string {
  switch (d.args.readFailure) {
    case 'missing':
      return 'no such file';
    case 'directory':
      return 'it is a directory';
    case 'outside':
      return 'it leads outside the tree';
    case 'io':
      return osErrorText(String(d.args.errorCode ?? 'EIO'));
    default:
      return String(d.args.reason);
  }
}

/** "Could not read" a file that failed to read, "Could not parse" one that was read. */
function couldNot(d: Diagnostic): string {
  return d.args.readFailure === undefined ? 'Could not parse' : 'Could not read';
}

function missingObjectHint(clone: string): string {
  if (clone === 'partial')
    return ' (a partial clone; nothing is downloaded when reading a revision: check the commit out once, which fetches its files, or clone without --filter)';
  if (clone === 'shallow') return " (a shallow clone; 'git fetch --unshallow' brings the rest)";
  return ' (the repository is damaged or incomplete)';
}

export function diagnosticText(d: Diagnostic, options: DiagnosticTextOptions): string {
  const a = d.args;
  switch (d.code) {
    case 'backend-file-unparsable':
      return `  Warning: Could not parse ${d.file === null ? '' : options.showPath(d.file)}: ${a.reason}`;
    case 'section-file-unparsable':
      return `  Warning: ${couldNot(d)} ${where(d, options)}: ${failureText(d)} (its section falls back, as in the reference)`;
    case 'parent-file-unparsable':
      return `  Warning: ${couldNot(d)} ${where(d, options)} while looking for base class ${a.className}: ${failureText(d)}`;
    case 'python-syntax-warning':
      // As CPython's warnings module prints it for ast.parse (filename '<unknown>').
      return `<unknown>:${d.line ?? 0}: SyntaxWarning: ${a.message}`;
    case 'path-outside-tree':
      return `  Warning: ${where(d, options)}: not following '${a.path}': it leads outside the tree (treated as missing)`;
    case 'registry-unreadable':
      return `error: cannot read ${where(d, options)}: ${failureText(d)}`;
    case 'registry-unparsable':
      return `error: cannot parse ${where(d, options)}: ${a.reason}`;
    case 'class-path-not-string':
      return `error: ${where(d, options)}: ${a.enum}.${a.backend} is a ${a.valueType}, not a class path string`;
    case 'class-path-without-class':
      return `error: ${where(d, options)}: ${a.enum}.${a.backend} = '${a.classPath}' names a module but no class (no '.')`;
    case 'python-exception':
      return `error: ${where(d, options)}: ${a.backend ? `${a.backend}: ` : ''}the reference script raises ${a.exception} here: ${a.message}`;
    case 'path-name-too-long':
      return `error: ${where(d, options)}: file name too long: '${a.path}'`;
    case 'git-not-found':
      return 'error: git was not found on PATH (reading a revision needs it)';
    case 'not-a-git-repository':
      return `error: ${a.path} is not a git repository (neither a work tree nor a bare repository)`;
    case 'unknown-revision':
      return `error: unknown revision '${a.revision}' in ${a.repository}${a.shallow === 'yes' ? ` (a shallow clone: its history may not reach it; 'git fetch --unshallow' brings the rest)` : ''}`;
    case 'invalid-date':
      return `error: '${a.date}' is not a date (give YYYY-MM-DD, optionally with a time)`;
    case 'revision-not-ancestor':
      return `error: '${a.since}' is not an ancestor of '${a.until}': there is no history from one to the other`;
    case 'git-objects-missing':
      return `error: ${d.file === null ? String(a.revision) : where(d, options)}: git object ${a.object} is missing from ${a.repository}${missingObjectHint(String(a.clone))}`;
    case 'history-beyond-shallow':
      return `error: the history back to ${a.bound} is not in ${a.repository}, a shallow clone ('git fetch --unshallow' brings the rest)`;
    case 'git-failed':
      return `error: git ${a.command} failed: ${a.message}`;
    case 'path-permission-denied':
      return `error: ${where(d, options)}: permission denied: '${options.showPath(String(a.path))}' (a folder on the way cannot be searched; the reference raises PermissionError)`;
    default:
      return `${d.severity}: ${where(d, options)}: ${d.code}`;
  }
}

/** Why the CLI says which generator version it followed: only when the tree's own script did not say. */
export function generatorNote(choice: GeneratorChoice): string | null {
  const version = versionByNumber(choice.version);
  const newest = `the newest generator version (${version.number}, ${version.commit}, ${version.date})`;
  switch (choice.source.kind) {
    case 'no-script':
      return `the tree has no ${GENERATOR_SCRIPT}: writing what ${newest} writes`;
    case 'unknown-script':
      return (
        `the tree's ${GENERATOR_SCRIPT} (blob ${choice.source.blob.slice(0, 10)}) is no version we know ` +
        `(edited locally?): writing what ${newest} writes; --generator-version chooses another`
      );
    default:
      return null;
  }
}

/** The `versions` command: every known version of vLLM's generator script and what it changed. */
export function versionsText(): string {
  const lines = ["Versions of vLLM's tools/pre_commit/generate_attention_backend_docs.py:", ''];
  let previous: ReadonlySet<RuleName> = new Set();
  for (const v of GENERATOR_VERSIONS) {
    const added = RULE_NAMES.filter((r) => v.rules.has(r) && !previous.has(r));
    const dropped = RULE_NAMES.filter((r) => previous.has(r) && !v.rules.has(r));
    const changes = [...added.map((r) => `+${r}`), ...dropped.map((r) => `-${r}`)];
    const also =
      v.alsoAt.length > 0 ? ` (again at ${v.alsoAt.map((a) => `${a.commit}, ${a.date}`).join('; ')})` : '';
    lines.push(
      `${String(v.number).padStart(2)}  ${v.commit}  ${v.date}  ${changes.length > 0 ? changes.join(' ') : 'the first document'}${also}`,
    );
    previous = v.rules;
  }
  lines.push('', 'Choose one with --generator-version N (or its commit, a date, or latest).', '');
  return lines.join('\n');
}

/** The attention-backend registry reached its current place, vllm/v1/attention/backends/, on this date. */
const REGISTRY_SINCE = '2026-01-09';
/** tools/pre_commit/generate_attention_backend_docs.py and the document it writes, since. */
const DOCUMENT_SINCE = '2026-01-28';

export function commandLineProblemText(p: CommandLineProblem): string {
  switch (p.code) {
    case 'no-tree-found':
      return `no vLLM tree found at or above ${p.start} (no ${p.registryFile}); pass --root DIR`;
    case 'tree-predates-registry':
      return (
        `the vLLM at ${p.root} predates the attention-backend registry: it has no ${p.registryFile} ` +
        `(in vLLM since ${REGISTRY_SINCE}; the document this tool writes since ${DOCUMENT_SINCE})`
      );
    case 'file-argument-is-directory':
      return (
        `${p.path} is a directory: arguments are changed files (as pre-commit passes them); ` +
        `to generate for the vLLM tree there, use --root ${p.path}`
      );
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
