// `npm start`: the demo tree's document and its HTML page, each path printed.
// Arguments go to both runs; `-o PATH` names the document, and the page goes
// beside it as attention-backends.html (default: demo-output/).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'vllm-attention-docs.js');

/** The arguments with -o/--output's value replaced (or null when there is none). */
function withOutput(list, toPath) {
  const out = [];
  let found = null;
  for (let i = 0; i < list.length; i++) {
    const arg = list[i];
    const inline = /^(?:-o|--output=)(.+)$/.exec(arg);
    if ((arg === '-o' || arg === '--output') && i + 1 < list.length) {
      found = list[++i];
      out.push(arg, toPath(found));
    } else if (inline !== null && arg !== '--output') {
      found = inline[1];
      out.push(arg.startsWith('-o') ? `-o${toPath(found)}` : `--output=${toPath(found)}`);
    } else out.push(arg);
  }
  return { args: out, found };
}

function run(list) {
  const result = spawnSync(process.execPath, [bin, ...list], { stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(['--demo', ...args]);
const page = withOutput(args, (doc) => join(dirname(doc), 'attention-backends.html'));
run([
  '--demo',
  '--format',
  'html',
  ...page.args,
  ...(page.found === null ? ['-o', 'demo-output/attention-backends.html'] : []),
]);
