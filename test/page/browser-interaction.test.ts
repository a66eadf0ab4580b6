// The HTML page in a real browser, on the demo tree (examples/demo-vllm, which
// both the generator and explain run on), with GitHub-style links: the filters
// decide on the typed facts, sorting, links, the URL hash, keyboard use,
// themes, a phone's width, and the explain panel against `explain --format
// json` on the same tree for setups across GPUs, MLA and not, KV dtypes,
// block and head sizes, kernels and explicit backends.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
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

/** Setups as `explain` takes them; the panel is set to each in turn. */
const SETUPS: readonly (readonly string[])[] = [
  ['--gpu', 'H100', '--head-size', '128'],
  ['--gpu', 'A100', '--head-size', '128', '--kv-cache-dtype', 'fp8'],
  ['--gpu', 'A100', '--head-size', '128', '--kv-cache-dtype', 'fp8', '--sink'],
  ['--gpu', 'H100', '--head-size', '128', '--kv-cache-dtype', 'fp8'],
  ['--gpu', 'B200', '--head-size', '128', '--sink'],
  ['--gpu', 'B200', '--head-size', '128', '--kv-cache-dtype', 'nvfp4'],
  ['--gpu', 'H100', '--head-size', '128', '--kv-cache-dtype', 'nvfp4'],
  ['--gpu', 'T4', '--head-size', '128'],
  ['--gpu', 'V100', '--head-size', '64', '--dtype', 'float16'],
  ['--gpu', 'L4', '--head-size', '80'],
  ['--gpu', 'H100', '--head-size', '128', '--block-size', '8'],
  ['--gpu', 'H100', '--head-size', '128', '--block-size', '32'],
  ['--gpu', 'B200', '--head-size', '128', '--block-size', '128'],
  ['--gpu', 'B300', '--head-size', '128', '--kernels', 'fa2,fa3'],
  ['--gpu', 'H100', '--head-size', '128', '--kernels', 'none'],
  ['--gpu', '8.9', '--head-size', '128', '--dtype', 'float32'],
  ['--gpu', 'RTX 5090', '--head-size', '128'],
  ['--gpu', 'GB10', '--head-size', '128', '--mm-prefix'],
  ['--gpu', 'H100', '--head-size', '128', '--non-causal'],
  ['--gpu', 'H100', '--head-size', '128', '--attn-type', 'encoder_decoder'],
  ['--gpu', 'A10', '--head-size', '96', '--attn-type', 'encoder_only'],
  ['--gpu', 'H100', '--head-size', '128', '--per-head-quant-scales'],
  ['--gpu', 'H100', '--head-size', '128', '--attention-backend', 'FLASHINFER'],
  ['--gpu', 'T4', '--head-size', '128', '--attention-backend', 'FLASH_ATTN'],
  ['--gpu', 'sm_100', '--head-size', '128', '--kernels', 'fa2,fa3,fa4,flashinfer,trtllm,flashmla', '--sink'],
  ['--gpu', 'H100', '--head-size', '576', '--mla'],
  ['--gpu', 'B200', '--head-size', '576', '--mla'],
  ['--gpu', 'B200', '--head-size', '576', '--mla', '--kv-cache-dtype', 'fp8'],
  ['--gpu', 'H100', '--head-size', '576', '--mla', '--block-size', '32'],
  ['--gpu', 'A100', '--head-size', '576', '--mla'],
  ['--gpu', 'H100', '--head-size', '576', '--mla', '--sparse'],
  ['--gpu', 'B200', '--head-size', '576', '--mla', '--sparse', '--num-heads', '16'],
  [
    '--gpu',
    'B200',
    '--head-size',
    '576',
    '--mla',
    '--sparse',
    '--num-heads',
    '128',
    '--kv-cache-dtype',
    'fp8_ds_mla',
  ],
  ['--gpu', 'B200', '--head-size', '576', '--mla', '--sparse', '--kernels', 'fa2,fa3,trtllm,flashmla'],
  ['--gpu', 'H100', '--head-size', '576', '--mla', '--kernels', 'fa2,fa3,flashinfer,trtllm'],
  ['--gpu', 'H100', '--head-size', '512', '--mla'],
  ['--gpu', 'Jetson Thor', '--head-size', '576', '--mla', '--block-size', '64'],
  ['--gpu', 'A100', '--head-size', '576', '--mla', '--attention-backend', 'FLASHMLA'],
];

/** The standard table's rows in the document's order. */
const STANDARD_ROWS = [
  'CPU_ATTN',
  'FLASHINFER Native†',
  'FLASHINFER TRTLLM†',
  'FLASH_ATTN FA2*',
  'FLASH_ATTN FA3*',
  'FLASH_ATTN FA4*',
  'ROCM_ATTN',
  'TRITON_ATTN',
];

describe('the page on the demo tree with GitHub links, in chromium', { skip: missing }, () => {
  let context: BrowserContext;
  let url: string;
  let page: Page;
  let errors: string[];

  before(async () => {
    // GitHub-style links, to check their form; the CLI finds them from git (test/page/source-links.test.ts).
    url = buildPage(demoTree, {
      links: {
        base: 'https://github.com/owner/repo/blob/0123456789abcdef0123456789abcdef01234567/',
        lineAnchors: true,
      },
      treeName: 'owner/repo at 0123456789',
    });
    context = await launchBrowser();
    ({ page, errors } = await openPage(context, url));
  });
  after(async () => {
    await context?.close();
  });

  const filterBy = async (fill: (p: Page) => Promise<unknown>): Promise<void> => {
    await page.click('#f-clear');
    await fill(page);
  };

  test('before filtering every row is shown', async () => {
    assert.deepEqual(await shownRows(page, 'standard'), STANDARD_ROWS);
    assert.equal(await page.textContent('#filter-status'), '16 of 16 backend rows shown.');
    assert.match((await page.textContent('#caption-standard')) ?? '', /\(8 of 8 rows\)/);
  });

  test('a GPU filter keeps the rows whose compute-capability facts admit it, by name or capability', async () => {
    await filterBy((p) => p.fill('#f-gpu', 'T4'));
    // 7.5: FlashInfer's native kernels (7.5 to 12.1, up to 9.x) and Triton (any); not FA (>= 8.0), not CPU or ROCm (N/A).
    assert.deepEqual(await shownRows(page, 'standard'), ['FLASHINFER Native†', 'TRITON_ATTN']);
    assert.deepEqual(await shownRows(page, 'decode'), ['LATENT_ATTN', 'TRITON_MLA']);
    assert.deepEqual(await shownRows(page, 'prefill'), ['FLASH_ATTN‡']);
    assert.equal(await page.textContent('#f-gpu-parsed'), 'T4: compute capability 7.5');
    await filterBy((p) => p.fill('#f-gpu', '10.0'));
    assert.deepEqual(await shownRows(page, 'standard'), [
      'FLASHINFER TRTLLM†',
      'FLASH_ATTN FA2*',
      'FLASH_ATTN FA4*',
      'TRITON_ATTN',
    ]);
    assert.deepEqual(await shownRows(page, 'decode'), [
      'FLASHINFER_MLA_SPARSE',
      'FLASHMLA',
      'FLASHMLA_SPARSE',
      'LATENT_ATTN',
      'TRITON_MLA',
    ]);
    assert.deepEqual(await shownRows(page, 'prefill'), ['FLASH_ATTN‡', 'TRTLLM_RAGGED', 'FLASHINFER']);
    await filterBy((p) => p.fill('#f-gpu', 'H100'));
    assert.deepEqual(await shownRows(page, 'standard'), [
      'FLASHINFER Native†',
      'FLASH_ATTN FA2*',
      'FLASH_ATTN FA3*',
      'TRITON_ATTN',
    ]);
    await filterBy((p) => p.fill('#f-gpu', 'MI300X'));
    assert.match((await page.textContent('#filter-status')) ?? '', /ROCm device/);
  });

  test('size, dtype, KV dtype, feature and attention-type filters', async () => {
    await filterBy((p) => p.fill('#f-head', '80'));
    assert.deepEqual(await shownRows(page, 'standard'), ['CPU_ATTN', 'TRITON_ATTN']);
    await filterBy((p) => p.fill('#f-block', '32'));
    // %16 admits 32, FlashInfer and ROCm list it; the FlashMLA backends (64) do not.
    assert.deepEqual(await shownRows(page, 'standard'), [
      'CPU_ATTN',
      'FLASHINFER Native†',
      'FLASHINFER TRTLLM†',
      'FLASH_ATTN FA2*',
      'FLASH_ATTN FA3*',
      'FLASH_ATTN FA4*',
      'ROCM_ATTN',
      'TRITON_ATTN',
    ]);
    assert.deepEqual(await shownRows(page, 'decode'), ['FLASHINFER_MLA_SPARSE', 'LATENT_ATTN', 'TRITON_MLA']);
    await filterBy((p) => p.selectOption('#f-kv', 'fp8_e5m2'));
    assert.deepEqual(await shownRows(page, 'standard'), [
      'FLASHINFER Native†',
      'FLASHINFER TRTLLM†',
      'FLASH_ATTN FA3*',
    ]);
    await filterBy((p) => p.selectOption('#f-dtype', 'float32'));
    assert.deepEqual(await shownRows(page, 'standard'), ['CPU_ATTN', 'TRITON_ATTN']);
    await filterBy((p) => p.check('#f-sink'));
    assert.deepEqual(await shownRows(page, 'standard'), [
      'FLASHINFER TRTLLM†',
      'FLASH_ATTN FA3*',
      'FLASH_ATTN FA4*',
      'ROCM_ATTN',
      'TRITON_ATTN',
    ]);
    await filterBy((p) => p.check('#f-sparse'));
    assert.deepEqual(await shownRows(page, 'standard'), []);
    assert.deepEqual(await shownRows(page, 'decode'), ['FLASHINFER_MLA_SPARSE', 'FLASHMLA_SPARSE']);
    await filterBy((p) => p.check('#f-dcp'));
    assert.deepEqual(await shownRows(page, 'decode'), ['FLASHINFER_MLA_SPARSE', 'FLASHMLA', 'TRITON_MLA']);
    await filterBy((p) => p.check('#f-nc'));
    assert.deepEqual(await shownRows(page, 'standard'), ['TRITON_ATTN']);
    await filterBy((p) => p.check('#f-mm'));
    assert.deepEqual(await shownRows(page, 'standard'), [
      'FLASH_ATTN FA2*',
      'FLASH_ATTN FA3*',
      'FLASH_ATTN FA4*',
      'TRITON_ATTN',
    ]);
    await filterBy((p) => p.selectOption('#f-attn', 'ENCODER_DECODER'));
    assert.deepEqual(await shownRows(page, 'standard'), [
      'FLASH_ATTN FA2*',
      'FLASH_ATTN FA3*',
      'FLASH_ATTN FA4*',
      'TRITON_ATTN',
    ]);
    // Together: a Hopper GPU, head size 64, an fp8 cache.
    await filterBy(async (p) => {
      await p.fill('#f-gpu', '9.0');
      await p.fill('#f-head', '64');
      await p.selectOption('#f-kv', 'fp8');
    });
    assert.deepEqual(await shownRows(page, 'standard'), [
      'FLASHINFER Native†',
      'FLASH_ATTN FA3*',
      'TRITON_ATTN',
    ]);
    assert.deepEqual(await shownRows(page, 'decode'), []);
    // Head size 576 instead: only FlashMLA among the decode rows (TRITON_MLA and LATENT_ATTN list `auto` only).
    await page.fill('#f-head', '576');
    assert.deepEqual(await shownRows(page, 'standard'), ['TRITON_ATTN']);
    assert.deepEqual(await shownRows(page, 'decode'), ['FLASHMLA']);
    assert.match((await page.textContent('#filter-status')) ?? '', /^\d+ of 16 backend rows shown\.$/);
    await page.click('#f-clear');
  });

  test('a column sorts ascending, descending, then back to the document order', async () => {
    const header = '#table-standard th[data-column="headSizes"]';
    await page.click(`${header} button`);
    assert.equal(await page.getAttribute(header, 'aria-sort'), 'ascending');
    const ascending = await shownRows(page, 'standard');
    // Numbers compare by value: "32, 64, 80, ..." before "32, 64, 96, ...", and "64, 128" before "64, 128, 256".
    assert.deepEqual(ascending.slice(0, 4), [
      'CPU_ATTN',
      'FLASH_ATTN FA2*',
      'FLASH_ATTN FA3*',
      'FLASH_ATTN FA4*',
    ]);
    assert.equal(ascending.at(-1), 'TRITON_ATTN'); // "Any" sorts last
    await page.click(`${header} button`);
    assert.equal(await page.getAttribute(header, 'aria-sort'), 'descending');
    assert.equal((await shownRows(page, 'standard'))[0], 'TRITON_ATTN');
    await page.click(`${header} button`);
    assert.equal(await page.getAttribute(header, 'aria-sort'), 'none');
    assert.deepEqual(await shownRows(page, 'standard'), STANDARD_ROWS);
  });

  test('rows link to their sources on GitHub at the commit, at the line of each fact', async () => {
    const base = 'https://github.com/owner/repo/blob/0123456789abcdef0123456789abcdef01234567/';
    const row = page
      .locator('#table-decode tbody tr')
      .filter({ has: page.locator('th', { hasText: /^FLASHMLA$/ }) });
    assert.equal(
      await row.locator('th a').getAttribute('href'),
      `${base}vllm/v1/attention/backends/mla/flashmla.py#L18`,
    );
    // Block sizes: the return statement of get_supported_kernel_block_sizes.
    assert.equal(
      await row.locator('td').nth(2).locator('a').getAttribute('href'),
      `${base}vllm/v1/attention/backends/mla/flashmla.py#L27`,
    );
    // FA3's own facts come from fa_utils.py.
    const fa3 = page.locator('#table-standard tbody tr', { hasText: 'FA3*' });
    assert.match(
      (await fa3.locator('td').last().locator('a').getAttribute('href')) ?? '',
      /fa_utils\.py#L\d+$/,
    );
  });

  test('the URL hash holds filters, sorts and the explain inputs, and a link reproduces them', async () => {
    await page.fill('#f-gpu', 'B200');
    await page.fill('#f-head', '128');
    await page.check('#f-sink');
    await page.click('#table-decode th[data-column="name"] button');
    await askPanel(page, ['--gpu', 'B300', '--head-size', '576', '--mla', '--kv-cache-dtype', 'fp8']);
    const hash = new URL(page.url()).hash;
    assert.match(hash, /gpu=B200/);
    assert.match(hash, /x\.gpu=B300/);
    const rows = await shownRows(page, 'standard');
    const answer = await page.textContent('#explain-json');

    const { page: again, errors: againErrors } = await openPage(context, `${url}${hash}`);
    await again.waitForSelector('#explain-result[data-state="answered"]');
    assert.equal(await again.inputValue('#f-gpu'), 'B200');
    assert.equal(await again.inputValue('#f-head'), '128');
    assert.equal(await again.isChecked('#f-sink'), true);
    assert.equal(await again.getAttribute('#table-decode th[data-column="name"]', 'aria-sort'), 'ascending');
    assert.deepEqual(await shownRows(again, 'standard'), rows);
    assert.equal(await again.inputValue('#x-gpu'), 'B300');
    assert.equal(await again.isChecked('#x-mla'), true);
    assert.equal(await again.inputValue('#x-kv'), 'fp8');
    assert.equal(await again.textContent('#explain-json'), answer);
    assert.equal(new URL(again.url()).hash, hash);
    assert.deepEqual(againErrors, []);
    await again.close();
    await page.click('#f-clear');
    await page.click('#table-decode th[data-column="name"] button');
    await page.click('#table-decode th[data-column="name"] button');
  });

  test(`the explain panel answers ${SETUPS.length} setups exactly as explain --format json does`, async () => {
    for (const argv of SETUPS) {
      const expected = explainJson(demoTree, argv);
      assert.ok(
        'json' in expected,
        `explain ${argv.join(' ')}: ${'error' in expected ? expected.error : ''}`,
      );
      await askPanel(page, argv);
      const shown = JSON.parse((await page.textContent('#explain-json')) ?? 'null') as unknown;
      assert.deepEqual(shown, expected.json, `explain ${argv.join(' ')}`);
    }
  });

  test('the panel shows the pick, every reason and the fixes, and the same question for the command line', async () => {
    await askPanel(page, ['--gpu', 'A100', '--head-size', '128', '--kv-cache-dtype', 'fp8']);
    const text = (await page.textContent('#explain-result')) ?? '';
    assert.match(text, /On A100 \(compute capability 8\.0\) vLLM picks FLASHINFER\./);
    assert.match(text, /kv_cache_dtype not supported/);
    assert.match(text, /a 9\.0 GPU \(H100/);
    assert.match(text, /vllm-attention-docs explain --gpu A100 --head-size 128 --kv-cache-dtype fp8/);
    await askPanel(page, ['--gpu', 'H100', '--head-size', '128', '--block-size', '8']);
    assert.match(
      (await page.textContent('#explain-result')) ?? '',
      /vLLM raises ValueError: No valid attention backend found/,
    );
  });

  test('a setup needing a file the page does not carry is reported, never guessed', async () => {
    // CPU_ATTN is no CUDA priority list's: no setup of the sweep imported its module.
    const { page: other } = await openPage(context, `${url}#x.backend=CPU_ATTN`);
    await other.waitForSelector('#explain-result[data-state="answered"]');
    const text = (await other.textContent('#explain-result')) ?? '';
    assert.match(
      text,
      /This setup needs vllm\/v1\/attention\/backends\/cpu_attn\.py, which this page does not carry/,
    );
    assert.equal(await other.textContent('#explain-json'), '');
    await other.close();
  });

  test('keyboard: labelled controls in order, sorting with Enter, a visible focus ring', async () => {
    await page.goto(url);
    await page.waitForSelector('#filter-fields:not([disabled])');
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent),
      'Skip to "Which backend for my setup?"',
    );
    // Every form control has a label.
    const unlabelled = await page.$$eval('input, select', (controls) =>
      controls.filter((c) => (c as HTMLInputElement).labels?.length === 0).map((c) => c.id),
    );
    assert.deepEqual(unlabelled, []);
    await page.focus('#table-standard th[data-column="name"] button');
    const outline = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineStyle,
    );
    assert.equal(outline, 'solid');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('#table-standard th[data-column="name"]', 'aria-sort'), 'ascending');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    // Tables carry captions; their scrolling regions take the focus.
    assert.equal(
      await page.$$eval('table.backends', (t) => t.filter((x) => !(x as HTMLTableElement).caption).length),
      0,
    );
  });

  test('themes: the system preference, and the toggle over it', async () => {
    const background = (): Promise<string> =>
      page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await background(), 'rgb(255, 255, 255)');
    await page.emulateMedia({ colorScheme: 'dark' });
    assert.equal(await background(), 'rgb(19, 19, 22)');
    // The toggle hears of the change through a media-query event, a moment later.
    await page.waitForSelector('#theme-toggle[aria-pressed="true"]');
    await page.click('#theme-toggle');
    assert.equal(await background(), 'rgb(255, 255, 255)');
    assert.equal(await page.getAttribute('#theme-toggle', 'aria-pressed'), 'false');
    await page.click('#theme-toggle');
    assert.equal(await background(), 'rgb(19, 19, 22)');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  test('at a phone width (360 px) the page does not scroll sideways; the tables scroll inside their frames', async () => {
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 360, height: 740 });
    await phone.goto(url);
    await phone.waitForSelector('#filter-fields:not([disabled])');
    assert.ok((await phone.evaluate(() => document.documentElement.scrollWidth)) <= 360);
    const wrap = await phone.$eval('#table-standard', (t) => {
      const frame = t.parentElement as HTMLElement;
      return { scrolls: frame.scrollWidth > frame.clientWidth, overflow: getComputedStyle(frame).overflowX };
    });
    assert.deepEqual(wrap, { scrolls: true, overflow: 'auto' });
    await phone.close();
  });

  test('no script errors, no network', () => {
    assert.deepEqual(errors, []);
  });
});
