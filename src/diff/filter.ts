// Narrowing changes to one backend or one field (`history --backend NAME
// --field NAME`). Names are matched loosely: `head-sizes`, `Head Sizes` and
// `headSizes` name the same field, `flash-attn` the backend FLASH_ATTN.

import type { MatrixChange } from './matrix-diff.js';

/** Every field a change can have, with the other words it is known by (the document's column headers). */
const FIELD_WORDS: Readonly<Record<string, readonly string[]>> = {
  isMla: ['table', 'mla'],
  dtypes: ['dtype'],
  kvCacheDtypes: ['kv dtypes', 'kv dtype', 'kv cache dtype'],
  blockSizes: ['block size'],
  headSizes: ['head size'],
  supportsSink: ['sink', 'sinks'],
  supportsNonCausal: ['non-causal'],
  isSparse: ['sparse'],
  supportsMmPrefix: ['mm prefix'],
  supportsDcp: ['dcp'],
  attentionTypes: ['attention type'],
  computeCapability: ['compute cap.', 'compute capability', 'capability', 'cc'],
  supportsFp8: ['fp8'],
  standardSm100: ['priorities', 'priority'],
  standardDefault: ['priorities', 'priority'],
  mlaSm100: ['priorities', 'priority'],
  mlaDefault: ['priorities', 'priority'],
  name: [],
  blackwellDefault: [],
  requiresR1Dims: ['r1 dims'],
  order: [],
  version: ['generator', 'generator version'],
};

function normalizedField(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** The canonical field names `--field` accepts (each also by its other words). */
export const FILTER_FIELDS: readonly string[] = Object.keys(FIELD_WORDS);

/** The fields a `--field` word names; empty when it names none. */
export function fieldsNamed(word: string): string[] {
  const wanted = normalizedField(word);
  if (wanted === '') return [];
  return FILTER_FIELDS.filter(
    (field) =>
      normalizedField(field) === wanted || FIELD_WORDS[field].some((w) => normalizedField(w) === wanted),
  );
}

/** A backend name as the registry spells it: `flash-attn` is FLASH_ATTN. */
export function normalizedBackend(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

export interface ChangeFilter {
  /** Keep changes of this backend (normalized), including priority lists it moved in. */
  readonly backend?: string;
  /** Keep changes of these fields; a row (or facts) added or removed brings every field, so it stays. */
  readonly fields?: readonly string[];
}

export function matchesFilter(change: MatrixChange, filter: ChangeFilter): boolean {
  if (filter.fields !== undefined && change.field !== null && !filter.fields.includes(change.field))
    return false;
  if (filter.backend !== undefined && !concernsBackend(change, filter.backend)) return false;
  return true;
}

function concernsBackend(change: MatrixChange, backend: string): boolean {
  if (change.backend !== null) return change.backend === backend;
  if (change.section === 'priorities' || (change.section === 'mla-prefill' && change.field === 'order')) {
    if (change.kind === 'items') {
      if (change.added.includes(backend) || change.removed.includes(backend)) return true;
      return change.reordered && movedIn(change.before, change.after, backend);
    }
    return (change.before ?? []).includes(backend) || (change.after ?? []).includes(backend);
  }
  return false;
}

/** Whether `item` stands at another place among the items both lists share. */
function movedIn(before: readonly string[], after: readonly string[], item: string): boolean {
  const shared = (list: readonly string[], other: readonly string[]): string[] =>
    list.filter((x) => other.includes(x));
  return shared(before, after).indexOf(item) !== shared(after, before).indexOf(item);
}
