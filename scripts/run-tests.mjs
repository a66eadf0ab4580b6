// Runs every test/**/*.test.ts with node's test runner, through tsx.
// Node 20's --test does not expand glob patterns (Node 21 does) and npm's sh
// has no `**`, so the files are listed here. Arguments are passed to node
// before the files: `npm test -- --test-name-pattern=schema`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const files = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.ts') && !file.split(/[\\/]/).includes('fixtures'))
  .map((file) => join('test', file))
  .sort();

const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...process.argv.slice(2), ...files], {
  stdio: 'inherit',
});
if (run.error) throw run.error;
process.exitCode = run.status ?? 1;
