// The document is written as UTF-8, like the reference's write_text(), which
// raises UnicodeEncodeError on a lone surrogate (from a "\ud800" escape).

/** The first lone surrogate in `text` (UTF-8 cannot encode it), or null. */
export function findUnencodable(text: string): { readonly codePoint: number; readonly index: number } | null {
  // isWellFormed (Node 20+, not yet in TypeScript's ES2023 lib) is a native scan; the
  // /\p{Surrogate}/u regex used before cost ~4 ms a run to compile.
  if ((text as unknown as { isWellFormed(): boolean }).isWellFormed()) return null;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++; // a pair: one astral character
      continue;
    }
    return { codePoint: unit, index: i };
  }
  return null;
}
