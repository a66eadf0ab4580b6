// Parser throughput: our parseModule vs CPython's ast.parse on the same texts.
//
//   npm run bench:parser -- [files or dirs...] [--limit N] [--rounds R] [--warmup W] [--python python3]
//
// Both sides read and decode every file first (Path.read_text() semantics), keep only files
// both parse, and then time only the parse of all texts, R rounds after W warm-up rounds.
// CPython's side runs in its own python3 process (time.perf_counter around ast.parse) after
// ours has finished, so the two never compete for a core.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseModule } from '../src/python/parse.js';
import { decodeSourceBytes } from '../src/python/source.js';
import { collectCorpus, parseFlags, PythonLines } from './corpus.js';

interface Timing {
  best: number;
  median: number;
}

function summarize(seconds: number[]): Timing {
  const sorted = [...seconds].sort((a, b) => a - b);
  return { best: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
}

function mbPerSecond(bytes: number, seconds: number): string {
  return (bytes / 1e6 / seconds).toFixed(2);
}

async function cpythonTimes(
  python: string,
  paths: string[],
  options: { warmup: number; rounds: number },
): Promise<{ files: number; bytes: number; seconds: number[]; skipped: string[] }> {
  const process = new PythonLines(python, [
    'bench',
    `--warmup=${options.warmup}`,
    `--rounds=${options.rounds}`,
  ]);
  process.write(JSON.stringify(paths));
  process.end();
  return (await process.next()) as { files: number; bytes: number; seconds: number[]; skipped: string[] };
}

async function main(): Promise<void> {
  const { flags, positional } = parseFlags(process.argv.slice(2), ['limit', 'rounds', 'warmup', 'python']);
  const python = flags.get('python') ?? 'python3';
  const limit = flags.has('limit') ? Number(flags.get('limit')) : undefined;
  const rounds = Number(flags.get('rounds') ?? 3);
  const warmup = Number(flags.get('warmup') ?? 1);
  const files = collectCorpus({ targets: positional, python, limit });

  // Load everything first; keep the files that we decode and parse.
  const texts: string[] = [];
  const kept: string[] = [];
  let bytes = 0;
  for (const path of files) {
    const raw = readFileSync(path);
    const decoded = decodeSourceBytes(raw);
    if (!decoded.ok) continue;
    let parsed = false;
    try {
      parsed = parseModule(decoded.text).ok;
    } catch {
      parsed = false;
    }
    if (!parsed) continue;
    texts.push(decoded.text);
    kept.push(path);
    bytes += Buffer.byteLength(decoded.text, 'utf8');
  }

  const ours: number[] = [];
  for (let round = 0; round < warmup + rounds; round++) {
    const started = performance.now();
    for (const text of texts) parseModule(text);
    const elapsed = (performance.now() - started) / 1000;
    if (round >= warmup) ours.push(elapsed);
  }

  const cpython = await cpythonTimes(python, kept, { warmup, rounds });
  const oursTiming = summarize(ours);
  const cpythonTiming = summarize(cpython.seconds);
  console.log(
    `corpus: ${kept.length} of ${files.length} files parsed by both sides, ${(bytes / 1e6).toFixed(1)} MB`,
  );
  if (cpython.files !== kept.length) console.log(`(CPython skipped ${cpython.skipped.length} of them)`);
  console.log(`rounds: ${rounds} after ${warmup} warm-up`);
  console.log(
    `ours     parseModule: best ${oursTiming.best.toFixed(3)} s (${mbPerSecond(bytes, oursTiming.best)} MB/s), ` +
      `median ${oursTiming.median.toFixed(3)} s (${mbPerSecond(bytes, oursTiming.median)} MB/s)`,
  );
  console.log(
    `CPython  ast.parse:   best ${cpythonTiming.best.toFixed(3)} s (${mbPerSecond(cpython.bytes, cpythonTiming.best)} MB/s), ` +
      `median ${cpythonTiming.median.toFixed(3)} s (${mbPerSecond(cpython.bytes, cpythonTiming.median)} MB/s)`,
  );
  console.log(
    `ratio (ours / CPython time): best ${(oursTiming.best / cpythonTiming.best).toFixed(2)}x, ` +
      `median ${(oursTiming.median / cpythonTiming.median).toFixed(2)}x`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
