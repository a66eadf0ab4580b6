// `--format html` (renderHtml): one self-contained page. The document with
// its backend tables made filterable and sortable, and an explain panel that
// runs the explain engine in the browser on the part of the tree explain
// reads. That part is found by running explain over a sweep of setups
// through a recording tree; its Python files go in without comments and
// docstring texts (line numbers kept), compressed (deflate-raw, base64), as
// does the page's script. docs/design/html-page.md explains the choices.

import { commaPieces } from '../facts.js';
import type { FeatureMatrix } from '../matrix.js';
import { deflateRaw } from '../node-builtins.js';
import { explainRecord } from '../page/embed.js';
import { EmbeddedTree, type TreeRecord } from '../page/embedded-tree.js';
import { DEFAULT_INPUTS, gpuChoices, runExplain } from '../page/engine.js';
import type { PageData } from '../page/page-data.js';
import { encodeRecord } from '../page/record-codec.js';
import type { SourceTree } from '../tree/tree.js';
import { GENERATOR_SCRIPT } from '../versions/identify.js';
import { versionByNumber } from '../versions/versions.js';
import { documentHtml, type SourceLinks } from './html-document.js';
import { explainFormHtml, filterFormHtml, type FormChoices } from './html-forms.js';
import { PAGE_STYLE } from './html-style.js';
import { escapeHtml } from './markdown-html.js';
import { pageScript } from './page-script.js';

export type { SourceLinks };

export interface HtmlPageOptions {
  /** The tree the matrix was made from: explain runs on it to learn which of its files the page carries. */
  readonly tree: SourceTree;
  /** Where backend names and facts link to (a GitHub commit, the tree's folder); null or absent: no links. */
  readonly links?: SourceLinks | null;
  /** How the page names the tree (default: the tree's label). */
  readonly treeName?: string;
  /** The page's script; by default the one built into dist/page-app.js. */
  readonly script?: string;
}

/** The page, as one HTML text. */
export function renderHtml(matrix: FeatureMatrix, options: HtmlPageOptions): string {
  const links = options.links ?? null;
  const document = documentHtml(matrix, links);
  const choices = formChoices(matrix);
  const record = explainRecord(options.tree, choices);
  const data: PageData = {
    schemaVersion: 1,
    tables: document.tables,
    choices: {
      gpus: choices.gpus,
      dtypes: choices.dtypes,
      kvCacheDtypes: choices.kvCacheDtypes,
      backends: choices.backends,
    },
    initialAnswer: initialAnswer(record),
  };
  const sources = base64(deflateRaw(encodeRecord(record)));
  const script = base64(deflateRaw(new TextEncoder().encode(options.script ?? pageScript())));
  const treeName = options.treeName ?? options.tree.label;
  const contents = [
    { id: 'explain', title: 'Which backend for my setup?' },
    { id: 'filters', title: 'Filter the tables' },
    ...document.sections,
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="vllm-attention-docs">
<title>vLLM attention backends: ${escapeHtml(treeName)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<a class="skip" href="#explain">Skip to "Which backend for my setup?"</a>
<header class="page">
<div>
<h1>vLLM attention backends</h1>
<p class="meta">${aboutText(matrix, treeName)}</p>
</div>
<button type="button" class="theme-toggle" id="theme-toggle" aria-pressed="false" hidden>Dark theme</button>
</header>
<nav class="contents" aria-label="Contents"><ul>${contents
    .map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`)
    .join('')}</ul></nav>
<noscript><p class="note">Without JavaScript the tables cannot be filtered or sorted and the explain panel does not run.</p></noscript>
<main>
${explainFormHtml(choices)}
${filterFormHtml(choices)}
<div id="document">
${document.html}
</div>
</main>
<script type="application/json" id="page-data">${jsonForScript(data)}</script>
<script type="application/octet-stream" id="explain-sources">${sources}</script>
<script type="application/octet-stream" id="page-app">${script}</script>
<script>${LOADER}</script>
</body>
</html>
`;
}

/**
 * Inflates the page's script and runs it; the script finds its own text in
 * window.pageAppSource (its explain worker runs the same code).
 */
const LOADER = `(async function () {
  var b64 = document.getElementById('page-app').textContent;
  var bytes = Uint8Array.from(atob(b64), function (c) { return c.charCodeAt(0); });
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  var text = await new Response(stream).text();
  window.pageAppSource = text;
  new Function(text)();
})().catch(function (error) {
  var out = document.getElementById('explain-result');
  if (out) out.textContent = 'The page script could not start: ' + error;
});`;

/** The default question's answer, from the files the page carries (null when the engine itself fails). */
function initialAnswer(record: TreeRecord): PageData['initialAnswer'] {
  try {
    return { inputs: DEFAULT_INPUTS, answer: runExplain(new EmbeddedTree(record), DEFAULT_INPUTS) };
  } catch {
    return null;
  }
}

function formChoices(matrix: FeatureMatrix): FormChoices {
  const rows = matrix.backends;
  const sortedUnique = (items: readonly string[]): string[] => [...new Set(items)].sort();
  const p = matrix.priorities;
  return {
    gpus: gpuChoices(),
    dtypes: sortedUnique(rows.flatMap((r) => r.dtypes)),
    kvCacheDtypes: sortedUnique(rows.flatMap((r) => commaPieces(r.kvCacheDtypes))),
    backends: [
      ...new Set([
        ...(p.standardSm100 ?? []),
        ...(p.standardDefault ?? []),
        ...(p.mlaSm100 ?? []),
        ...(p.mlaDefault ?? []),
      ]),
    ],
    hasNonCausal: rows.some((r) => r.supportsNonCausal !== null),
    hasDcp: rows.some((r) => r.supportsDcp !== null),
  };
}

function aboutText(matrix: FeatureMatrix, treeName: string): string {
  const version = versionByNumber(matrix.generator.version);
  const source = matrix.generator.source;
  const why =
    source.kind === 'script'
      ? `the version of the tree's own <code>${GENERATOR_SCRIPT}</code>`
      : source.kind === 'requested'
        ? 'the version asked for'
        : source.kind === 'no-script'
          ? `the newest: the tree has no <code>${GENERATOR_SCRIPT}</code>`
          : `the newest: the tree's <code>${GENERATOR_SCRIPT}</code> is no version we know`;
  return (
    `Generated by vllm-attention-docs from <strong>${escapeHtml(treeName)}</strong>, as version ` +
    `${version.number} of vLLM's documentation generator writes it (${version.commit}, ${version.date}; ${why}).`
  );
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** JSON inside a <script> element: `<` escaped, so no `</script>` can end it early. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
