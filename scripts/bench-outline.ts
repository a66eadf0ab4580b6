// What parsing a few top-level statements of a file costs next to a full parse
// (src/python/outline.ts): for each large file, the full parse, the source preparation
// done once per file, and re-parsing three of its groups (first, middle, last).
//
//   node --import tsx scripts/bench-outline.ts [files or dirs...] [--min-bytes N] [--groups G] [--rounds R]
//
// Default corpus: python3's stdlib files of at least 100 KB.

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { decodeSourceBytes } from '../src/python/source.js';
import { parseModule } from '../src/python/parse.js';
import {
  parseModuleWithOutline,
  parseOutlineGroup,
  prepareOutlineSource,
  type OutlineGroup,
} from '../src/python/outline.js';
import { collectCorpus, parseFlags } from './corpus.js';

interface Sample {
  path: string;
  text: string;
  chosen: OutlineGroup[];
}

/**
 * Median milliseconds per task of `rounds` runs over all samples; the tasks take turns
 * within each round so that garbage collection and a busy machine hit them alike.
 */
function medianMs(rounds: number, samples: Sample[], tasks: ((sample: Sample) => void)[]): number[] {
  const times: number[][] = tasks.map(() => []);
  for (let round = 0; round < rounds + 1; round++) {
    tasks.forEach((task, index) => {
      const started = performance.now();
      for (const sample of samples) task(sample);
      if (round > 0) times[index].push(performance.now() - started); // round 0 warms up
    });
  }
  return times.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]);
}

function main(): void {
  const { flags, positional } = parseFlags(process.argv.slice(2), ['min-bytes', 'groups', 'rounds']);
  const minBytes = Number(flags.get('min-bytes') ?? 100_000);
  const groupCount = Number(flags.get('groups') ?? 3);
  const rounds = Number(flags.get('rounds') ?? 10);
  const samples: Sample[] = [];
  let bytes = 0;
  for (const path of collectCorpus({ targets: positional, python: 'python3' })) {
    const raw = readFileSync(path);
    if (raw.length < minBytes) continue;
    const decoded = decodeSourceBytes(raw);
    if (!decoded.ok) continue;
    const result = parseModuleWithOutline(decoded.text);
    if (!result.ok || result.outline.groups.length === 0) continue;
    const groups = result.outline.groups;
    const chosen: OutlineGroup[] = [];
    for (let i = 0; i < groupCount; i++) {
      chosen.push(groups[Math.floor(((groups.length - 1) * i) / Math.max(1, groupCount - 1))]);
    }
    samples.push({ path, text: decoded.text, chosen });
    bytes += raw.length;
  }
  if (samples.length === 0) {
    console.log(`no file of at least ${minBytes} bytes parses`);
    return;
  }
  const perFile = (ms: number): string => `${(ms / samples.length).toFixed(3)} ms/file`;
  const [full, withOutline, prepare, groups, groupsUnprepared] = medianMs(rounds, samples, [
    (s) => parseModule(s.text),
    (s) => parseModuleWithOutline(s.text),
    (s) => prepareOutlineSource(s.text),
    (s) => {
      const source = prepareOutlineSource(s.text);
      for (const group of s.chosen) parseOutlineGroup(source, group);
    },
    (s) => {
      for (const group of s.chosen) parseOutlineGroup(s.text, group);
    },
  ]);
  console.log(
    `corpus: ${samples.length} files of at least ${minBytes} bytes, ${(bytes / 1e6).toFixed(2)} MB; ` +
      `${groupCount} groups each (first, ..., last); median of ${rounds} rounds`,
  );
  console.log(`parseModule (full parse)                 ${perFile(full)}`);
  console.log(`parseModuleWithOutline                   ${perFile(withOutline)}`);
  console.log(`prepareOutlineSource only                ${perFile(prepare)}`);
  console.log(`prepare once + ${groupCount} x parseOutlineGroup     ${perFile(groups)}`);
  console.log(`${groupCount} x parseOutlineGroup(string source)     ${perFile(groupsUnprepared)}`);
}

main();
