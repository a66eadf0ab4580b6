// The screenshots of the HTML page in docs/screenshots/: light and dark themes
// at a desktop width, and a phone's width (360 px), taken in Debian's
// chromium from the page for a tree.
//
// Usage: node --import tsx scripts/page-screenshots.ts TREE_DIR [--name "how the page names it"] [--out DIR]

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { analyze } from '../src/analyze.js';
import { renderHtml } from '../src/render/html.js';
import { launchChromium } from './chromium.js';
import { DiskTree } from '../src/tree/disk-tree.js';

const args = process.argv.slice(2);
let name: string | undefined;
let out = 'docs/screenshots';
const roots: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--name') name = args[++i];
  else if (args[i] === '--out') out = args[++i];
  else roots.push(args[i]);
}
if (roots.length !== 1) {
  console.error('usage: page-screenshots.ts TREE_DIR [--name NAME] [--out DIR]');
  process.exit(2);
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vad-screenshots-'));
try {
  const tree = new DiskTree(roots[0]);
  const file = path.join(scratch, 'page.html');
  fs.writeFileSync(file, renderHtml(analyze(tree), { tree, treeName: name }));
  const url = pathToFileURL(file).href;
  const context = await launchChromium(path.join(scratch, 'profile'));
  fs.mkdirSync(out, { recursive: true });
  const shoot = async (
    shot: string,
    options: { width: number; height: number; dark: boolean; hash: string; scrollTo: string },
  ): Promise<void> => {
    const page: Page = await context.newPage();
    await page.setViewportSize({ width: options.width, height: options.height });
    await page.emulateMedia({ colorScheme: options.dark ? 'dark' : 'light' });
    await page.goto(`${url}#${options.hash}`);
    await page.waitForSelector('#explain-result[data-state="answered"]', { timeout: 60_000 });
    if (options.scrollTo !== '') await page.locator(options.scrollTo).scrollIntoViewIfNeeded();
    const target = path.join(out, `${shot}.png`);
    await page.screenshot({ path: target });
    console.log(`${target}: ${fs.statSync(target).size} bytes`);
    await page.close();
  };
  // A question with reasons and fixes to show; a filtered table.
  await shoot('page-light', {
    width: 1280,
    height: 1500,
    dark: false,
    hash: 'x.gpu=A100&x.kv=fp8',
    scrollTo: '',
  });
  await shoot('page-dark', {
    width: 1280,
    height: 900,
    dark: true,
    hash: 'gpu=B200&sink=1',
    scrollTo: '#table-standard',
  });
  await shoot('page-phone', {
    width: 360,
    height: 780,
    dark: false,
    hash: 'x.gpu=RTX%205090',
    scrollTo: '#explain-status',
  });
  await context.close();
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
