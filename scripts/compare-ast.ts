// Dev tool: compares our parser with CPython's ast.parse, node by node, including
// positions. Usage:
//   node --import tsx scripts/compare-ast.ts FILE...          (explicit files)
//   node --import tsx scripts/compare-ast.ts --stdlib [N]     (python3's stdlib, first N files)
//   node --import tsx scripts/compare-ast.ts --source 'x = 1'
// Prints one line per mismatch (first differing path) and a summary.

import { spawn, execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseModule, parseModuleBytes, type ParseResult } from '../src/python/parse.js';
import { toJson } from './ast-json.js';

const PY = join(import.meta.dirname, 'py-ast-json.py');

/** First differing path between two JSON values, or null. */
function diff(a: unknown, b: unknown, path: string): string | null {
  if (a === b) return null;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object')
    return `${path}: ours=${JSON.stringify(a)?.slice(0, 200)} cpython=${JSON.stringify(b)?.slice(0, 200)}`;
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array mismatch`;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length)
      return `${path}: length ours=${a.length} cpython=${bb.length} ${JSON.stringify(a).slice(0, 300)} VS ${JSON.stringify(bb).slice(0, 300)}`;
    for (let i = 0; i < a.length; i++) {
      const d = diff(a[i], bb[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const typ = (bo._type ?? '') as string;
  if (ao._type !== bo._type)
    return `${path}: type ours=${String(ao._type)} cpython=${typ} at ${String(bo.lineno)}:${String(bo.col_offset)}`;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) {
    const d = diff(ao[k], bo[k], `${path}.${typ}.${k}`);
    if (d)
      return (
        d +
        (k === 'lineno' || k.includes('col')
          ? ` (node at ${String(bo.lineno)}:${String(bo.col_offset)})`
          : '')
      );
  }
  return null;
}

interface PyResult {
  path: string;
  ok: boolean;
  tree?: unknown;
  error?: { kind: string; msg: string; lineno: number; offset: number };
}

function compareOne(label: string, ours: ParseResult, py: PyResult): string | null {
  if (!py.ok) {
    if (ours.ok)
      return `${label}: ACCEPTED but CPython rejects: ${py.error!.kind}: ${py.error!.msg} (line ${py.error!.lineno})`;
    return null;
  }
  if (!ours.ok)
    return `${label}: REJECTED: ${ours.error.kind}: ${ours.error.msg} (line ${ours.error.lineno}:${ours.error.offset})`;
  const d = diff(toJson(ours.module), py.tree, '');
  return d === null ? null : `${label}: ${d}`;
}

function stdlibFiles(): string[] {
  const root = execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"])
    .toString()
    .trim();
  const out: string[] = [];
  const walkDir = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      let st;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (name !== 'site-packages' && name !== '__pycache__') walkDir(full);
      } else if (name.endsWith('.py')) out.push(full);
    }
  };
  walkDir(root);
  return out;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--source') {
    const src = argv[1];
    const py = JSON.parse(execFileSync('python3', [PY, '--source', src]).toString()) as PyResult;
    const ours = parseModule(src);
    console.log(compareOne('<source>', ours, py) ?? 'MATCH');
    if (!ours.ok) console.log(JSON.stringify(ours.error));
    return;
  }
  if (argv[0] === '--snippets') {
    // A file of snippets separated by lines '#====': each compared on its own.
    const snippets = readFileSync(argv[1], 'utf8').split('\n#====\n');
    const out = execFileSync('python3', [PY, '--snippets'], {
      input: JSON.stringify(snippets),
      maxBuffer: 1 << 30,
    }).toString();
    const results = JSON.parse(out) as PyResult[];
    let bad = 0;
    snippets.forEach((src, i) => {
      const ours = parseModule(src);
      const d = compareOne(`#${i} ${JSON.stringify(src).slice(0, 80)}`, ours, results[i]);
      if (d !== null) {
        bad++;
        console.log(d.slice(0, 600));
      } else if (
        argv[2] === '-v' &&
        !results[i].ok &&
        !ours.ok &&
        (ours.error.msg !== results[i].error!.msg ||
          ours.error.kind !== results[i].error!.kind ||
          ours.error.lineno !== results[i].error!.lineno ||
          ours.error.offset !== results[i].error!.offset)
      ) {
        console.log(
          `#${i} msg: ours=${ours.error.kind}: ${ours.error.msg} (line ${ours.error.lineno}:${ours.error.offset}) cpython=${results[i].error!.kind}: ${results[i].error!.msg} (line ${results[i].error!.lineno}:${results[i].error!.offset})`,
        );
      }
    });
    console.log(`snippets=${snippets.length} mismatch=${bad}`);
    return;
  }
  let files: string[];
  if (argv[0] === '--stdlib') {
    files = stdlibFiles();
    if (argv[1]) files = files.slice(0, Number(argv[1]));
  } else files = argv;
  const child = spawn('python3', [PY], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.write(files.join('\n') + '\n');
  child.stdin.end();
  const rl = createInterface({ input: child.stdout, crlfDelay: Infinity });
  let match = 0;
  let mismatch = 0;
  let bothReject = 0;
  for await (const line of rl) {
    const py = JSON.parse(line) as PyResult;
    const bytes = readFileSync(py.path);
    const ours = parseModuleBytes(bytes);
    const d = compareOne(py.path, ours, py);
    if (d === null) {
      if (py.ok) match++;
      else bothReject++;
    } else {
      mismatch++;
      console.log(d);
    }
  }
  console.log(`files=${files.length} match=${match} bothReject=${bothReject} mismatch=${mismatch}`);
}

await main();
