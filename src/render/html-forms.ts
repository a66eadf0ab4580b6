// The page's two forms: the explain panel's inputs and the table filters.
// Real controls with labels; both start disabled (a fieldset) and the
// page's script enables them, so that a page without its script does not
// offer controls that do nothing.

import type { GpuChoice } from '../page/engine.js';
import { ATTN_TYPES, KERNELS } from '../page/engine.js';
import { escapeHtml } from './markdown-html.js';

export interface FormChoices {
  readonly gpus: readonly GpuChoice[];
  readonly dtypes: readonly string[];
  readonly kvCacheDtypes: readonly string[];
  readonly backends: readonly string[];
  /** Whether the tables have these columns (older generator versions lack them). */
  readonly hasNonCausal: boolean;
  readonly hasDcp: boolean;
}

const KERNEL_NAMES: Readonly<Record<string, string>> = {
  fa2: 'FlashAttention 2',
  fa3: 'FlashAttention 3',
  fa4: 'FlashAttention 4',
  flashinfer: 'FlashInfer',
  trtllm: "FlashInfer's TRT-LLM kernels",
  flashmla: 'FlashMLA',
};

const ATTN_TYPE_NAMES: Readonly<Record<string, string>> = {
  decoder: 'Decoder',
  encoder: 'Encoder',
  encoder_only: 'Encoder only',
  encoder_decoder: 'Encoder-decoder',
};

function options(values: readonly string[], selected: string | null, label = (v: string) => v): string {
  return values
    .map(
      (v) =>
        `<option value="${escapeHtml(v)}"${v === selected ? ' selected' : ''}>${escapeHtml(label(v))}</option>`,
    )
    .join('');
}

function gpuList(id: string, gpus: readonly GpuChoice[]): string {
  const items = gpus.flatMap((g) => [
    `<option value="${escapeHtml(g.value)}">${escapeHtml(`${g.capability}: ${[g.value, ...g.alsoNames].join(', ')}`)}</option>`,
    `<option value="${g.capability}">${escapeHtml(`${g.value} and others`)}</option>`,
  ]);
  return `<datalist id="${id}">${items.join('')}</datalist>`;
}

function field(id: string, label: string, control: string, hint = ''): string {
  const described = hint === '' ? '' : ` aria-describedby="${id}-hint"`;
  return (
    `<div class="field"><label for="${id}">${escapeHtml(label)}</label>${control.replace('@@DESCRIBED@@', described)}` +
    (hint === '' ? '' : `<small id="${id}-hint">${hint}</small>`) +
    `</div>`
  );
}

function checkbox(id: string, label: string, disabledWhy: string | null = null): string {
  const disabled = disabledWhy === null ? '' : ' disabled';
  const title = disabledWhy === null ? '' : ` title="${escapeHtml(disabledWhy)}"`;
  return `<span class="flag"${title}><input type="checkbox" id="${id}"${disabled}><label for="${id}">${escapeHtml(label)}</label></span>`;
}

export function explainFormHtml(choices: FormChoices): string {
  const dtypes = [...new Set(['bfloat16', 'float16', 'float32', ...choices.dtypes])];
  const kvDtypes = [...new Set(['auto', ...choices.kvCacheDtypes])];
  return `<section class="tool" id="explain" aria-labelledby="explain-title">
<h2 id="explain-title">Which backend for my setup?</h2>
<p class="hint">vLLM's own selection code from this tree, evaluated in your browser by the same engine as
<code>vllm-attention-docs explain</code>: the priority list for your GPU, each backend's reasons, and the pick.</p>
<form id="explain-form" novalidate>
<fieldset id="explain-fields" disabled>
<div class="fields">
${field('x-gpu', 'GPU', `<input id="x-gpu" name="gpu" list="x-gpu-list" autocomplete="off" spellcheck="false" required@@DESCRIBED@@>`, 'A name (H100, RTX 4090, GB10) or a compute capability (9.0, sm_90). <output id="x-gpu-parsed" class="gpu-parsed" for="x-gpu"></output>')}
${gpuList('x-gpu-list', choices.gpus)}
${field('x-head', 'Head size', `<input id="x-head" name="head" type="number" min="1" step="1" inputmode="numeric" required>`)}
${field('x-dtype', 'Model dtype', `<select id="x-dtype" name="dtype">${options(dtypes, 'bfloat16')}</select>`)}
${field('x-kv', 'KV-cache dtype', `<select id="x-kv" name="kv">${options(kvDtypes, 'auto')}</select>`)}
${field('x-block', 'Block size', `<input id="x-block" name="block" type="number" min="1" step="1" inputmode="numeric" placeholder="vLLM's choice"@@DESCRIBED@@>`, 'Empty: not given (--block-size unset).')}
${field('x-heads', 'Query heads', `<input id="x-heads" name="heads" type="number" min="1" step="1" inputmode="numeric" placeholder="not given"@@DESCRIBED@@>`, 'Per GPU; orders the sparse MLA backends on Blackwell.')}
${field('x-attn', 'Attention type', `<select id="x-attn" name="attn">${options(ATTN_TYPES, 'decoder', (v) => ATTN_TYPE_NAMES[v] ?? v)}</select>`)}
${field('x-backend', 'Backend', `<select id="x-backend" name="backend"><option value="">Automatic</option>${options(choices.backends, null)}</select>`)}
</div>
<fieldset class="flags"><legend>Model features</legend>
${checkbox('x-mla', 'MLA')}${checkbox('x-sparse', 'Sparse (MLA)')}${checkbox('x-sink', 'Attention sinks')}${checkbox('x-mm', 'Multimodal prefix')}${checkbox('x-nc', 'Non-causal')}${checkbox('x-phq', 'Per-head quant scales')}
</fieldset>
<fieldset class="flags kernels"><legend>Kernels installed</legend>
${KERNELS.map((k) => checkbox(`x-k-${k}`, KERNEL_NAMES[k] ?? k)).join('')}
</fieldset>
<div class="actions"><button type="submit">Explain</button><button type="button" id="x-reset">Reset</button>
<span id="explain-status" class="hint" role="status"></span></div>
</fieldset>
</form>
<div id="explain-result" class="result" aria-live="polite"><p class="hint">The answer appears here once the page's script has started.</p></div>
<details><summary>As <code>explain --format json</code> prints it</summary><pre id="explain-json" tabindex="0"></pre></details>
</section>`;
}

export function filterFormHtml(choices: FormChoices): string {
  const any = '<option value="">Any</option>';
  const attn = ['DECODER', 'ENCODER', 'ENCODER_ONLY', 'ENCODER_DECODER'];
  const attnNames: Record<string, string> = {
    DECODER: 'Decoder',
    ENCODER: 'Encoder',
    ENCODER_ONLY: 'Encoder only',
    ENCODER_DECODER: 'Encoder-decoder',
  };
  return `<section class="tool" id="filters" aria-labelledby="filters-title">
<h2 id="filters-title">Filter the tables</h2>
<form id="filter-form" novalidate>
<fieldset id="filter-fields" disabled>
<div class="fields">
${field('f-gpu', 'GPU', `<input id="f-gpu" name="gpu" list="f-gpu-list" autocomplete="off" spellcheck="false" placeholder="Any"@@DESCRIBED@@>`, 'Rows whose compute capability admits it. <output id="f-gpu-parsed" class="gpu-parsed" for="f-gpu"></output>')}
${gpuList('f-gpu-list', choices.gpus)}
${field('f-dtype', 'Model dtype', `<select id="f-dtype" name="dtype">${any}${options(choices.dtypes, null)}</select>`)}
${field('f-kv', 'KV-cache dtype', `<select id="f-kv" name="kv">${any}${options(choices.kvCacheDtypes, null)}</select>`)}
${field('f-head', 'Head size', `<input id="f-head" name="head" type="number" min="1" step="1" inputmode="numeric" placeholder="Any">`)}
${field('f-block', 'Block size', `<input id="f-block" name="block" type="number" min="1" step="1" inputmode="numeric" placeholder="Any">`)}
${field('f-attn', 'Attention type', `<select id="f-attn" name="attn">${any}${options(attn, null, (v) => attnNames[v] ?? v)}</select>`)}
</div>
<fieldset class="flags"><legend>Supports</legend>
${checkbox('f-sink', 'Sink')}${checkbox('f-nc', 'Non-causal', choices.hasNonCausal ? null : 'The generator version followed has no Non-Causal column')}${checkbox('f-mm', 'MM prefix')}${checkbox('f-dcp', 'DCP', choices.hasDcp ? null : 'The generator version followed has no DCP column')}${checkbox('f-sparse', 'Sparse')}
</fieldset>
<div class="actions"><button type="button" id="f-clear">Clear filters</button>
<span id="filter-status" class="hint" role="status"></span></div>
</fieldset>
</form>
</section>`;
}
