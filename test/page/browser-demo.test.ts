// The HTML page in a real browser, on the demo tree shipped with the package
// as `npm start` writes it (file:// links): every section of the document,
// tables whose cells are the document's, filters on FA and FlashInfer variants
// and on the MLA prefill table, file:// links, and the explain panel answering
// as `explain` does on the demo. (browser-interaction.test.ts drives the rest
// of the page on the same tree.)

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { analyze } from '../../src/analyze.js';
import { documentTables, renderMarkdown } from '../../src/render/markdown.js';
import { DiskTree } from '../../src/tree/disk-tree.js';
import {
  askPanel,
  browserMissing,
  buildPage,
  demoTree,
  explainJson,
  launchBrowser,
  openPage,
  shownRows,
} from './browser.js';

const missing = browserMissing();

describe('the page on the demo tree, in chromium', { skip: missing }, () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const treeUrl = `${pathToFileURL(demoTree).href}/`;
  const matrix = analyze(new DiskTree(demoTree));

  before(async () => {
    const url = buildPage(demoTree, { links: { base: treeUrl, lineAnchors: false } });
    context = await launchBrowser();
    ({ page, errors } = await openPage(context, url));
  });
  after(async () => {
    await context?.close();
  });

  test("every heading of the document is on the page, and the tables' cells are the document's", async () => {
    let inCode = false;
    const headings = renderMarkdown(matrix)
      .split('\n')
      .filter((line) => {
        if (line.startsWith('```')) inCode = !inCode;
        return !inCode && /^#{1,3} /.test(line);
      })
      .map((line) => line.replace(/^#+ /, '').replace(/`/g, ''));
    const shown = await page.$$eval('#document h2, #document h3, #document h4', (hs) =>
      hs.map((h) => h.textContent ?? ''),
    );
    assert.deepEqual(shown, headings);
    const tables = documentTables(matrix);
    for (const [id, table] of [
      ['standard', tables.standard],
      ['prefill', tables.prefill],
      ['decode', tables.decode],
    ] as const) {
      assert.ok(table !== null);
      const cells = await page.$$eval(`#table-${id} tbody tr`, (rows) =>
        rows.map((r) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent ?? '')),
      );
      assert.deepEqual(
        cells,
        table.rows.map((row) => row.map((cell) => cell.replace(/`/g, '').replace(/\*\*|\\/g, ''))),
        id,
      );
    }
  });

  test('a GPU filter on the variant rows and on the MLA prefill table', async () => {
    await page.fill('#f-gpu', '9.0');
    assert.deepEqual(await shownRows(page, 'standard'), [
      'FLASHINFER Native†',
      'FLASH_ATTN FA2*',
      'FLASH_ATTN FA3*',
      'TRITON_ATTN',
    ]);
    assert.deepEqual(await shownRows(page, 'prefill'), ['FLASH_ATTN‡']);
    await page.fill('#f-gpu', 'B200');
    assert.deepEqual(await shownRows(page, 'prefill'), ['FLASH_ATTN‡', 'TRTLLM_RAGGED', 'FLASHINFER']);
    await page.selectOption('#f-dtype', 'float16');
    assert.deepEqual(await shownRows(page, 'prefill'), ['FLASH_ATTN‡', 'TRTLLM_RAGGED']);
    await page.click('#f-clear');
    assert.equal((await shownRows(page, 'standard')).length, 8);
  });

  test('rows link to the files in the tree (file://)', async () => {
    const link = page.locator('#table-standard tbody tr', { hasText: 'TRITON_ATTN' }).locator('th a');
    assert.equal(await link.getAttribute('href'), `${treeUrl}vllm/v1/attention/backends/triton_attn.py`);
    assert.equal(await link.getAttribute('title'), 'vllm/v1/attention/backends/triton_attn.py, line 8');
    const prefill = page.locator('#table-prefill tbody tr', { hasText: 'TRTLLM_RAGGED' }).locator('th a');
    assert.match((await prefill.getAttribute('href')) ?? '', new RegExp(`^${treeUrl}vllm/`));
  });

  test('the explain panel answers as explain does on the demo tree', async () => {
    // The page opens with the answer to the default question (H100, head size 128).
    await page.waitForSelector('#explain-result[data-state="answered"]');
    assert.match((await page.textContent('#explain-result')) ?? '', /vLLM picks FLASH_ATTN\./);
    for (const argv of [
      ['--gpu', 'B200', '--head-size', '576', '--mla'],
      ['--gpu', 'T4', '--head-size', '64', '--kv-cache-dtype', 'fp8', '--block-size', '16'],
      ['--gpu', 'H100', '--head-size', '128', '--kernels', 'fa2,fa3'],
    ]) {
      const expected = explainJson(demoTree, argv);
      assert.ok(
        'json' in expected,
        `explain ${argv.join(' ')}: ${'error' in expected ? expected.error : ''}`,
      );
      await askPanel(page, argv);
      const shown = JSON.parse((await page.textContent('#explain-json')) ?? 'null') as unknown;
      assert.deepEqual(shown, expected.json, `explain ${argv.join(' ')}`);
    }
    const text = (await page.textContent('#explain-result')) ?? '';
    assert.match(text, /On H100 \(compute capability 9\.0\) vLLM picks FLASH_ATTN\./);
    assert.match(text, /No module named 'flashinfer'/);
  });

  test('no script errors, no network', () => {
    assert.deepEqual(errors, []);
    assert.ok(path.isAbsolute(demoTree));
  });
});
