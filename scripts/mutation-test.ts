// Mutation test over the demo tree: random edits to backend files (list
// elements, constants, comparison operators, deleted methods, renamed classes,
// dropped or doubled lines, numbers too long for str()) in a temporary copy, then our CLI must
//   - never crash: exit 0 or 2, no stack trace, at most one line on exit 2;
//   - agree with the reference script where it is available: the same document
//     byte for byte, or both fail (the reference exits non-zero with a traceback,
//     ours exits 2 with one line).
//
//   npm run mutation -- [--reference PATH] [--count N] [--seed S] [--keep DIR] [--sequence]
//
// Mutation i uses seed S+i, so `--seed S+i --count 1` replays it. With --sequence the
// mutations pile up on one copy and our CLI keeps its cache between them (result, stage
// records, outlines), as in a pre-commit hook run after edit upon edit: each state must
// still agree with the reference. Without python3
// or the reference (also VLLM_DOCS_REFERENCE), only the no-crash half runs.
// Exit status: 0 when every mutation passed, 1 otherwise, 2 on bad arguments.

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  checkPython,
  envFollowing,
  referenceFromArgs,
  runReference,
  type ReferenceOutcome,
} from './reference.js';

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEMO_TREE = path.join(projectDir, 'examples/demo-vllm');
const BACKENDS_DIR = 'vllm/v1/attention/backends';
const REGISTRY = `${BACKENDS_DIR}/registry.py`;

/** mulberry32: small, fast, and the same on every platform. */
export function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** One edit: a description for the log and the new text, or null when it does not apply. */
type Mutator = (text: string, random: () => number) => { text: string; what: string } | null;

/** Replace the `index`-th match of `re` (global) using `replace`. */
function replaceNth(
  text: string,
  re: RegExp,
  random: () => number,
  replace: (m: RegExpMatchArray) => string,
): { text: string; match: RegExpMatchArray } | null {
  const matches = [...text.matchAll(re)];
  if (matches.length === 0) return null;
  const m = pick(random, matches);
  const start = m.index ?? 0;
  return { text: text.slice(0, start) + replace(m) + text.slice(start + m[0].length), match: m };
}

const LIST_RE = /\[([^[\]\n]*)\]/g;
/** A literal whose str() exceeds CPython's 4300-digit limit: the reference crashes printing it. */
const HUGE_INT = `0x${'f'.repeat(4000)}`;
const NEW_ELEMENTS = [
  '999',
  '0',
  '"fp8"',
  '"auto"',
  '"bfloat16"',
  'torch.float32',
  'MultipleOf(8)',
  'None',
  'True',
  '2.5',
  '"a, b"',
  '""',
  HUGE_INT,
];

const mutateList: Mutator = (text, random) => {
  const op = pick(random, ['drop', 'duplicate', 'reverse', 'empty', 'insert'] as const);
  const done = replaceNth(text, LIST_RE, random, (m) => {
    const items = m[1]
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const i = Math.floor(random() * Math.max(1, items.length));
    switch (op) {
      case 'drop':
        items.splice(i, 1);
        break;
      case 'duplicate':
        if (items.length > 0) items.splice(i, 0, items[i]);
        break;
      case 'reverse':
        items.reverse();
        break;
      case 'empty':
        items.length = 0;
        break;
      case 'insert':
        items.splice(i, 0, pick(random, NEW_ELEMENTS));
        break;
    }
    return `[${items.join(', ')}]`;
  });
  return (
    done && {
      text: done.text,
      what: `list ${op} in ${done.match[0].slice(0, 40)}${done.text.includes(HUGE_INT) ? ' (a 4800-digit int)' : ''}`,
    }
  );
};

const NUMBER_RE = /(?<![\w.])\d+(?:\.\d+)?(?![\w.])/g;
const STRING_RE = /"[^"\n\\]*"/g;

const mutateConstant: Mutator = (text, random) => {
  if (random() < 0.5) {
    const replacement = pick(random, [
      '0',
      '1',
      '7',
      '9',
      '10',
      '12',
      '100',
      '8.6',
      'True',
      'None',
      '"9"',
      '-1',
      '0x' + 'f'.repeat(20),
    ]);
    const done = replaceNth(text, NUMBER_RE, random, () => replacement);
    return done && { text: done.text, what: `number ${done.match[0]} -> ${replacement}` };
  }
  const replacement = pick(random, [
    '"auto"',
    '"fp8"',
    '""',
    '"fp8_e4m3"',
    '"x  y"',
    '"vllm.v1.attention.backends.flash_attn.FlashAttentionBackend"',
    '"é"',
  ]);
  const done = replaceNth(text, STRING_RE, random, () => replacement);
  // Docstrings and comments hold no "..." on one line in the demo, so this hits code.
  return done && { text: done.text, what: `string ${done.match[0].slice(0, 30)} -> ${replacement}` };
};

/** A number becomes a literal too long for str(): where the reference prints it, it crashes (we must exit 2). */
const mutateHugeInt: Mutator = (text, random) => {
  const done = replaceNth(text, NUMBER_RE, random, () => HUGE_INT);
  return done && { text: done.text, what: `number ${done.match[0]} -> a 4800-digit int` };
};

const COMPARE_RE = / (>=|<=|==|!=|<|>|not in|in|is not|is) /g;

const mutateComparison: Mutator = (text, random) => {
  const replacement = pick(random, ['>=', '<=', '==', '!=', '<', '>', 'in', 'not in', 'is']);
  const done = replaceNth(text, COMPARE_RE, random, () => ` ${replacement} `);
  return done && { text: done.text, what: `comparison ${done.match[1]} -> ${replacement}` };
};

const mutateDeleteMethod: Mutator = (text, random) => {
  const lines = text.split('\n');
  const defs = lines.flatMap((line, i) => (/^\s+(async\s+)?def \w+/.test(line) ? [i] : []));
  if (defs.length === 0) return null;
  const defLine = pick(random, defs);
  const indent = /^\s*/.exec(lines[defLine])?.[0].length ?? 0;
  let start = defLine;
  while (start > 0 && lines[start - 1].trim().startsWith('@')) start--;
  let end = defLine + 1;
  while (
    end < lines.length &&
    (lines[end].trim() === '' || (/^\s*/.exec(lines[end])?.[0].length ?? 0) > indent)
  )
    end++;
  const name = /def (\w+)/.exec(lines.slice(start, end).join('\n'))?.[1] ?? '?';
  lines.splice(start, end - start);
  return { text: lines.join('\n'), what: `delete method ${name}` };
};

const mutateRenameClass: Mutator = (text, random) => {
  const names = [...text.matchAll(/^\s*class (\w+)/gm)].map((m) => m[1]);
  if (names.length === 0) return null;
  const name = pick(random, names);
  const renamed = `${name}${pick(random, ['X', '2', '_old'])}`;
  // Either the definition only (the registry or a subclass now points nowhere) or every use.
  if (random() < 0.5)
    return {
      text: text.replace(new RegExp(`class ${name}\\b`), `class ${renamed}`),
      what: `rename class ${name} (definition only)`,
    };
  return {
    text: text.replace(new RegExp(`\\b${name}\\b`, 'g'), renamed),
    what: `rename class ${name} everywhere`,
  };
};

const mutateLine: Mutator = (text, random) => {
  const lines = text.split('\n');
  const i = Math.floor(random() * lines.length);
  if (random() < 0.5) {
    const [gone] = lines.splice(i, 1);
    return { text: lines.join('\n'), what: `delete line ${i + 1}: ${gone.trim().slice(0, 40)}` };
  }
  lines.splice(i, 0, lines[i]);
  return { text: lines.join('\n'), what: `duplicate line ${i + 1}: ${lines[i].trim().slice(0, 40)}` };
};

const MUTATORS: readonly [Mutator, number][] = [
  [mutateList, 3],
  [mutateConstant, 3],
  [mutateComparison, 2],
  [mutateDeleteMethod, 2],
  [mutateRenameClass, 1],
  [mutateLine, 1],
  [mutateHugeInt, 1],
];

function pickMutator(random: () => number): Mutator {
  const total = MUTATORS.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [mutator, weight] of MUTATORS) {
    r -= weight;
    if (r < 0) return mutator;
  }
  return MUTATORS[0][0];
}

/** Backend files of a tree (every .py under the backends folder but the registry). */
function backendFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) visit(child);
      else if (entry.name.endsWith('.py') && child !== REGISTRY) out.push(child);
    }
  };
  visit(BACKENDS_DIR);
  return out.sort();
}

export interface Mutation {
  readonly seed: number;
  /** "file: edit" lines. */
  readonly edits: readonly string[];
}

/** Copies the demo tree's Python into `target` and applies 1-3 random edits (seeded) to backend files. */
export function mutateTree(target: string, seed: number): Mutation {
  fs.cpSync(path.join(DEMO_TREE, 'vllm'), path.join(target, 'vllm'), { recursive: true });
  return mutateInPlace(target, seed);
}

/** Applies 1-3 random edits (seeded) to the backend files of the tree at `target`. */
export function mutateInPlace(target: string, seed: number): Mutation {
  const random = makeRandom(seed);
  const files = backendFiles(target);
  const edits: string[] = [];
  const wanted = 1 + Math.floor(random() * 3);
  // Bounded: a mutator that does not apply to the chosen file just costs one attempt.
  for (let attempt = 0; attempt < 20 && edits.length < wanted; attempt++) {
    const file = pick(random, files);
    const full = path.join(target, file);
    const done = pickMutator(random)(fs.readFileSync(full, 'utf8'), random);
    if (done === null) continue;
    fs.writeFileSync(full, done.text);
    edits.push(`${file}: ${done.what}`);
  }
  return { seed, edits };
}

/** The backend files' contents, to undo a mutation. */
function snapshot(root: string): Map<string, Buffer> {
  return new Map(backendFiles(root).map((file) => [file, fs.readFileSync(path.join(root, file))]));
}

function restore(root: string, contents: ReadonlyMap<string, Buffer>): void {
  for (const [file, bytes] of contents) fs.writeFileSync(path.join(root, file), bytes);
}

export interface OurOutcome {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stderr: string;
  /** The written document, when exit 0. */
  readonly document: string | null;
}

/**
 * Bundles src/cli.ts into one file (so each run starts fast and tests the current sources).
 * With a fingerprint the bundle uses the result cache, as the built one does.
 */
export async function bundleCli(dir: string, options: { fingerprint?: string } = {}): Promise<string> {
  const { build } = await import('esbuild');
  const entry = path.join(dir, 'entry.ts');
  fs.writeFileSync(
    entry,
    `import { main } from ${JSON.stringify(path.join(projectDir, 'src/cli.ts'))};\nmain();\n`,
  );
  const outfile = path.join(dir, 'cli.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
    define:
      options.fingerprint === undefined ? {} : { BUNDLE_FINGERPRINT: JSON.stringify(options.fingerprint) },
  });
  return outfile;
}

export function runOurs(
  cli: string,
  root: string,
  options: { cacheHome?: string; env?: NodeJS.ProcessEnv } = {},
): OurOutcome {
  const out = path.join(root, 'out.md');
  const base = options.env ?? process.env;
  const env = options.cacheHome === undefined ? base : { ...base, XDG_CACHE_HOME: options.cacheHome };
  const r = spawnSync(process.execPath, [cli, '--root', root, '-o', out], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env,
  });
  return {
    code: r.status,
    signal: r.signal,
    stderr: r.stderr ?? '',
    document: r.status === 0 && fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : null,
  };
}

/** Why our run counts as a crash, or null: exit 0/2 only, no stack trace, one line on exit 2, a whole document on 0. */
export function crashReason(ours: OurOutcome): string | null {
  if (ours.signal !== null) return `killed by ${ours.signal}`;
  if (ours.code !== 0 && ours.code !== 2) return `exit ${ours.code}`;
  if (/^\s+at .+:\d+:\d+\)?$/m.test(ours.stderr) || /internal error|FATAL ERROR/.test(ours.stderr))
    return `stack trace or internal error: ${ours.stderr.trim().split('\n')[0]}`;
  if (ours.code === 2 && !/^vllm-attention-docs: [^\n]+\n$/.test(ours.stderr))
    return `exit 2 without exactly one line: ${JSON.stringify(ours.stderr.slice(0, 200))}`;
  if (
    ours.code === 0 &&
    (ours.document === null || !ours.document.startsWith('# Attention Backend Feature Support\n'))
  )
    return 'exit 0 without a whole document';
  return null;
}

/** Whether ours agrees with the reference; a reason when not. */
export function compareWithReference(ours: OurOutcome, reference: ReferenceOutcome): string | null {
  if (reference.kind === 'failed') return `the reference did not run: ${reference.reason}`;
  if (reference.kind === 'crash')
    return ours.code === 2
      ? null
      : `the reference crashed (${reference.crashLine}) but we exited ${ours.code}`;
  if (ours.code !== 0)
    return `the reference wrote a document but we exited ${ours.code}: ${ours.stderr.trim()}`;
  if (ours.document === reference.document) return null;
  const a = reference.document.split('\n');
  const b = (ours.document ?? '').split('\n');
  let line = 0;
  while (line < a.length && a[line] === b[line]) line++;
  return `documents differ at line ${line + 1}:\n      reference: ${a[line] ?? '<end>'}\n      ours:      ${b[line] ?? '<end>'}`;
}

interface Options {
  readonly reference: string | null;
  readonly count: number;
  readonly seed: number;
  readonly keep: string | null;
  readonly sequence: boolean;
}

function parseArgs(argv: string[]): Options | string {
  const { reference, rest } = referenceFromArgs(argv);
  let count = 20;
  let seed = Math.floor(Math.random() * 1_000_000);
  let keep: string | null = null;
  let sequence = false;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--sequence') {
      sequence = true;
      continue;
    }
    const [flag, inline] = rest[i].split('=', 2);
    const value = inline ?? rest[++i];
    if (flag === '--count' && /^\d+$/.test(value ?? '')) count = Number(value);
    else if (flag === '--seed' && /^\d+$/.test(value ?? '')) seed = Number(value);
    else if (flag === '--keep' && value) keep = path.resolve(value);
    else return `unknown or incomplete argument: ${rest[i]}`;
  }
  return { reference, count, seed, keep, sequence };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (typeof options === 'string') {
    process.stderr.write(
      `mutation-test: ${options}\nusage: npm run mutation -- [--reference PATH] [--count N] [--seed S] [--keep DIR] [--sequence]\n`,
    );
    return 2;
  }
  let reference = options.reference;
  if (reference !== null && !fs.existsSync(reference)) {
    console.log(`reference ${reference} not found: checking only that our CLI never crashes`);
    reference = null;
  } else if (reference !== null) {
    const why = checkPython();
    if (why !== null) {
      console.log(`${why}: checking only that our CLI never crashes`);
      reference = null;
    }
  } else {
    console.log(
      'no reference (--reference PATH or VLLM_DOCS_REFERENCE): checking only that our CLI never crashes',
    );
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-mutation-'));
  let identical = 0;
  let compared = 0;
  let failures = 0;
  let changed = 0;
  // Ours follows the reference's generator version (the demo tree carries no script of its own).
  const env = reference === null ? process.env : envFollowing(reference);
  try {
    const cacheHome = path.join(work, 'cache');
    const cli = await bundleCli(work, options.sequence ? { fingerprint: `mutation-${options.seed}` } : {});
    const unmutated = path.join(work, 'unmutated');
    fs.cpSync(path.join(DEMO_TREE, 'vllm'), path.join(unmutated, 'vllm'), { recursive: true });
    let previousDocument: string | null = runOurs(cli, unmutated, { env }).document;
    console.log(
      `seed ${options.seed}, ${options.count} mutations of ${path.relative(process.cwd(), DEMO_TREE) || DEMO_TREE}` +
        (options.sequence ? ', one after another on one copy, with the cache' : ''),
    );
    const sequenceRoot = path.join(work, 'sequence');
    if (options.sequence)
      fs.cpSync(path.join(DEMO_TREE, 'vllm'), path.join(sequenceRoot, 'vllm'), { recursive: true });
    for (let i = 0; i < options.count; i++) {
      const seed = options.seed + i;
      const root = options.sequence ? sequenceRoot : path.join(work, `m${i}`);
      const before = options.sequence ? snapshot(root) : null;
      const mutation = options.sequence ? mutateInPlace(root, seed) : mutateTree(root, seed);
      const ours = runOurs(cli, root, options.sequence ? { cacheHome, env } : { env });
      const crash = crashReason(ours);
      // In a sequence, a change is from the state before.
      if (ours.document !== previousDocument) changed++;
      if (options.sequence) previousDocument = ours.document;
      let verdict = crash === null ? 'ok' : `CRASH: ${crash}`;
      if (crash === null && reference !== null) {
        const outcome = runReference({ referenceScript: reference, treeDir: root });
        const difference = compareWithReference(ours, outcome);
        compared++;
        if (difference === null) {
          identical++;
          verdict = outcome.kind === 'crash' ? `both fail (${outcome.crashLine})` : 'identical';
        } else {
          verdict = `DIFFERENT: ${difference}`;
        }
      }
      const failed = verdict.startsWith('CRASH') || verdict.startsWith('DIFFERENT');
      if (failed) failures++;
      console.log(`[${i + 1}/${options.count}] seed ${seed}: ${verdict}`);
      for (const edit of mutation.edits) console.log(`    ${edit}`);
      if (failed && options.keep !== null) {
        fs.cpSync(root, path.join(options.keep, `seed-${seed}`), { recursive: true });
      }
      if (!options.sequence) fs.rmSync(root, { recursive: true, force: true });
      // A state where analysis stops would stay stopped: the next mutation starts from the one before.
      else if (ours.code !== 0 && before !== null) restore(root, before);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`${changed} of ${options.count} mutations changed the outcome (document or exit)`);
  if (reference !== null)
    console.log(`${identical} of ${compared} identical (same document, or both failing)`);
  console.log(
    failures === 0
      ? `all ${options.count} mutations passed`
      : `${failures} of ${options.count} mutations FAILED`,
  );
  return failures === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`mutation-test: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
