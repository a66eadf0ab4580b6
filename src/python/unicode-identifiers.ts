// Identifier characters as CPython's tokenizer checks them (_PyUnicode_ScanIdentifier:
// XID_Start or '_' first, then XID_Continue) and `str.isprintable` for error messages.

const XID_START = /^\p{XID_Start}$/u;
const XID_CONTINUE = /^\p{XID_Continue}$/u;
// Python's non-printable categories: Cc Cf Cs Co Cn Zl Zp, and Zs except the ASCII space.
const NON_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

export function isIdentifierStart(codePoint: number): boolean {
  if (codePoint < 128) {
    return (codePoint >= 65 && codePoint <= 90) || (codePoint >= 97 && codePoint <= 122) || codePoint === 95;
  }
  return XID_START.test(String.fromCodePoint(codePoint));
}

export function isIdentifierContinue(codePoint: number): boolean {
  if (codePoint < 128) {
    return (
      (codePoint >= 65 && codePoint <= 90) ||
      (codePoint >= 97 && codePoint <= 122) ||
      (codePoint >= 48 && codePoint <= 57) ||
      codePoint === 95
    );
  }
  return XID_CONTINUE.test(String.fromCodePoint(codePoint));
}

export function isPrintable(codePoint: number): boolean {
  if (codePoint === 32) return true;
  return !NON_PRINTABLE.test(String.fromCodePoint(codePoint));
}

/** The identifier as `ast.Name.id` holds it: CPython NFKC-normalizes non-ASCII identifiers. */
export function normalizeIdentifier(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 128) return text.normalize('NFKC');
  }
  return text;
}
