// The document is written as UTF-8, like the reference's write_text(), which
// raises UnicodeEncodeError on a lone surrogate (from a "\ud800" escape).

/** The first lone surrogate in `text` (UTF-8 cannot encode it), or null. */
export function findUnencodable(text: string): { readonly codePoint: number; readonly index: number } | null {
  const match = /\p{Surrogate}/u.exec(text);
  return match === null ? null : { codePoint: match[0].charCodeAt(0), index: match.index };
}
