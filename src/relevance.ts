// is_relevant_file: which changed files make the pre-commit hook run: the
// reference's own patterns (the same in every version; version 12 dropped a
// redundant one) and the inputs some version reads that they miss, so that a
// change of any input regenerates the document. fnmatch semantics: `*` (and so
// `**`) matches any run of characters, '/' included; the whole path must match.

import * as path from 'node:path';

export const RELEVANT_PATTERNS: readonly string[] = [
  'vllm/v1/attention/backends/*.py',
  'vllm/v1/attention/backends/**/*.py',
  'vllm/v1/attention/backends/fa_utils.py',
  'vllm/model_executor/layers/attention/mla_attention.py',
  'vllm/platforms/cuda.py',
  'tools/pre_commit/generate_attention_backend_docs.py',
  'docs/design/attention_backends.md',
];

/** fnmatch.translate for the subset the patterns use (`*`, `?`, `[...]`), anchored. */
export function fnmatchToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') {
      out += '.*';
      while (pattern[i + 1] === '*') i++;
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close < 0) {
        out += '\\[';
      } else {
        let body = pattern.slice(i + 1, close).replaceAll('\\', '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        else if (body.startsWith('^')) body = '\\' + body;
        out += `[${body}]`;
        i = close;
      }
    } else {
      out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^(?:${out})$`, 's');
}

/**
 * Files some version of the reference reads that its RELEVANT_PATTERNS miss: the
 * TRTLLM check, FA4's capability fallback, and the AttentionImpl base class
 * the DCP column follows imports to (version 2 on). The reference skips its hook
 * when only these change and leaves the document stale; we run.
 */
export const UNLISTED_INPUT_PATTERNS: readonly string[] = [
  'vllm/utils/flashinfer.py',
  'vllm/vllm_flash_attn/flash_attn_interface.py',
  'vllm/v1/attention/backend.py',
];

const RELEVANT_REGEXPS = [...RELEVANT_PATTERNS, ...UNLISTED_INPUT_PATTERNS].map(fnmatchToRegExp);

/** `str(Path(p))`: repeated slashes and '.' segments dropped, no trailing slash. */
export function pyPathString(p: string): string {
  if (p === '') return '.';
  const absolute = p.startsWith('/');
  // POSIX keeps exactly two leading slashes; pathlib does too.
  const lead = absolute ? (p.startsWith('//') && !p.startsWith('///') ? '//' : '/') : '';
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  const joined = lead + parts.join('/');
  return joined === '' ? '.' : joined;
}

/**
 * is_relevant_file: a path relative to the tree (as pre-commit passes them),
 * or an absolute one inside `root` (compared lexically, like relative_to).
 */
export function isRelevantFile(file: string, root: string): boolean {
  let rel = pyPathString(file);
  if (rel.startsWith('/')) {
    const base = pyPathString(path.resolve(root));
    if (rel === base) rel = '.';
    else if (rel.startsWith(base === '/' ? '/' : base + '/'))
      rel = rel.slice(base === '/' ? 1 : base.length + 1);
    else return false;
  }
  return RELEVANT_REGEXPS.some((re) => re.test(rel));
}
