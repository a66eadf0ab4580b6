// The page's behaviour: the theme toggle, the filter form over the tables,
// sorting, the explain panel (answered by a worker running the explain
// engine), and the state of all of it in the URL's hash.

import {
  KERNELS,
  explainCommand,
  parseGpuText,
  type ExplainAnswer,
  type ExplainInputs,
  type Kernel,
} from '../engine.js';
import { NO_FILTER, type RowFilter } from '../filters.js';
import {
  decodeState,
  DEFAULT_STATE,
  encodeState,
  type FilterForm,
  type PageState,
  type SortState,
} from '../hash-state.js';
import type { PageData } from '../page-data.js';
import type { AttentionTypeName } from '../../facts.js';
import { answerView } from './answer-view.js';
import { byId } from './dom.js';
import { Explainer } from './explainer.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { Tables } from './tables.js';

const input = (id: string): HTMLInputElement => byId<HTMLInputElement>(id);
const select = (id: string): HTMLSelectElement => byId<HTMLSelectElement>(id);

/** Sets a select's value, adding the option first when the hash names one the page does not list. */
function setSelect(id: string, value: string): void {
  const element = select(id);
  if (![...element.options].some((o) => o.value === value)) element.add(new Option(value, value));
  element.value = value;
}

const THEME_KEY = 'vllm-attention-docs-theme';

function setUpTheme(): void {
  const button = byId<HTMLButtonElement>('theme-toggle');
  const root = document.documentElement;
  const prefersDark = window.matchMedia('(prefers-color-scheme: dark)');
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(THEME_KEY);
  } catch {
    // Storage may be unavailable (file:// in some browsers): the toggle still works for this visit.
  }
  if (saved === 'dark' || saved === 'light') root.dataset.theme = saved;
  const isDark = (): boolean => (root.dataset.theme ?? (prefersDark.matches ? 'dark' : 'light')) === 'dark';
  const show = (): void => button.setAttribute('aria-pressed', String(isDark()));
  button.addEventListener('click', () => {
    root.dataset.theme = isDark() ? 'light' : 'dark';
    try {
      localStorage.setItem(THEME_KEY, root.dataset.theme);
    } catch {
      // Not kept: see above.
    }
    show();
  });
  prefersDark.addEventListener('change', show);
  show();
  button.hidden = false;
}

// --- filters -----------------------------------------------------------------

const FILTER_FLAGS: readonly [keyof FilterForm, string][] = [
  ['sink', 'f-sink'],
  ['nonCausal', 'f-nc'],
  ['mmPrefix', 'f-mm'],
  ['dcp', 'f-dcp'],
  ['sparse', 'f-sparse'],
];

function readFilterForm(): FilterForm {
  const on = (id: string): boolean => input(id).checked && !input(id).disabled;
  return {
    gpu: input('f-gpu').value.trim(),
    dtype: select('f-dtype').value,
    kvCacheDtype: select('f-kv').value,
    headSize: input('f-head').value.trim(),
    blockSize: input('f-block').value.trim(),
    attnType: select('f-attn').value,
    sink: on('f-sink'),
    nonCausal: on('f-nc'),
    mmPrefix: on('f-mm'),
    dcp: on('f-dcp'),
    sparse: on('f-sparse'),
  };
}

function writeFilterForm(form: FilterForm): void {
  input('f-gpu').value = form.gpu;
  setSelect('f-dtype', form.dtype);
  setSelect('f-kv', form.kvCacheDtype);
  input('f-head').value = form.headSize;
  input('f-block').value = form.blockSize;
  setSelect('f-attn', form.attnType);
  for (const [key, id] of FILTER_FLAGS) input(id).checked = form[key] as boolean;
}

function positiveInt(text: string): number | null {
  return /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : null;
}

/** The row filter a form stands for, and what in it could not be read. */
function rowFilter(form: FilterForm): { filter: RowFilter; problems: string[] } {
  const problems: string[] = [];
  let gpu: RowFilter['gpu'] = null;
  const output = byId('f-gpu-parsed');
  output.textContent = '';
  if (form.gpu !== '') {
    const parsed = parseGpuText(form.gpu);
    if (parsed.ok) {
      gpu = { major: parsed.major, minor: parsed.minor };
      output.textContent = `${parsed.name}: compute capability ${parsed.major}.${parsed.minor}`;
    } else problems.push(parsed.message.replace(/^--gpu /, 'GPU '));
  }
  const size = (text: string, what: string): number | null => {
    if (text === '') return null;
    const n = positiveInt(text);
    if (n === null) problems.push(`${what} ${text} is not a positive whole number`);
    return n;
  };
  return {
    filter: {
      ...NO_FILTER,
      gpu,
      dtype: form.dtype === '' ? null : form.dtype,
      kvCacheDtype: form.kvCacheDtype === '' ? null : form.kvCacheDtype,
      headSize: size(form.headSize, 'head size'),
      blockSize: size(form.blockSize, 'block size'),
      attnType: form.attnType === '' ? null : (form.attnType as AttentionTypeName),
      sink: form.sink,
      nonCausal: form.nonCausal,
      mmPrefix: form.mmPrefix,
      dcp: form.dcp,
      sparse: form.sparse,
    },
    problems,
  };
}

// --- explain inputs ------------------------------------------------------------

const EXPLAIN_FLAGS: readonly [keyof ExplainInputs, string][] = [
  ['useMla', 'x-mla'],
  ['useSparse', 'x-sparse'],
  ['hasSink', 'x-sink'],
  ['useMmPrefix', 'x-mm'],
  ['nonCausal', 'x-nc'],
  ['usePerHeadQuantScales', 'x-phq'],
];

/** The panel's inputs, or what keeps them from being a question. */
function readExplainForm(): { inputs: ExplainInputs | null; problems: string[] } {
  const problems: string[] = [];
  const gpu = input('x-gpu').value.trim();
  const parsed = parseGpuText(gpu);
  byId('x-gpu-parsed').textContent = parsed.ok
    ? `${parsed.name}: compute capability ${parsed.major}.${parsed.minor}`
    : '';
  if (!parsed.ok) problems.push(gpu === '' ? 'Give a GPU.' : parsed.message.replace(/^--gpu /, 'GPU '));
  const headSize = positiveInt(input('x-head').value.trim());
  if (headSize === null) problems.push('Give the head size as a positive whole number.');
  const optional = (id: string, what: string): number | null => {
    const text = input(id).value.trim();
    if (text === '') return null;
    const n = positiveInt(text);
    if (n === null) problems.push(`${what} must be a positive whole number (or empty).`);
    return n;
  };
  const blockSize = optional('x-block', 'Block size');
  const numHeads = optional('x-heads', 'Query heads');
  if (problems.length > 0 || headSize === null) return { inputs: null, problems };
  const backend = select('x-backend').value;
  return {
    inputs: {
      gpu,
      headSize,
      dtype: select('x-dtype').value,
      kvCacheDtype: select('x-kv').value,
      blockSize,
      numHeads,
      attnType: select('x-attn').value as ExplainInputs['attnType'],
      attentionBackend: backend === '' ? null : backend,
      kernels: KERNELS.filter((k) => input(`x-k-${k}`).checked),
      useMla: input('x-mla').checked,
      useSparse: input('x-sparse').checked,
      hasSink: input('x-sink').checked,
      useMmPrefix: input('x-mm').checked,
      nonCausal: input('x-nc').checked,
      usePerHeadQuantScales: input('x-phq').checked,
    },
    problems,
  };
}

function writeExplainForm(inputs: ExplainInputs): void {
  input('x-gpu').value = inputs.gpu;
  input('x-head').value = String(inputs.headSize);
  setSelect('x-dtype', inputs.dtype);
  setSelect('x-kv', inputs.kvCacheDtype);
  input('x-block').value = inputs.blockSize === null ? '' : String(inputs.blockSize);
  input('x-heads').value = inputs.numHeads === null ? '' : String(inputs.numHeads);
  setSelect('x-attn', inputs.attnType);
  setSelect('x-backend', inputs.attentionBackend ?? '');
  for (const [key, id] of EXPLAIN_FLAGS) input(id).checked = inputs[key] as boolean;
  for (const k of KERNELS) input(`x-k-${k}`).checked = inputs.kernels.includes(k as Kernel);
}

// --- the explain engine, in a worker when one can start --------------------------

interface Engine {
  ask(id: number, inputs: ExplainInputs): void;
}

function startEngine(sources: string, onMessage: (message: FromWorker) => void): Engine {
  const inPage = (): Engine => {
    const explainer = Explainer.fromBase64(sources);
    return {
      ask(id, inputs) {
        void explainer.then((engine) => {
          const start = performance.now();
          try {
            onMessage({ kind: 'answer', id, answer: engine.explain(inputs), ms: performance.now() - start });
          } catch (error) {
            onMessage({ kind: 'failed', id, message: String(error) });
          }
        });
      },
    };
  };
  const source = (window as unknown as { pageAppSource?: string }).pageAppSource;
  if (source === undefined || typeof Worker === 'undefined') return inPage();
  try {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    const worker = new Worker(url);
    let fallback: Engine | null = null;
    const pending = new Map<number, ExplainInputs>();
    worker.onmessage = (event: MessageEvent<FromWorker>) => {
      if (event.data.kind !== 'ready') pending.delete(event.data.id);
      onMessage(event.data);
    };
    worker.onerror = () => {
      // The worker could not run: answer here instead, starting with what it was asked.
      worker.terminate();
      fallback ??= inPage();
      for (const [id, inputs] of pending) fallback.ask(id, inputs);
      pending.clear();
    };
    worker.postMessage({ kind: 'sources', base64: sources } satisfies ToWorker);
    return {
      ask(id, inputs) {
        if (fallback !== null) return fallback.ask(id, inputs);
        pending.set(id, inputs);
        worker.postMessage({ kind: 'explain', id, inputs } satisfies ToWorker);
      },
    };
  } catch {
    return inPage();
  }
}

/** Two sets of inputs ask the same question (their hash forms are equal). */
function sameQuestion(a: ExplainInputs, b: ExplainInputs): boolean {
  return encodeState({ ...DEFAULT_STATE, explain: a }) === encodeState({ ...DEFAULT_STATE, explain: b });
}

// --- the page -----------------------------------------------------------------

export function startPage(): void {
  const data = JSON.parse(byId('page-data').textContent ?? '{}') as PageData;
  let state: PageState = decodeState(location.hash).state;
  const commit = (): void => {
    const hash = encodeState(state);
    if (hash !== location.hash.replace(/^#/, ''))
      history.replaceState(null, '', hash === '' ? location.pathname + location.search : `#${hash}`);
  };

  setUpTheme();

  // Tables and filters.
  const tables = new Tables(data.tables, (table, sort) => {
    const next: Record<string, SortState> = { ...state.sort };
    if (sort === null) delete next[table];
    else next[table] = sort;
    state = { ...state, sort: next };
    commit();
  });
  const applyFilters = (): void => {
    const { filter, problems } = rowFilter(state.filter);
    const [shown, total] = tables.filter(filter);
    byId('filter-status').textContent =
      problems.length > 0 ? `${problems.join('; ')}.` : `${shown} of ${total} backend rows shown.`;
    byId('filter-status').classList.toggle('problem', problems.length > 0);
  };
  const applySorts = (): void => {
    for (const id of ['standard', 'prefill', 'decode']) tables.sort(id, state.sort[id] ?? null);
  };
  const filterForm = byId<HTMLFormElement>('filter-form');
  const onFilterInput = (): void => {
    state = { ...state, filter: readFilterForm() };
    commit();
    applyFilters();
  };
  filterForm.addEventListener('input', onFilterInput);
  filterForm.addEventListener('change', onFilterInput);
  filterForm.addEventListener('submit', (event) => event.preventDefault());
  byId('f-clear').addEventListener('click', () => {
    writeFilterForm(DEFAULT_STATE.filter);
    onFilterInput();
  });

  // Explain.
  const result = byId('explain-result');
  const json = byId('explain-json');
  const status = byId('explain-status');
  let latest = 0;
  let inFlight = false;
  let wanted: { id: number; inputs: ExplainInputs } | null = null;
  const asked = new Map<number, ExplainInputs>();
  let firstComputed = true;
  let firstShown = true;
  const show = (answer: ExplainAnswer, inputs: ExplainInputs, how: string): void => {
    if (firstShown) {
      firstShown = false;
      performance.mark('vad-first-answer');
    }
    const view = answerView(answer, explainCommand(inputs));
    result.replaceChildren(...view.nodes);
    json.textContent = answer.kind === 'answer' ? `${JSON.stringify(answer.json, null, 2)}\n` : '';
    status.textContent = `${view.summary} (${how}).`;
    result.dataset.state = 'answered';
    result.dataset.inputs = JSON.stringify(inputs);
  };
  const engine = startEngine(byId('explain-sources').textContent ?? '', (message) => {
    if (message.kind === 'ready') return;
    inFlight = false;
    const inputs = asked.get(message.id);
    asked.delete(message.id);
    if (wanted !== null) send();
    if (message.id !== latest || inputs === undefined) return;
    if (message.kind === 'failed') {
      result.replaceChildren(`The explain engine failed: ${message.message}`);
      json.textContent = '';
      result.dataset.state = 'answered';
    } else show(message.answer, inputs, `computed in your browser in ${Math.round(message.ms)} ms`);
    if (firstComputed) {
      firstComputed = false;
      performance.mark('vad-first-computed');
    }
  });
  const send = (): void => {
    if (wanted === null) return;
    const { id, inputs } = wanted;
    wanted = null;
    inFlight = true;
    asked.set(id, inputs);
    engine.ask(id, inputs);
  };
  const askExplain = (): void => {
    const { inputs, problems } = readExplainForm();
    status.classList.toggle('problem', problems.length > 0);
    if (inputs === null) {
      status.textContent = problems.join(' ');
      return;
    }
    state = { ...state, explain: inputs };
    commit();
    latest++;
    wanted = { id: latest, inputs };
    result.dataset.state = 'working';
    status.textContent = 'Working…';
    if (!inFlight) send();
  };
  let timer: number | undefined;
  const explainForm = byId<HTMLFormElement>('explain-form');
  const later = (): void => {
    window.clearTimeout(timer);
    timer = window.setTimeout(askExplain, 200);
  };
  explainForm.addEventListener('input', later);
  explainForm.addEventListener('change', later);
  explainForm.addEventListener('submit', (event) => {
    event.preventDefault();
    window.clearTimeout(timer);
    askExplain();
  });
  byId('x-reset').addEventListener('click', () => {
    writeExplainForm(DEFAULT_STATE.explain);
    askExplain();
  });

  // The state the hash describes, into the forms and the tables.
  const load = (): void => {
    state = decodeState(location.hash).state;
    writeFilterForm(state.filter);
    writeExplainForm(state.explain);
    applyFilters();
    applySorts();
  };
  load();
  window.addEventListener('hashchange', () => {
    load();
    askExplain();
  });
  for (const id of ['explain-fields', 'filter-fields']) (byId(id) as HTMLFieldSetElement).disabled = false;
  performance.mark('vad-tables-ready');
  const initial = data.initialAnswer;
  if (initial !== null && sameQuestion(initial.inputs, state.explain)) {
    show(
      initial.answer,
      initial.inputs,
      'computed when this page was made; computing it again in your browser',
    );
    result.dataset.state = 'initial';
  }
  askExplain();
}
