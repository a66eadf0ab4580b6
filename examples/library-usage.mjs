// Analyse a vLLM tree, look at the typed matrix, render it.
// Usage: node library-usage.mjs PATH/TO/VLLM
import { analyze, AnalysisError, backendCells, renderJson, renderMarkdown } from 'vllm-attention-docs';

const root = process.argv[2];
if (root === undefined) {
  console.error('usage: node library-usage.mjs PATH/TO/VLLM');
  process.exit(2);
}

let matrix;
try {
  matrix = analyze(root);
} catch (error) {
  // Where the reference script would crash, analyze throws a typed diagnostic.
  if (!(error instanceof AnalysisError)) throw error;
  console.error(`cannot analyse ${root}: ${error.diagnostic.code}`, error.diagnostic.args);
  process.exit(2);
}

// One entry per table row: FLASH_ATTN and FLASHINFER come once per variant.
// Facts are values (head sizes as numbers); backendCells gives the document's text.
for (const row of matrix.backends) {
  const name = row.variant === null ? row.name : `${row.name} ${row.variant}`;
  const heads = row.headSizes.kind === 'any' ? 'any' : row.headSizes.entries.map((e) => e.value).join(' ');
  console.log(`${name}: head sizes ${heads}; compute capability ${backendCells(row, matrix).computeCapability}`);
}
for (const warning of matrix.warnings) console.error(`warning: ${warning.code} (${warning.file})`);

const markdown = renderMarkdown(matrix); // the reference's document, byte for byte
const data = JSON.parse(renderJson(matrix)); // the same matrix as JSON data
console.log(`${markdown.length} characters of markdown; JSON schema version ${data.schemaVersion}`);
