// How fast an HTML page opens: in Debian's chromium (headless, fresh profile),
// from navigation start to the first paint with content, to the tables ready
// (the script has applied the URL's filters and enabled the forms: the
// `vad-tables-ready` mark) and to the first explain answer on screen
// (`vad-first-answer`: the default question's answer the page was made with,
// or the first one computed) and to the first answer computed in the page
// (`vad-first-computed`). Prints the median of the runs, and the page's size.
//
// Usage: node --import tsx scripts/bench-page.ts [--runs N] PAGE.html|TREE_DIR...
// A folder is a tree: its page is made first (and the time that takes printed).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../src/analyze.js';
import { renderHtml } from '../src/render/html.js';
import { DiskTree } from '../src/tree/disk-tree.js';
import { launchChromium } from './chromium.js';

const args = process.argv.slice(2);
let runs = 5;
const targets: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--runs') runs = Number(args[++i]);
  else targets.push(args[i]);
}
if (targets.length === 0 || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: bench-page.ts [--runs N] PAGE.html|TREE_DIR...');
  process.exit(2);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-bench-page-'));

try {
  for (const target of targets) {
    let file = target;
    if (fs.statSync(target).isDirectory()) {
      const start = performance.now();
      const tree = new DiskTree(target);
      const html = renderHtml(analyze(tree), { tree });
      file = path.join(scratch, `${path.basename(target)}.html`);
      fs.writeFileSync(file, html);
      console.log(`${target}: page made in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    }
    const samples = {
      paint: [] as number[],
      tables: [] as number[],
      answer: [] as number[],
      computed: [] as number[],
    };
    for (let run = 0; run < runs; run++) {
      const profile = fs.mkdtempSync(path.join(scratch, 'profile-'));
      const context = await launchChromium(profile);
      const page = await context.newPage();
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => performance.getEntriesByName('vad-first-computed').length > 0, null, {
        timeout: 60_000,
      });
      const marks = await page.evaluate(() => ({
        paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
        tables: performance.getEntriesByName('vad-tables-ready')[0].startTime,
        answer: performance.getEntriesByName('vad-first-answer')[0].startTime,
        computed: performance.getEntriesByName('vad-first-computed')[0].startTime,
      }));
      samples.paint.push(marks.paint);
      samples.tables.push(marks.tables);
      samples.answer.push(marks.answer);
      samples.computed.push(marks.computed);
      await context.close();
    }
    const size = fs.statSync(file).size;
    console.log(
      `${path.basename(file)}: ${(size / 1024).toFixed(0)} KiB (${size} bytes); median of ${runs}: ` +
        `first paint ${median(samples.paint).toFixed(0)} ms, tables ready ${median(samples.tables).toFixed(0)} ms, ` +
        `first explain answer ${median(samples.answer).toFixed(0)} ms, ` +
        `first computed in the page ${median(samples.computed).toFixed(0)} ms`,
    );
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
