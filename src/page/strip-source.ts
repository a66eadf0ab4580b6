// Python sources made smaller for the page without changing what explain
// sees: comments go (past the first two lines, where an encoding cookie may
// be), and a statement that is only a string (a docstring) keeps its place but
// loses its text; explain never reads either. Every line keeps its number. The result is checked: it must
// parse to the same tree (docstring texts aside) with every node on the same
// lines; otherwise the original bytes are used.

import type { Node } from '../python/ast.js';
import { dump } from '../python/dump.js';
import { parseModule } from '../python/parse.js';
import { decodeSourceBytes } from '../python/source.js';
import type { Token } from '../python/token.js';
import { Tokenizer } from '../python/tokenizer.js';
import { walk } from '../python/walk.js';

/** Lines whose comments stay: PEP 263 reads an encoding cookie from the first two. */
const COOKIE_LINES = 2;

export function strippedSource(bytes: Uint8Array): Uint8Array {
  const decoded = decodeSourceBytes(bytes);
  if (!decoded.ok) return bytes;
  const tokens = tokenize(decoded.text);
  if (tokens === null) return bytes;
  const stripped = rewrite(decoded.text, tokens);
  if (stripped === decoded.text || !sameProgram(decoded.text, stripped)) return bytes;
  return new TextEncoder().encode(stripped);
}

function tokenize(text: string): Token[] | null {
  try {
    const tokenizer = new Tokenizer(text);
    const tokens: Token[] = [];
    for (;;) {
      const token = tokenizer.next();
      tokens.push(token);
      if (token.kind === 'EndMarker') return tokens;
    }
  } catch {
    return null;
  }
}

/** A str literal (not an f-string, whose expressions run, nor bytes). */
const isStringLiteral = (t: Token): boolean => t.kind === 'String' && !/^[a-zA-Z]*[fFbB]/.test(t.text);

/** String tokens that make up a statement on their own (with only parentheses beside them). */
function docstringTokens(tokens: readonly Token[]): Set<Token> {
  const found = new Set<Token>();
  let line: Token[] = [];
  for (const token of tokens) {
    if (token.kind === 'Indent' || token.kind === 'Dedent') continue;
    if (token.kind !== 'Newline' && token.kind !== 'EndMarker') {
      line.push(token);
      continue;
    }
    const strings = line.filter(isStringLiteral);
    if (
      strings.length > 0 &&
      line.every((t) => isStringLiteral(t) || (t.kind === 'Op' && /^[()]$/.test(t.text)))
    )
      for (const s of strings) found.add(s);
    line = [];
  }
  return found;
}

/** An empty string literal spanning as many lines as `text`. */
function emptyLiteral(text: string): string {
  const newlines = text.split('\n').length - 1;
  return newlines === 0 ? '""' : `"""${'\n'.repeat(newlines)}"""`;
}

function rewrite(text: string, tokens: readonly Token[]): string {
  const docstrings = docstringTokens(tokens);
  let out = '';
  let at = 0;
  let line = 1;
  const gap = (end: number): void => {
    // Between tokens: whitespace, line breaks, continuations and comments.
    for (const piece of text.slice(at, end).split(/(\n)/)) {
      if (piece === '\n') {
        out += piece;
        line++;
      } else out += line <= COOKIE_LINES ? piece : piece.replace(/[ \t\f]*#.*$/, '');
    }
    at = end;
  };
  for (const token of tokens) {
    if (token.start < at) continue;
    gap(token.start);
    const original = text.slice(token.start, token.end);
    out += docstrings.has(token) ? emptyLiteral(original) : original;
    line += original.split('\n').length - 1;
    at = token.end;
  }
  gap(text.length);
  return out;
}

/** The two texts parse to the same program: equal trees once docstrings are emptied, nodes on the same lines. */
function sameProgram(original: string, stripped: string): boolean {
  const a = parseModule(original);
  const b = parseModule(stripped);
  if (!a.ok || !b.ok) return false;
  emptyDocstrings(a.module);
  emptyDocstrings(b.module);
  if (dump(a.module) !== dump(b.module)) return false;
  const nodesA = walk(a.module);
  const nodesB = walk(b.module);
  if (nodesA.length !== nodesB.length) return false;
  return nodesA.every((n, i) => sameLines(n, nodesB[i]));
}

function sameLines(a: Node, b: Node): boolean {
  const la = a as { lineno?: number; end_lineno?: number | null };
  const lb = b as { lineno?: number; end_lineno?: number | null };
  return la.lineno === lb.lineno && la.end_lineno === lb.end_lineno;
}

function emptyDocstrings(module: Node): void {
  for (const node of walk(module)) {
    if (node._type !== 'Expr' || node.value._type !== 'Constant') continue;
    if (typeof node.value.value === 'string') node.value.value = '';
  }
}
