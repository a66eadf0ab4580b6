// npm run bench:pair -- [--rounds N] -- COMMAND_A ... --vs COMMAND_B ...
//
// Times two whole commands in alternating pairs (A B A B ..., after one
// warm-up each) and prints each one's median wall time and peak RSS, and the
// median of the per-pair ratio A/B: pairing keeps the ratio meaningful when
// the machine's speed drifts, as it does on a shared 2-core machine. Each run
// goes through the same small python3 timer as `npm run bench` (wall clock
// around the child, getrusage(RUSAGE_CHILDREN) for its peak RSS), with
// NODE_EXTRA_CA_CERTS unset. Use it to measure one change: A = the build with
// it, B = a build of the commit before (e.g. a `git worktree` of it, built).
// No assertion: this is a measurement.

import { spawnSync } from 'node:child_process';

const TIMER = `
import resource, subprocess, sys, time
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - t
print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)
`;

function usage(message: string): never {
  console.error(
    `bench-pair: ${message}\nusage: npm run bench:pair -- [--rounds N] -- COMMAND_A ... --vs COMMAND_B ...`,
  );
  process.exit(2);
}

const argv = process.argv.slice(2);
let rounds = 15;
let i = 0;
for (; i < argv.length && argv[i] !== '--'; i++) {
  if (argv[i] === '--rounds' && /^\d+$/.test(argv[i + 1] ?? '')) rounds = Number(argv[++i]);
  else usage(`unexpected argument: ${argv[i]}`);
}
const rest = argv.slice(i + 1);
const split = rest.indexOf('--vs');
if (split <= 0 || split === rest.length - 1) usage('give COMMAND_A, then --vs and COMMAND_B');
const sides = { A: rest.slice(0, split), B: rest.slice(split + 1) };

const env: NodeJS.ProcessEnv = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;

function timeOnce(command: readonly string[]): { wall: number; rssMb: number } {
  const r = spawnSync('python3', ['-c', TIMER, ...command], { encoding: 'utf8', env });
  if (r.status !== 0) usage(`timer failed: ${r.stderr}`);
  const [wall, rssKb, code] = r.stdout.trim().split(/\s+/).map(Number);
  if (code !== 0) usage(`${command.join(' ')} exited ${code}`);
  return { wall, rssMb: rssKb / 1024 };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

timeOnce(sides.A);
timeOnce(sides.B);
const a: { wall: number; rssMb: number }[] = [];
const b: { wall: number; rssMb: number }[] = [];
for (let round = 0; round < rounds; round++) {
  a.push(timeOnce(sides.A));
  b.push(timeOnce(sides.B));
}
for (const [name, samples, command] of [
  ['A', a, sides.A],
  ['B', b, sides.B],
] as const) {
  const walls = samples.map((s) => s.wall * 1000);
  console.log(
    `${name}: median ${median(walls).toFixed(1)} ms, min ${Math.min(...walls).toFixed(1)} ms, peak RSS ${Math.max(...samples.map((s) => s.rssMb)).toFixed(1)} MB   ${command.join(' ')}`,
  );
}
const ratios = a.map((s, k) => s.wall / b[k].wall);
console.log(
  `A/B wall, median of ${rounds} pairs: ${median(ratios).toFixed(3)} (min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)}); NODE_EXTRA_CA_CERTS unset`,
);
