// Dev fuzzer: mutates small windows of stdlib source (delete / duplicate / insert a token-ish
// chunk) and compares accept/reject and trees with CPython. Usage: fuzz-parser.ts [count] [seed]
import { readFileSync, writeFileSync } from 'node:fs';
import { collectCorpus } from './corpus.js';

const count = Number(process.argv[2] ?? 500);
let seed = Number(process.argv[3] ?? 1);
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const files = collectCorpus({ targets: [], python: 'python3' });
const INSERTS = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '=',
  '*',
  '**',
  '.',
  'lambda',
  'if',
  'else',
  'for',
  'in',
  'not',
  'yield',
  'await',
  'async',
  ':=',
  '->',
  '@',
  ';',
  '\n',
  ' ',
  'as',
  'from',
  'import',
  'del',
  '"',
  "f'{",
  '}',
  '!r',
  '\\',
  '#',
  '|',
  'match',
  'case',
  '_',
  '0',
  '1j',
  '-',
  '...',
  'return',
  'pass',
  'with',
  'global',
];
const out: string[] = [];
while (out.length < count) {
  const f = files[rand(files.length)];
  let text: string;
  try {
    text = readFileSync(f, 'utf8');
  } catch {
    continue;
  }
  const lines = text.split('\n');
  if (lines.length < 5) continue;
  const start = rand(lines.length - 3);
  const window = lines.slice(start, start + 1 + rand(12)).join('\n');
  // Dedent the window so it can stand alone.
  const ind = /^\s*/.exec(window)![0].length;
  let src = window
    .split('\n')
    .map((l) => l.slice(Math.min(ind, /^\s*/.exec(l)![0].length)))
    .join('\n');
  const pos = rand(src.length + 1);
  const kind = rand(3);
  if (kind === 0) src = src.slice(0, pos) + src.slice(pos + 1 + rand(3));
  else if (kind === 1) src = src.slice(0, pos) + INSERTS[rand(INSERTS.length)] + src.slice(pos);
  else {
    const a = rand(src.length + 1);
    src = src.slice(0, pos) + src.slice(a, a + 1 + rand(6)) + src.slice(pos);
  }
  if (src.includes('\n#====\n')) continue;
  out.push(src);
}
writeFileSync('/tmp/fuzz-snippets.txt', out.join('\n#====\n'));
console.log('wrote /tmp/fuzz-snippets.txt');
