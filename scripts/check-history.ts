// node --import tsx scripts/check-history.ts --repo GIT_DIR --since DATE --until REV [--every N]
//
// Checks walkHistory against brute force on a real repository: every
// first-parent commit of the range (or every Nth, plus all listed ones) is
// analysed afresh, without stage replay, and must give the matrix of the
// newest listed commit at or before it (or the base). That is the claim the
// walk rests on: between two listed commits no input changed. Slow (one
// analysis per commit); no timing.

import { analyze } from '../src/analyze.js';
import { AnalysisError } from '../src/diagnostics.js';
import { walkHistory } from '../src/history.js';
import { GitRepository } from '../src/tree/git-repository.js';

function usage(message: string): never {
  console.error(`check-history: ${message}\nusage: --repo GIT_DIR --since DATE --until REV [--every N]`);
  process.exit(2);
}

const argv = process.argv.slice(2);
let repo: string | null = null;
let since: string | null = null;
let until = 'HEAD';
let every = 1;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--repo') repo = argv[++i] ?? usage('--repo needs a path');
  else if (a === '--since') since = argv[++i] ?? usage('--since needs a date');
  else if (a === '--until') until = argv[++i] ?? usage('--until needs a revision');
  else if (a === '--every') every = Number(argv[++i]);
  else usage(`unknown argument ${a}`);
}
if (repo === null || since === null) usage('--repo and --since are required');
if (!Number.isInteger(every) || every < 1) usage('--every takes a whole number');

const LABEL = '/tree';
const history = walkHistory(repo, { since: { date: since }, until, label: LABEL });
if (history.base === null) usage('the range must start after a commit');
const repository = GitRepository.open(repo);
const fresh = (commit: string): string => {
  try {
    return JSON.stringify({ kind: 'matrix', matrix: analyze(repository.tree(commit, { label: LABEL })) });
  } catch (error) {
    if (!(error instanceof AnalysisError)) throw error;
    return JSON.stringify({ kind: 'error', diagnostic: error.diagnostic });
  }
};
const listed = new Map(history.entries.map((e) => [e.commit, JSON.stringify(e.outcome)]));
const range = repository
  .run(['rev-list', '--first-parent', '--reverse', until, `^${history.base.commit}`])
  .stdout.toString('utf8')
  .split('\n')
  .filter((line) => line !== '');
let expected = JSON.stringify(history.base.outcome);
let checked = 0;
const wrong: string[] = [];
if (fresh(history.base.commit) !== expected) wrong.push(`${history.base.commit} (base)`);
range.forEach((commit, i) => {
  const entry = listed.get(commit);
  if (entry !== undefined) expected = entry;
  else if (i % every !== 0) return;
  checked++;
  if (fresh(commit) !== expected) wrong.push(`${commit}${entry === undefined ? ' (not listed)' : ''}`);
});
repository.close();
console.log(
  `${history.entries.length} commits listed; ${checked} of the ${range.length} first-parent commits analysed afresh; ${wrong.length} differ`,
);
for (const commit of wrong) console.log(`  differs: ${commit}`);
process.exitCode = wrong.length === 0 ? 0 : 1;
