// Lexer throughput on python3's stdlib (site-packages excluded):
//   node --import tsx scripts/bench-lexer.ts [rounds]
// Decodes every .py file first (not timed), then times tokenizing all of them.

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeSourceBytes } from '../src/python/source.js';
import { Tokenizer } from '../src/python/tokenizer.js';

const stdlib = execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], {
  encoding: 'utf8',
}).trim();
const texts: string[] = [];
let bytes = 0;
const walk = (dir: string): void => {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'site-packages' || name === '__pycache__') continue;
    const path = join(dir, name);
    const info = statSync(path, { throwIfNoEntry: false });
    if (info?.isDirectory()) walk(path);
    else if (info?.isFile() && name.endsWith('.py')) {
      const raw = readFileSync(path);
      const decoded = decodeSourceBytes(raw);
      if (decoded.ok) {
        texts.push(decoded.text);
        bytes += raw.length;
      }
    }
  }
};
walk(stdlib);

function tokenizeAll(): number {
  let tokens = 0;
  for (const text of texts) {
    const tokenizer = new Tokenizer(text);
    try {
      while (tokenizer.next().kind !== 'EndMarker') tokens++;
    } catch {
      // the few stdlib files CPython rejects too
    }
  }
  return tokens;
}

const rounds = Number(process.argv[2] ?? 3);
tokenizeAll(); // warm-up
for (let round = 0; round < rounds; round++) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const tokens = tokenizeAll();
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  // CPU time is steadier than wall time on a shared machine.
  console.log(
    `${texts.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${tokens} tokens: ` +
      `${seconds.toFixed(2)} s wall (${(bytes / 1e6 / seconds).toFixed(1)} MB/s), ` +
      `${cpuSeconds.toFixed(2)} s CPU (${(bytes / 1e6 / cpuSeconds).toFixed(1)} MB/s)`,
  );
}
