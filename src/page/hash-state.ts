// The page's state in the URL's hash, so that a link reproduces a question:
// the filters, the explain panel's inputs and each table's sort. Only values
// that differ from the defaults are written; a value that does not parse is
// left at its default and named in `ignored`.

import {
  ATTN_TYPES,
  DEFAULT_INPUTS,
  KERNELS,
  type AttnType,
  type ExplainInputs,
  type Kernel,
} from './engine.js';

/** The filter form, as its controls hold it ('' for no constraint). */
export interface FilterForm {
  readonly gpu: string;
  readonly dtype: string;
  readonly kvCacheDtype: string;
  readonly headSize: string;
  readonly blockSize: string;
  readonly attnType: string;
  readonly sink: boolean;
  readonly nonCausal: boolean;
  readonly mmPrefix: boolean;
  readonly dcp: boolean;
  readonly sparse: boolean;
}

export const EMPTY_FILTER: FilterForm = {
  gpu: '',
  dtype: '',
  kvCacheDtype: '',
  headSize: '',
  blockSize: '',
  attnType: '',
  sink: false,
  nonCausal: false,
  mmPrefix: false,
  dcp: false,
  sparse: false,
};

export interface SortState {
  /** The column's key. */
  readonly column: string;
  readonly direction: 'ascending' | 'descending';
}

export interface PageState {
  readonly filter: FilterForm;
  readonly explain: ExplainInputs;
  /** By table id; a table absent here keeps the document's order. */
  readonly sort: Readonly<Record<string, SortState>>;
}

export const DEFAULT_STATE: PageState = { filter: EMPTY_FILTER, explain: DEFAULT_INPUTS, sort: {} };

type Field<T> = {
  readonly key: string;
  readonly write: (state: T) => string | null;
  readonly read: (value: string, state: T) => T | null;
};

const TEXT_FILTERS = ['gpu', 'dtype', 'kvCacheDtype', 'headSize', 'blockSize', 'attnType'] as const;
const FLAG_FILTERS = ['sink', 'nonCausal', 'mmPrefix', 'dcp', 'sparse'] as const;
const EXPLAIN_FLAGS = [
  'useMla',
  'useSparse',
  'hasSink',
  'useMmPrefix',
  'usePerHeadQuantScales',
  'nonCausal',
] as const;

const FILTER_FIELDS: readonly Field<FilterForm>[] = [
  ...TEXT_FILTERS.map((name): Field<FilterForm> => ({
    key: name,
    write: (f) => (f[name] === '' ? null : f[name]),
    read: (v, f) => ({ ...f, [name]: v }),
  })),
  ...FLAG_FILTERS.map((name): Field<FilterForm> => ({
    key: name,
    write: (f) => (f[name] ? '1' : null),
    read: (v, f) => (v === '1' || v === '0' ? { ...f, [name]: v === '1' } : null),
  })),
];

function positiveInt(text: string): number | null {
  return /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : null;
}

/** A number, or null written as 'none'. */
function optionalInt(text: string): number | null | undefined {
  if (text === 'none') return null;
  return positiveInt(text) ?? undefined;
}

const EXPLAIN_FIELDS: readonly Field<ExplainInputs>[] = [
  {
    key: 'gpu',
    write: (x) => (x.gpu === DEFAULT_INPUTS.gpu ? null : x.gpu),
    read: (v, x) => (v === '' ? null : { ...x, gpu: v }),
  },
  {
    key: 'head',
    write: (x) => (x.headSize === DEFAULT_INPUTS.headSize ? null : String(x.headSize)),
    read: (v, x) => {
      const n = positiveInt(v);
      return n === null ? null : { ...x, headSize: n };
    },
  },
  {
    key: 'dtype',
    write: (x) => (x.dtype === DEFAULT_INPUTS.dtype ? null : x.dtype),
    read: (v, x) => (v === '' ? null : { ...x, dtype: v }),
  },
  {
    key: 'kv',
    write: (x) => (x.kvCacheDtype === DEFAULT_INPUTS.kvCacheDtype ? null : x.kvCacheDtype),
    read: (v, x) => (v === '' ? null : { ...x, kvCacheDtype: v }),
  },
  {
    key: 'block',
    write: (x) => (x.blockSize === null ? null : String(x.blockSize)),
    read: (v, x) => {
      const n = optionalInt(v);
      return n === undefined ? null : { ...x, blockSize: n };
    },
  },
  {
    key: 'heads',
    write: (x) => (x.numHeads === null ? null : String(x.numHeads)),
    read: (v, x) => {
      const n = optionalInt(v);
      return n === undefined ? null : { ...x, numHeads: n };
    },
  },
  ...EXPLAIN_FLAGS.map((name): Field<ExplainInputs> => ({
    key: name,
    write: (x) => (x[name] ? '1' : null),
    read: (v, x) => (v === '1' || v === '0' ? { ...x, [name]: v === '1' } : null),
  })),
  {
    key: 'attn',
    write: (x) => (x.attnType === DEFAULT_INPUTS.attnType ? null : x.attnType),
    read: (v, x) =>
      (ATTN_TYPES as readonly string[]).includes(v) ? { ...x, attnType: v as AttnType } : null,
  },
  {
    key: 'backend',
    write: (x) => x.attentionBackend,
    read: (v, x) => (/^[A-Za-z0-9_]+$/.test(v) ? { ...x, attentionBackend: v } : null),
  },
  {
    key: 'kernels',
    write: (x) =>
      sameKernels(x.kernels, DEFAULT_INPUTS.kernels)
        ? null
        : x.kernels.length === 0
          ? 'none'
          : x.kernels.join(','),
    read: (v, x) => {
      if (v === 'none') return { ...x, kernels: [] };
      const names = v.split(',');
      if (!names.every((n) => (KERNELS as readonly string[]).includes(n))) return null;
      return { ...x, kernels: KERNELS.filter((k) => names.includes(k)) };
    },
  },
];

function sameKernels(a: readonly Kernel[], b: readonly Kernel[]): boolean {
  return a.length === b.length && a.every((k) => b.includes(k));
}

const EXPLAIN_PREFIX = 'x.';
const SORT_PREFIX = 'sort.';

/** The hash (without '#') for a state. */
export function encodeState(state: PageState): string {
  const params = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = field.write(state.filter);
    if (value !== null) params.set(field.key, value);
  }
  for (const field of EXPLAIN_FIELDS) {
    const value = field.write(state.explain);
    if (value !== null) params.set(EXPLAIN_PREFIX + field.key, value);
  }
  for (const [table, sort] of Object.entries(state.sort))
    params.set(SORT_PREFIX + table, `${sort.column}.${sort.direction === 'ascending' ? 'asc' : 'desc'}`);
  return params.toString();
}

/** The state a hash describes, and the keys it held that were not understood. */
export function decodeState(hash: string): {
  readonly state: PageState;
  readonly ignored: readonly string[];
} {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  let filter = EMPTY_FILTER;
  let explain = DEFAULT_INPUTS;
  const sort: Record<string, SortState> = {};
  const ignored: string[] = [];
  for (const [key, value] of params) {
    if (key.startsWith(SORT_PREFIX)) {
      const match = /^([A-Za-z0-9]+)\.(asc|desc)$/.exec(value);
      if (match === null) ignored.push(key);
      else
        sort[key.slice(SORT_PREFIX.length)] = {
          column: match[1],
          direction: match[2] === 'asc' ? 'ascending' : 'descending',
        };
      continue;
    }
    const explainField = key.startsWith(EXPLAIN_PREFIX)
      ? EXPLAIN_FIELDS.find((f) => EXPLAIN_PREFIX + f.key === key)
      : undefined;
    if (explainField !== undefined) {
      const next = explainField.read(value, explain);
      if (next === null) ignored.push(key);
      else explain = next;
      continue;
    }
    const filterField = FILTER_FIELDS.find((f) => f.key === key);
    const next = filterField?.read(value, filter) ?? null;
    if (next === null) ignored.push(key);
    else filter = next;
  }
  return { state: { filter, explain, sort }, ignored };
}
