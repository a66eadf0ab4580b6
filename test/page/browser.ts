// The page tests' browser: Debian's chromium, driven by playwright-core (no
// browser is ever downloaded), headless, sandboxless (CI runs as root), with a
// fresh profile and nothing reaching the network. Where chromium is missing
// the tests skip, saying so.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../../scripts/chromium.js';
import { analyze } from '../../src/analyze.js';
import { renderHtml, type HtmlPageOptions } from '../../src/render/html.js';
import { DiskTree } from '../../src/tree/disk-tree.js';
import { makeTempDir } from '../temp-dir.js';
import { projectDir } from './paths.js';

export { demoTree } from './paths.js';
export { explainJson } from './explain-cli.js';

export { CHROMIUM };

const PAGE_SCRIPT = path.join(projectDir, 'dist/page-app.js');

/** Why the browser tests cannot run here, or false. */
export function browserMissing(): string | false {
  if (!fs.existsSync(CHROMIUM))
    return `no chromium at ${CHROMIUM} (apt-get install chromium, or set VAD_CHROMIUM): browser tests skipped`;
  return false;
}

/** The page for a tree on disk, written to a temporary file; its file:// URL. */
export function buildPage(root: string, options: Partial<HtmlPageOptions> = {}): string {
  if (!fs.existsSync(PAGE_SCRIPT))
    throw new Error('dist/page-app.js is missing: run `npm run build` (npm test does it first)');
  const tree = new DiskTree(root);
  const html = renderHtml(analyze(tree), { tree, ...options });
  const file = path.join(makeTempDir('page'), 'attention-backends.html');
  fs.writeFileSync(file, html);
  return pathToFileURL(file).href;
}

export async function launchBrowser(): Promise<BrowserContext> {
  return launchChromium(makeTempDir('chromium-profile'), { viewport: { width: 1280, height: 900 } });
}

/** A new tab on the page; script errors fail the test that reads `errors`. */
export async function openPage(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Nothing on the page may reach the network.
  await page.route(/^(?!file:|data:|blob:)/, (route) => {
    errors.push(`network request: ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(url);
  await page.waitForSelector('#filter-fields:not([disabled])');
  return { page, errors };
}

/** The rows a backend table shows, as "NAME VARIANT" (the first two cells). */
export async function shownRows(page: Page, table: 'standard' | 'prefill' | 'decode'): Promise<string[]> {
  return page.$$eval(`#table-${table} tbody tr:not([hidden])`, (rows) =>
    rows.map((row) => {
      const cells = [...(row as HTMLTableRowElement).cells].map((c) => c.textContent?.trim() ?? '');
      return cells[1] !== undefined && /^(FA\d|Native|TRTLLM)/.test(cells[1])
        ? `${cells[0]} ${cells[1]}`
        : cells[0];
    }),
  );
}

/** Sets the explain panel as `explain ARGV` would be asked, submits, and waits for that answer. */
export async function askPanel(page: Page, argv: readonly string[]): Promise<void> {
  await page.click('#x-reset');
  const flags: Record<string, string> = {
    '--mla': '#x-mla',
    '--sparse': '#x-sparse',
    '--sink': '#x-sink',
    '--mm-prefix': '#x-mm',
    '--non-causal': '#x-nc',
    '--per-head-quant-scales': '#x-phq',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (flags[arg] !== undefined) {
      await page.check(flags[arg]);
      continue;
    }
    i++;
    switch (arg) {
      case '--gpu':
        await page.fill('#x-gpu', value);
        break;
      case '--head-size':
        await page.fill('#x-head', value);
        break;
      case '--block-size':
        await page.fill('#x-block', value);
        break;
      case '--num-heads':
        await page.fill('#x-heads', value);
        break;
      case '--dtype':
        await page.selectOption('#x-dtype', value);
        break;
      case '--kv-cache-dtype':
        await page.selectOption('#x-kv', value);
        break;
      case '--attn-type':
        await page.selectOption('#x-attn', value);
        break;
      case '--attention-backend':
        await page.selectOption('#x-backend', value);
        break;
      case '--kernels':
        for (const box of await page.$$('input[id^="x-k-"]')) await box.uncheck();
        if (value !== 'none') for (const k of value.split(',')) await page.check(`#x-k-${k}`);
        break;
      default:
        throw new Error(`askPanel: no control for ${arg}`);
    }
  }
  await page.$eval('#explain-result', (e) => ((e as HTMLElement).dataset.state = 'asked'));
  await page.click('#explain-form button[type="submit"]');
  await page.waitForSelector('#explain-result[data-state="answered"]', { timeout: 60_000 });
}
