// Parser conformance: for every Python file of the corpus (default: python3's stdlib),
// our parseModuleBytes + dump must equal CPython's ast.dump(ast.parse(path.read_text())),
// or both must reject the file with the same error kind, message, line and offset.
//
//   npm run conformance:stdlib -- [files or dirs...] [--limit N] [--show N] [--python python3]
//
// One python3 process computes CPython's side for all files (streaming JSON lines, hashes
// only) while we parse; the full dumps are fetched afterwards for the first few mismatches
// only. Exits 1 on any difference.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { dump } from '../src/python/dump.js';
import { parseModuleBytes } from '../src/python/parse.js';
import { collectCorpus, parseFlags, PythonLines } from './corpus.js';

/** At most this many full CPython dumps are fetched again to classify differing files. */
const FAMILY_DUMP_LIMIT = 500;

type PyRecord =
  | { ok: true; sha256: string; length: number }
  | { ok: false; kind: string; msg: string; lineno: number; offset: number };

type OurResult = { ok: true; dump: string } | { ok: false; description: string };

interface Mismatch {
  path: string;
  expected: PyRecord;
  actual: OurResult;
}

function describeError(record: { kind: string; msg: string; lineno: number; offset: number }): string {
  return `${record.kind}: ${record.msg} (line ${record.lineno}, offset ${record.offset})`;
}

function runOurs(bytes: Uint8Array): OurResult {
  try {
    const result = parseModuleBytes(bytes);
    if (!result.ok) return { ok: false, description: describeError(result.error) };
    return { ok: true, dump: dump(result.module) };
  } catch (error) {
    // A crash of our parser is a mismatch like any other, not a reason to stop.
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, description: `CRASH ${text}` };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Where two dumps first differ, with context, and the innermost node class open there. */
function firstDifference(
  expected: string,
  actual: string,
): { offset: number; family: string; context: string } {
  let offset = 0;
  const shorter = Math.min(expected.length, actual.length);
  while (offset < shorter && expected.charCodeAt(offset) === actual.charCodeAt(offset)) offset++;
  const start = Math.max(0, offset - 80);
  const context =
    `    expected: …${expected.slice(start, offset + 80)}\n` +
    `    actual:   …${actual.slice(start, offset + 80)}`;
  return { offset, family: openNodeAt(expected, offset), context };
}

/** The class name and field of the innermost `Name(` still open at `offset`, e.g. "Constant.value". */
function openNodeAt(text: string, offset: number): string {
  const openNames: string[] = [];
  let field = '';
  let inString: string | null = null;
  for (let i = 0; i < offset; i++) {
    const ch = text[i];
    if (inString !== null) {
      if (ch === '\\') i++;
      else if (ch === inString) inString = null;
      continue;
    }
    if (ch === "'" || ch === '"') inString = ch;
    else if (ch === '(') {
      let j = i;
      while (j > 0 && /[A-Za-z_]/.test(text[j - 1])) j--;
      openNames.push(text.slice(j, i));
    } else if (ch === ')') openNames.pop();
    else if (ch === '=') {
      let j = i;
      while (j > 0 && /[a-z_]/.test(text[j - 1])) j--;
      field = text.slice(j, i);
    }
  }
  const node = openNames.length > 0 ? openNames[openNames.length - 1] : '(top)';
  return field ? `${node}.${field}` : node;
}

async function fetchFullDumps(python: string, paths: string[]): Promise<string[]> {
  const process = new PythonLines(python, ['dump', '--full']);
  for (const path of paths) process.write(JSON.stringify(path) + '\n');
  process.end();
  const dumps: string[] = [];
  for (let i = 0; i < paths.length; i++) {
    const record = (await process.next()) as { ok: boolean; dump?: string };
    dumps.push(record.dump ?? '');
  }
  return dumps;
}

async function main(): Promise<number> {
  const { flags, positional } = parseFlags(process.argv.slice(2), ['limit', 'show', 'python']);
  const python = flags.get('python') ?? 'python3';
  const limit = flags.has('limit') ? Number(flags.get('limit')) : undefined;
  const show = flags.has('show') ? Number(flags.get('show')) : 10;
  const files = collectCorpus({ targets: positional, python, limit });

  const oracle = new PythonLines(python, ['dump']);
  for (const path of files) oracle.write(JSON.stringify(path) + '\n');
  oracle.end();

  const mismatches: Mismatch[] = [];
  let identical = 0;
  let ourMs = 0;
  let totalBytes = 0;
  for (const path of files) {
    const expected = (await oracle.next()) as PyRecord;
    const bytes = readFileSync(path);
    totalBytes += bytes.length;
    const started = performance.now();
    const actual = runOurs(bytes);
    ourMs += performance.now() - started;
    const same = expected.ok
      ? actual.ok && sha256(actual.dump) === expected.sha256
      : !actual.ok && actual.description === describeError(expected);
    if (same) identical++;
    else mismatches.push({ path, expected, actual });
  }

  console.log(`${identical} of ${files.length} files identical`);
  console.log(`(our parse+dump: ${(ourMs / 1000).toFixed(1)} s for ${(totalBytes / 1e6).toFixed(1)} MB)`);
  if (mismatches.length === 0) return 0;

  // Families: where the first difference sits (node class and field), or the error shape.
  const needDumps = mismatches
    .filter((m) => m.expected.ok && m.actual.ok)
    .slice(0, FAMILY_DUMP_LIMIT)
    .map((m) => m.path);
  const fullDumps = new Map<string, string>();
  if (needDumps.length > 0) {
    const dumps = await fetchFullDumps(python, needDumps);
    needDumps.forEach((path, i) => fullDumps.set(path, dumps[i]));
  }
  const families = new Map<string, number>();
  const details: string[] = [];
  for (const mismatch of mismatches) {
    const { path, expected, actual } = mismatch;
    let family: string;
    let detail: string;
    if (expected.ok && actual.ok) {
      const full = fullDumps.get(path);
      if (full !== undefined) {
        const difference = firstDifference(full, actual.dump);
        family = `dump differs in ${difference.family}`;
        detail = `first difference at offset ${difference.offset}\n${difference.context}`;
      } else {
        family = 'dump differs';
        detail = '';
      }
    } else if (expected.ok) {
      const description = (actual as { description: string }).description;
      family = description.startsWith('CRASH') ? 'we crash' : 'we reject a valid file';
      detail = `    actual:   ${description}`;
    } else if (actual.ok) {
      family = `we accept a file CPython rejects (${expected.kind})`;
      detail = `    expected: ${describeError(expected)}`;
    } else {
      family = 'different error';
      detail = `    expected: ${describeError(expected)}\n    actual:   ${actual.description}`;
    }
    families.set(family, (families.get(family) ?? 0) + 1);
    if (details.length < show) details.push(`${path}: ${family}\n${detail}`);
  }
  console.log(`\n${mismatches.length} files differ. Families (counted over all differing files):`);
  for (const [family, count] of [...families].sort((a, b) => b[1] - a[1]))
    console.log(`  ${count}\t${family}`);
  console.log(`\nFirst ${details.length} differences:`);
  for (const detail of details) console.log(`\n${detail}`);
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
