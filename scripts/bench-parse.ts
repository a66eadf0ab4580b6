// Dev benchmark: parse every stdlib file N times and report MB/s (ours); pass --cpython to time ast.parse too.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseModule } from '../src/python/parse.js';

const root = execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"])
  .toString()
  .trim();
const files: string[] = [];
const walkDir = (d: string): void => {
  for (const name of readdirSync(d)) {
    const full = join(d, name);
    const st = statSync(full);
    if (st.isDirectory()) {
      if (name !== 'site-packages' && name !== '__pycache__') walkDir(full);
    } else if (name.endsWith('.py')) files.push(full);
  }
};
walkDir(root);
const texts: string[] = [];
let bytes = 0;
for (const f of files) {
  try {
    const t = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(f));
    texts.push(t);
    bytes += Buffer.byteLength(t);
  } catch {
    // undecodable files are not part of the throughput measure
  }
}
const rounds = Number(process.argv[2] ?? 3);
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let failed = 0;
  for (const t of texts) if (!parseModule(t).ok) failed++;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `round ${r}: ${texts.length} files, ${(bytes / 1e6).toFixed(1)} MB in ${ms.toFixed(0)} ms wall = ${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s; ${cpuMs.toFixed(0)} ms cpu = ${(bytes / 1e6 / (cpuMs / 1000)).toFixed(1)} MB/s (rejected ${failed})`,
  );
}
