// Python `str` methods whose JavaScript look-alikes differ.

// str.isspace() characters (Unicode 14, CPython 3.11). JS's trim() also strips
// U+FEFF and does not strip U+001C..U+001F, so it cannot stand in.
const PY_WHITESPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** `s.strip()` with no argument. */
export function pyStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && PY_WHITESPACE.has(s.charCodeAt(start))) start++;
  while (end > start && PY_WHITESPACE.has(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** `s.rsplit(sep, 1)`: [head, tail], or [s] when sep does not occur. */
export function pyRsplitOnce(s: string, sep: string): [string] | [string, string] {
  const at = s.lastIndexOf(sep);
  return at < 0 ? [s] : [s.slice(0, at), s.slice(at + sep.length)];
}
