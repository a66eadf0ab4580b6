// The document's cell text for each fact, as the reference's info dicts hold
// it (Python's str() of the values, its joins and display names).

import {
  ATTENTION_TYPE_NAMES,
  type AttentionTypeName,
  type ComputeCapability,
  type Scalar,
  type SizeSet,
} from '../facts.js';
import type { Variant } from '../matrix.js';
import { pyStrip } from '../python/str-methods.js';
import { pyStringLess } from '../python/values.js';
import type { RuleName } from '../versions/versions.js';

/** A Scalar as Python's str() showed it. */
export function scalarText(value: Scalar): string {
  return typeof value === 'number' ? String(value) : value;
}

const VARIANT_CELLS: Readonly<Record<Variant, string>> = {
  FA2: 'FA2*',
  FA3: 'FA3*',
  FA4: 'FA4*',
  Native: 'Native†',
  TRTLLM: 'TRTLLM†',
};

/** The Version column: the variant with its footnote mark, empty for a plain backend. */
export function variantCell(variant: Variant | null): string {
  return variant === null ? '' : VARIANT_CELLS[variant];
}

const DTYPE_DISPLAY: ReadonlyMap<string, string> = new Map([
  ['float16', 'fp16'],
  ['bfloat16', 'bf16'],
  ['float32', 'fp32'],
]);

/** parse_supported_dtypes' text: torch names shortened, joined. */
export function dtypesCell(dtypes: readonly string[]): string {
  return dtypes.map((d) => DTYPE_DISPLAY.get(d) ?? d).join(', ');
}

/** add_literal_quotes over the joined list: every comma-separated piece, stripped, in backticks. */
export function kvCacheDtypesCell(kvCacheDtypes: readonly string[]): string {
  return kvCacheDtypes
    .join(', ')
    .split(',')
    .map((item) => `\`${pyStrip(item)}\``)
    .join(', ');
}

/** parse_block_sizes / parse_head_sizes: entries joined, `%N` for a multiple of N, "Any" without a list. */
export function sizesCell(sizes: SizeSet): string {
  if (sizes.kind === 'any') return 'Any';
  return sizes.entries
    .map((e) => (e.kind === 'multiple-of' ? `%${scalarText(e.value)}` : scalarText(e.value)))
    .join(', ');
}

const ATTENTION_TYPE_DISPLAY: Readonly<Record<AttentionTypeName, string>> = {
  DECODER: 'Decoder',
  ENCODER: 'Encoder',
  ENCODER_ONLY: 'Encoder Only',
  ENCODER_DECODER: 'Enc-Dec',
};

/**
 * parse_attention_types' text: "All" when every type is there (before version
 * 8: three or more), else the display names sorted.
 */
export function attentionTypesCell(
  types: readonly AttentionTypeName[],
  rules: ReadonlySet<RuleName>,
): string {
  const all = rules.has('all-types-exact')
    ? ATTENTION_TYPE_NAMES.every((t) => types.includes(t))
    : types.length >= 3;
  if (all) return 'All';
  return types
    .map((t) => ATTENTION_TYPE_DISPLAY[t])
    .sort((a, b) => (a === b ? 0 : pyStringLess(a, b) ? -1 : 1))
    .join(', ');
}

/** The Compute Cap. column. */
export function capabilityCell(cc: ComputeCapability): string {
  switch (cc.kind) {
    case 'any':
      return 'Any';
    case 'not-applicable':
      return 'N/A';
    case 'majors': {
      const first = scalarText(cc.majors[0]);
      if (cc.majors.length === 1) return `${first}.x`;
      return `${first}.x-${scalarText(cc.majors[cc.majors.length - 1])}.x`;
    }
    case 'major-range':
      return `${scalarText(cc.lowest)}.x-${scalarText(cc.highest)}.x`;
    case 'between':
      return `${scalarText(cc.min.major)}.x-${scalarText(cc.max.major)}.x`;
    case 'at-least':
      return `≥${scalarText(cc.min.major)}.${scalarText(cc.min.minor)}`;
    case 'exactly':
      return `${scalarText(cc.capability.major)}.${scalarText(cc.capability.minor)}`;
    case 'up-to-hopper': {
      // The reference takes the lower end from the base row's text:
      // `cc.replace(".x", "").split("-")[0]`, then appends ".x-9.x".
      const lowest = capabilityCell(cc.from).replaceAll('.x', '').split('-')[0];
      return `${lowest}.x-9.x`;
    }
  }
}

/** bool_to_emoji */
export function boolCell(value: boolean): string {
  return value ? '✅' : '❌';
}
