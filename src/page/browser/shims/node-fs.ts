// node:fs for the page's bundle. The only use reached is reading the Unicode
// name table for a \N{...} escape, which the page does not carry: the error
// ends that explain call, and the page says it could not answer.

export function readFileSync(): never {
  throw new Error('the page does not carry the Unicode name table that \\N{...} escapes need');
}
