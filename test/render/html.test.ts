// The HTML page as text (the browser tests in test/page check its behaviour):
// one file with nothing to fetch; the document of every generator version,
// with its three backend tables built from the rows; the data the script
// reads; the markdown it converts; colours with enough contrast.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyze } from '../../src/analyze.js';
import type { PageData } from '../../src/page/page-data.js';
import { PAGE_STYLE } from '../../src/render/html-style.js';
import { renderHtml } from '../../src/render/html.js';
import { inlineHtml, markdownToHtml } from '../../src/render/markdown-html.js';
import { documentTables } from '../../src/render/markdown.js';
import { DiskTree } from '../../src/tree/disk-tree.js';
import { MemoryTree } from '../../src/tree/memory-tree.js';
import { GENERATOR_VERSIONS } from '../../src/versions/versions.js';

const demoTree = path.resolve(import.meta.dirname, '../../examples/demo-vllm');
/** A stand-in for the browser bundle: these tests read the page, not run it. */
const SCRIPT = 'window.started = true;';

function pageData(html: string): PageData {
  const json = /<script type="application\/json" id="page-data">(.*?)<\/script>/s.exec(html);
  assert.ok(json !== null);
  return JSON.parse(json[1]) as PageData;
}

test('every generator version: the document with its tables, rows in the order the data gives their facts', () => {
  const tree = new DiskTree(demoTree);
  for (const version of GENERATOR_VERSIONS) {
    const matrix = analyze(tree, { generatorVersion: version });
    const html = renderHtml(matrix, { tree, script: SCRIPT });
    const data = pageData(html);
    const tables = documentTables(matrix);
    const expected = [tables.standard, tables.prefill, tables.decode].filter((t) => t !== null);
    assert.equal(data.tables.length, expected.length, `version ${version.number}`);
    for (const [i, table] of data.tables.entries()) {
      assert.deepEqual(table.columns, expected[i]?.keys, `version ${version.number} ${table.id}`);
      assert.equal(table.rows.length, expected[i]?.rows.length);
      const body = new RegExp(
        `<table class="backends" id="table-${table.id}"[^]*?<tbody>([^]*?)</tbody>`,
      ).exec(html);
      assert.equal(body?.[1].match(/<tr data-row=/g)?.length ?? 0, table.rows.length);
    }
    // The version decides the columns: Non-Causal from 13, DCP from 2.
    assert.equal(html.includes('data-column="supportsNonCausal"'), version.number >= 13);
    assert.equal(html.includes('data-column="supportsDcp"'), version.number >= 2);
    assert.match(
      html,
      new RegExp(`as version ${version.number} of vLLM's documentation generator writes it`),
    );
  }
});

test('one file: nothing to fetch, every script inline, data that cannot end its script element', () => {
  const tree = new MemoryTree({
    'vllm/v1/attention/backends/registry.py':
      'import enum\nclass AttentionBackendEnum(enum.Enum):\n    X = "vllm.x.XBackend"\n',
    'vllm/x.py':
      'class XBackend:\n    supported_kv_cache_dtypes: list[str] = ["</script><script>alert(1)</script>"]\n',
  });
  const html = renderHtml(analyze(tree), { tree, script: SCRIPT });
  assert.doesNotMatch(html, /<(script|img|link|iframe|source|video|audio)\b[^>]*\b(src|href)=/i);
  assert.doesNotMatch(html, /url\(|@import|https?:\/\/(?!github\.com)/);
  assert.equal(html.match(/<\/script>/g)?.length, 4);
  assert.deepEqual(pageData(html).tables[0].rows[0].kvCacheDtypes, ['</script><script>alert(1)</script>']);
  assert.match(html, /&#60;\/script&#62;&#60;script&#62;alert\(1\)/);
});

test('markdown: the constructs the document uses', () => {
  const tables: string[] = [];
  const html = markdownToHtml(
    [
      '# Title',
      '',
      'A paragraph',
      'on two lines with `code` and **bold**.',
      '',
      '```bash',
      'vllm serve <model>',
      '```',
      '',
      '> **Note:** quoted',
      '> text.',
      '>',
      '> Second.',
      '',
      '1. First item',
      '   continued',
      '2. Second',
      '',
      '| A | B |',
      '| - | - |',
      '| `x` | y\\* |',
      '',
    ].join('\n'),
    {
      table: (t, i) => {
        tables.push(`${i}:${t.headers.join(',')}:${t.rows.map((r) => r.join(',')).join(';')}`);
        return '<table></table>';
      },
    },
  );
  assert.equal(
    html,
    [
      '<h1>Title</h1>',
      '<p>A paragraph on two lines with <code>code</code> and <strong>bold</strong>.</p>',
      '<pre data-language="bash"><code>vllm serve &#60;model&#62;</code></pre>',
      '<blockquote><p><strong>Note:</strong> quoted text.</p><p>Second.</p></blockquote>',
      '<ol><li>First item continued</li><li>Second</li></ol>',
      '<table></table>',
    ].join('\n'),
  );
  assert.deepEqual(tables, ['0:A,B:`x`,y\\*']);
  assert.equal(
    inlineHtml('`FLASHINFER_MLA_SPARSE`**\\***'),
    '<code>FLASHINFER_MLA_SPARSE</code><strong>*</strong>',
  );
});

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
    const lin = (c: number): number => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('colours: text at least 4.5:1 (WCAG AA) on every background it sits on, focus and borders 3:1, in both themes', () => {
  const themes = [...PAGE_STYLE.matchAll(/--bg: (#[0-9a-f]{6});[^}]*?(?=\n\s*}|\n\s*;?\s*}|$)/g)].map(
    (m) => m[0],
  );
  assert.equal(themes.length, 3, 'light, dark (system), dark (toggle)');
  for (const block of themes) {
    const v = (name: string): string => {
      const m = new RegExp(`--${name}: (#[0-9a-f]{6})`).exec(block);
      assert.ok(m !== null, name);
      return m[1];
    };
    for (const background of ['bg', 'panel', 'head', 'code', 'hit'])
      for (const text of ['fg', 'muted', 'link', 'ok', 'bad'])
        assert.ok(
          contrast(v(text), v(background)) >= 4.5,
          `${text} on ${background}: ${contrast(v(text), v(background)).toFixed(2)}`,
        );
    assert.ok(contrast(v('warn-fg'), v('warn-bg')) >= 4.5, 'warning text');
    assert.ok(contrast(v('warn-fg'), v('bg')) >= 4.5, 'warning text on the page');
    for (const ring of ['focus', 'border']) assert.ok(contrast(v(ring), v('bg')) >= 3, ring);
  }
});
