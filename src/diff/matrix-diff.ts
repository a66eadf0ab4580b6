// What changed between two feature matrices, as typed data: per section,
// backend (and variant) and field, the values before and after. Facts are
// compared, not cell text, so a change the document cannot show (a minor
// version inside a "9.x" cell) is still reported, and a change of wording
// alone (a generator version's new "All" rule) is not a change of a fact.
// English is made in src/render/diff-text.ts.

import { BACKEND_FACT_NAMES, type BackendFactName } from '../extract/backend-features.js';
import type { FlashAttnVersionFeatures } from '../extract/flash-attn.js';
import type { FlashInferFeatures } from '../extract/flashinfer.js';
import type { MlaPrefillBackend } from '../extract/mla-prefill.js';
import type { PriorityKey } from '../extract/priorities.js';
import type { AttentionTypeName, ComputeCapability, SizeEntry, SizeSet } from '../facts.js';
import {
  VARIANT_ORDER,
  type BackendRow,
  type FeatureMatrix,
  type GeneratorChoice,
  type Variant,
} from '../matrix.js';
import { pyStringLess } from '../python/values.js';
import type { Assert } from '../shape.js';
import { compareLists, sameValue } from './lists.js';

/** Where a change is, in the document's order. */
export type DiffSection =
  /** The generator version the matrix follows (the tree's script changed). */
  | 'generator'
  | 'priorities'
  /** The standard attention table. */
  | 'standard'
  /** FlashAttention's FA2/FA3/FA4 facts (fa_utils.py): the FLASH_ATTN rows and the * footnote. */
  | 'flash-attention'
  /** FlashInfer's Native/TRTLLM facts (flashinfer.py): the FLASHINFER rows and the † footnote. */
  | 'flashinfer'
  | 'mla-prefill'
  /** The MLA decode table. */
  | 'mla-decode';

export const DIFF_SECTIONS: readonly DiffSection[] = [
  'generator',
  'priorities',
  'standard',
  'flash-attention',
  'flashinfer',
  'mla-prefill',
  'mla-decode',
];

/** A table row's facts that are compared, in the document's column order. */
export interface RowFacts {
  readonly dtypes: readonly string[];
  readonly kvCacheDtypes: readonly string[];
  readonly blockSizes: SizeSet;
  readonly headSizes: SizeSet;
  readonly supportsSink: boolean;
  readonly supportsNonCausal: boolean | null;
  readonly isSparse: boolean;
  readonly supportsMmPrefix: boolean;
  readonly supportsDcp: boolean | null;
  readonly attentionTypes: readonly AttentionTypeName[];
  readonly computeCapability: ComputeCapability;
  /** Which table the row is in. */
  readonly isMla: boolean;
}

export type RowField = keyof RowFacts;
// The compared facts are the extracted ones, no more and no fewer.
export type RowFieldsAreFacts = Assert<SameKeys<RowField, BackendFactName>>;
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** The extracted facts, a move between tables (isMla) first. */
export const ROW_FIELDS: readonly RowField[] = [
  'isMla',
  ...BACKEND_FACT_NAMES.filter((fact) => fact !== 'isMla'),
];

interface Where<S extends DiffSection, F> {
  readonly section: S;
  /** The backend (registry name, or the prefill backend's id); null for what belongs to none. */
  readonly backend: string | null;
  readonly variant: Variant | null;
  /** null for a whole row (or section) added or removed. */
  readonly field: F;
}

/** A value replaced by another. */
interface Changed<T> {
  readonly kind: 'changed';
  readonly before: T;
  readonly after: T;
}

/** A list that gained or lost items, or whose items changed order. */
export interface ItemsChanged<L, I> {
  readonly kind: 'items';
  readonly before: L;
  readonly after: L;
  readonly added: readonly I[];
  readonly removed: readonly I[];
  /** The items in both lists stand in another order. */
  readonly reordered: boolean;
}

interface Added<T> {
  readonly kind: 'added';
  readonly before: null;
  readonly after: T;
}

interface Removed<T> {
  readonly kind: 'removed';
  readonly before: T;
  readonly after: null;
}

type ChangedField<F extends RowField> = Where<'standard' | 'mla-decode', F> & Changed<RowFacts[F]>;

/** A change of a table row (section: the table it is in, after the change if it moved). */
export type RowChange =
  | (Where<'standard' | 'mla-decode', null> & (Added<BackendRow> | Removed<BackendRow>))
  | (Where<'standard' | 'mla-decode', 'dtypes' | 'kvCacheDtypes'> & ItemsChanged<readonly string[], string>)
  | (Where<'standard' | 'mla-decode', 'attentionTypes'> &
      ItemsChanged<readonly AttentionTypeName[], AttentionTypeName>)
  | (Where<'standard' | 'mla-decode', 'blockSizes' | 'headSizes'> & ItemsChanged<SizeSet, SizeEntry>)
  | { [F in RowField]: ChangedField<F> }[RowField];

/** A CUDA priority list: a list found or lost, or items added, removed, re-ordered. */
export type PriorityChange = Where<'priorities', PriorityKey> &
  (Changed<readonly string[] | null> | ItemsChanged<readonly string[], string>);

type PrefillFacts = Pick<
  MlaPrefillBackend,
  'name' | 'blackwellDefault' | 'dtypes' | 'computeCapability' | 'requiresR1Dims'
>;

export type PrefillField = keyof PrefillFacts;

const PREFILL_FIELDS: readonly PrefillField[] = [
  'name',
  'blackwellDefault',
  'dtypes',
  'computeCapability',
  'requiresR1Dims',
];

/** The MLA prefill table: a backend added or removed, one of its facts, or the table's order (field 'order'). */
export type PrefillChange =
  | (Where<'mla-prefill', null> & (Added<MlaPrefillBackend> | Removed<MlaPrefillBackend>))
  | { [F in PrefillField]: Where<'mla-prefill', F> & Changed<PrefillFacts[F]> }[PrefillField]
  | (Where<'mla-prefill', 'order'> & ItemsChanged<readonly string[], string>);

export type FlashAttentionField = 'computeCapability' | 'supportsFp8' | 'supportsSink';

/** fa_utils.py's facts of one FlashAttention version (FA2, FA3, FA4): found or lost, or one of them changed. */
export type FlashAttentionChange =
  | (Where<'flash-attention', null> & (Added<FlashAttnVersionFeatures> | Removed<FlashAttnVersionFeatures>))
  | (Where<'flash-attention', 'computeCapability'> & Changed<ComputeCapability | null>)
  | (Where<'flash-attention', 'supportsFp8' | 'supportsSink'> & Changed<boolean>);

/** flashinfer.py's facts: found or lost, or the TRTLLM capability, or a variant's sink support. */
export type FlashInferChange =
  | (Where<'flashinfer', null> & (Added<FlashInferFeatures> | Removed<FlashInferFeatures>))
  | (Where<'flashinfer', 'computeCapability'> & Changed<ComputeCapability>)
  | (Where<'flashinfer', 'supportsSink'> & Changed<boolean>);

/** The generator version followed changed (before: null when there was no matrix before). */
export type GeneratorChange = Where<'generator', 'version'> & Changed<GeneratorChoice | null>;

export type MatrixChange =
  GeneratorChange | PriorityChange | RowChange | FlashAttentionChange | FlashInferChange | PrefillChange;

export interface MatrixDiff {
  /** The generator versions followed on each side (before: null when there was no matrix). */
  readonly generators: { readonly before: GeneratorChoice | null; readonly after: GeneratorChoice };
  readonly changes: readonly MatrixChange[];
  /**
   * For each backend split into variants, the variants with a row on both
   * sides: a change shared by all of them is a change of the backend.
   */
  readonly sharedVariants: Readonly<Record<string, readonly Variant[]>>;
}

/** Everything that changed from `before` to `after`; from nothing (every row added) when before is null. */
export function diffMatrices(before: FeatureMatrix | null, after: FeatureMatrix): MatrixDiff {
  const changes: MatrixChange[] = [];
  if (before === null || before.generator.version !== after.generator.version) {
    changes.push({
      section: 'generator',
      backend: null,
      variant: null,
      field: 'version',
      kind: 'changed',
      before: before === null ? null : before.generator,
      after: after.generator,
    });
  }
  changes.push(...priorityChanges(before, after));
  const rows = rowChanges(before?.backends ?? [], after.backends);
  changes.push(...rows.changes.filter((c) => c.section === 'standard'));
  changes.push(...flashAttentionChanges(before?.flashAttention ?? null, after.flashAttention));
  changes.push(...flashInferChanges(before?.flashInfer ?? null, after.flashInfer));
  changes.push(...prefillChanges(before?.mlaPrefillBackends ?? [], after.mlaPrefillBackends));
  changes.push(...rows.changes.filter((c) => c.section === 'mla-decode'));
  return {
    generators: { before: before === null ? null : before.generator, after: after.generator },
    changes,
    sharedVariants: rows.sharedVariants,
  };
}

const PRIORITY_KEYS: readonly PriorityKey[] = ['standardSm100', 'standardDefault', 'mlaSm100', 'mlaDefault'];

function priorityChanges(before: FeatureMatrix | null, after: FeatureMatrix): PriorityChange[] {
  const changes: PriorityChange[] = [];
  for (const key of PRIORITY_KEYS) {
    const a = before === null ? null : before.priorities[key];
    const b = after.priorities[key];
    const where = { section: 'priorities', backend: null, variant: null, field: key } as const;
    if (a !== null && b !== null) {
      const compared = compareLists(a, b);
      if (compared !== null) changes.push({ ...where, kind: 'items', before: a, after: b, ...compared });
    } else if (a !== b) {
      changes.push({ ...where, kind: 'changed', before: a, after: b });
    }
  }
  return changes;
}

/** Rows are matched by backend, variant and, for a name met twice, which one. */
function keyed<T>(items: readonly T[], identity: (item: T) => string): Map<string, T> {
  const seen = new Map<string, number>();
  const byKey = new Map<string, T>();
  for (const item of items) {
    const id = identity(item);
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    byKey.set(`${id}\0${n}`, item);
  }
  return byKey;
}

function rowIdentity(row: BackendRow): string {
  return `${row.name}\0${row.variant ?? ''}`;
}

function tableOf(row: BackendRow): 'standard' | 'mla-decode' {
  return row.isMla ? 'mla-decode' : 'standard';
}

/** The document's row order: by name (code points), then variant. */
function compareRows(a: BackendRow, b: BackendRow): number {
  if (a.name !== b.name) return pyStringLess(a.name, b.name) ? -1 : 1;
  const rank = (v: Variant | null): number => (v === null ? -1 : VARIANT_ORDER.indexOf(v));
  return rank(a.variant) - rank(b.variant);
}

function rowChanges(
  before: readonly BackendRow[],
  after: readonly BackendRow[],
): { changes: RowChange[]; sharedVariants: Record<string, Variant[]> } {
  const old = keyed(before, rowIdentity);
  const now = keyed(after, rowIdentity);
  const sharedVariants: Record<string, Variant[]> = {};
  const rows: { row: BackendRow; changes: RowChange[] }[] = [];
  for (const [key, row] of old) {
    if (now.has(key)) continue;
    rows.push({ row, changes: [{ ...rowWhere(row, null), kind: 'removed', before: row, after: null }] });
  }
  for (const [key, row] of now) {
    const was = old.get(key);
    if (was === undefined) {
      rows.push({ row, changes: [{ ...rowWhere(row, null), kind: 'added', before: null, after: row }] });
      continue;
    }
    if (row.variant !== null) (sharedVariants[row.name] ??= []).push(row.variant);
    const changes = ROW_FIELDS.flatMap((field) => fieldChange(was, row, field));
    if (changes.length > 0) rows.push({ row, changes });
  }
  rows.sort((a, b) => compareRows(a.row, b.row));
  return { changes: rows.flatMap((r) => r.changes), sharedVariants };
}

function rowWhere<F extends RowField | null>(row: BackendRow, field: F): Where<'standard' | 'mla-decode', F> {
  return { section: tableOf(row), backend: row.name, variant: row.variant, field };
}

function fieldChange(before: BackendRow, after: BackendRow, field: RowField): RowChange[] {
  switch (field) {
    case 'dtypes':
    case 'kvCacheDtypes': {
      const compared = compareLists(before[field], after[field]);
      if (compared === null) return [];
      return [
        { ...rowWhere(after, field), kind: 'items', before: before[field], after: after[field], ...compared },
      ];
    }
    case 'attentionTypes': {
      // The cell shows the types sorted: the order they were found in is no fact of the document.
      const compared = compareLists(before.attentionTypes, after.attentionTypes);
      if (compared === null || (compared.added.length === 0 && compared.removed.length === 0)) return [];
      return [
        {
          ...rowWhere(after, field),
          kind: 'items',
          before: before.attentionTypes,
          after: after.attentionTypes,
          ...compared,
          reordered: false,
        },
      ];
    }
    case 'blockSizes':
    case 'headSizes': {
      const a = before[field];
      const b = after[field];
      if (a.kind === 'listed' && b.kind === 'listed') {
        const compared = compareLists(a.entries, b.entries);
        if (compared === null) return [];
        return [{ ...rowWhere(after, field), kind: 'items', before: a, after: b, ...compared }];
      }
      if (sameValue(a, b)) return [];
      return [{ ...rowWhere(after, field), kind: 'changed', before: a, after: b }];
    }
    default: {
      const a = before[field];
      const b = after[field];
      if (sameValue(a, b)) return [];
      return [{ ...rowWhere(after, field), kind: 'changed', before: a, after: b } as RowChange];
    }
  }
}

const FA_VERSIONS = ['fa2', 'fa3', 'fa4'] as const;
const FA_VARIANTS: Readonly<Record<(typeof FA_VERSIONS)[number], Variant>> = {
  fa2: 'FA2',
  fa3: 'FA3',
  fa4: 'FA4',
};

function flashAttentionChanges(
  before: FeatureMatrix['flashAttention'],
  after: FeatureMatrix['flashAttention'],
): FlashAttentionChange[] {
  const changes: FlashAttentionChange[] = [];
  const where = <F extends FlashAttentionField | null>(variant: Variant | null, field: F) =>
    ({ section: 'flash-attention', backend: 'FLASH_ATTN', variant, field }) as const;
  for (const version of FA_VERSIONS) {
    const variant = FA_VARIANTS[version];
    const a = before === null ? null : before[version];
    const b = after === null ? null : after[version];
    if (a === null && b === null) continue;
    if (a === null) changes.push({ ...where(variant, null), kind: 'added', before: null, after: b! });
    else if (b === null) changes.push({ ...where(variant, null), kind: 'removed', before: a, after: null });
    else {
      if (!sameValue(a.computeCapability, b.computeCapability))
        changes.push({
          ...where(variant, 'computeCapability'),
          kind: 'changed',
          before: a.computeCapability,
          after: b.computeCapability,
        });
      for (const field of ['supportsFp8', 'supportsSink'] as const)
        if (a[field] !== b[field])
          changes.push({ ...where(variant, field), kind: 'changed', before: a[field], after: b[field] });
    }
  }
  return changes;
}

function flashInferChanges(
  before: FlashInferFeatures | null,
  after: FlashInferFeatures | null,
): FlashInferChange[] {
  const where = <F extends 'computeCapability' | 'supportsSink' | null>(variant: Variant | null, field: F) =>
    ({ section: 'flashinfer', backend: 'FLASHINFER', variant, field }) as const;
  if (before === null && after === null) return [];
  if (before === null) return [{ ...where(null, null), kind: 'added', before: null, after: after! }];
  if (after === null) return [{ ...where(null, null), kind: 'removed', before, after: null }];
  const changes: FlashInferChange[] = [];
  if (before.native.supportsSink !== after.native.supportsSink)
    changes.push({
      ...where('Native', 'supportsSink'),
      kind: 'changed',
      before: before.native.supportsSink,
      after: after.native.supportsSink,
    });
  if (!sameValue(before.trtllm.computeCapability, after.trtllm.computeCapability))
    changes.push({
      ...where('TRTLLM', 'computeCapability'),
      kind: 'changed',
      before: before.trtllm.computeCapability,
      after: after.trtllm.computeCapability,
    });
  if (before.trtllm.supportsSink !== after.trtllm.supportsSink)
    changes.push({
      ...where('TRTLLM', 'supportsSink'),
      kind: 'changed',
      before: before.trtllm.supportsSink,
      after: after.trtllm.supportsSink,
    });
  return changes;
}

function prefillChanges(
  before: readonly MlaPrefillBackend[],
  after: readonly MlaPrefillBackend[],
): PrefillChange[] {
  const old = keyed(before, (b) => b.id);
  const now = keyed(after, (b) => b.id);
  const where = <F extends PrefillField | 'order' | null>(id: string | null, field: F) =>
    ({ section: 'mla-prefill', backend: id, variant: null, field }) as const;
  const changes: PrefillChange[] = [];
  // The table keeps the priority order; a change of order among the backends kept is one change.
  const order = compareLists(
    before.map((b) => b.id),
    after.map((b) => b.id),
  );
  if (order !== null && order.reordered)
    changes.push({
      ...where(null, 'order'),
      kind: 'items',
      before: before.map((b) => b.id),
      after: after.map((b) => b.id),
      ...order,
    });
  for (const [key, backend] of old)
    if (!now.has(key))
      changes.push({ ...where(backend.id, null), kind: 'removed', before: backend, after: null });
  for (const [key, backend] of now) {
    const was = old.get(key);
    if (was === undefined) {
      changes.push({ ...where(backend.id, null), kind: 'added', before: null, after: backend });
      continue;
    }
    for (const field of PREFILL_FIELDS) {
      if (sameValue(was[field], backend[field])) continue;
      changes.push({
        ...where(backend.id, field),
        kind: 'changed',
        before: was[field],
        after: backend[field],
      } as PrefillChange);
    }
  }
  return changes;
}
