// The vocabulary of facts the extractors find and everything downstream
// consumes: values as the tree holds them (numbers, lists, bounds), never the
// document's cell text. Text is made in src/render/ only.

import { pyStrip } from './python/str-methods.js';
import type { TreePath } from './tree/tree.js';

/** Where a fact was found: the node that gave it. Absent for a default. */
export interface SourceRef {
  readonly file: TreePath;
  /** 1-based line. */
  readonly line: number;
}

/**
 * A Python constant as facts carry it: an int (not a bool) within ±2^53 as a
 * number; any other constant (str, float, bool, None, bytes, a larger int) as
 * the text Python's str() gives it. Extractors convert only the values the
 * reference converts, so they raise exactly where str() raises in it.
 */
export type Scalar = number | string;

/** One entry of a block-size or head-size list. */
export type SizeEntry =
  /** `16` in `return [16, 32]`. */
  | { readonly kind: 'size'; readonly value: Scalar }
  /** `MultipleOf(16)`: any multiple of the value. */
  | { readonly kind: 'multiple-of'; readonly value: Scalar };

export type SizeSet =
  /** No restriction found (no method, or no `return [...]` with an entry). */
  | { readonly kind: 'any' }
  /** The first `return [...]` with at least one entry. */
  | { readonly kind: 'listed'; readonly entries: readonly SizeEntry[] };

/** A (major, minor) pair as written in `DeviceCapability(major, minor)`. */
export interface CapabilityPair {
  readonly major: Scalar;
  readonly minor: Scalar;
}

export type ComputeCapability =
  /** No check found. */
  | { readonly kind: 'any' }
  /** Not a CUDA backend (CPU_*, ROCM_*). */
  | { readonly kind: 'not-applicable' }
  /**
   * `capability.major == N` / `major in [N, M]` / `is_device_capability_family(N0)`:
   * these majors, sorted (the document shows the first and the last).
   */
  | { readonly kind: 'majors'; readonly majors: readonly Scalar[] }
  /** Every major from `lowest` to `highest` (FA4's `cc not in [9, 10, 11]` list, read as a range). */
  | { readonly kind: 'major-range'; readonly lowest: Scalar; readonly highest: Scalar }
  /** `capability >= DeviceCapability(a, b)` and `capability <= DeviceCapability(c, d)`. */
  | { readonly kind: 'between'; readonly min: CapabilityPair; readonly max: CapabilityPair }
  /** `capability >= DeviceCapability(a, b)` alone, or FA4's `major >= N`. */
  | { readonly kind: 'at-least'; readonly min: CapabilityPair }
  /** `is_device_capability(N)`: exactly this capability. */
  | { readonly kind: 'exactly'; readonly capability: CapabilityPair }
  /**
   * FlashInfer's native (non-TRTLLM) variant: from the lower end of `from` up
   * to 9.x. The reference derives its cell from `from`'s cell text.
   */
  | { readonly kind: 'up-to-hopper'; readonly from: ComputeCapability };

/** AttentionType members the reference recognises, by their Python names. */
export type AttentionTypeName = 'DECODER' | 'ENCODER' | 'ENCODER_ONLY' | 'ENCODER_DECODER';

export const ATTENTION_TYPE_NAMES: readonly AttentionTypeName[] = [
  'DECODER',
  'ENCODER',
  'ENCODER_ONLY',
  'ENCODER_DECODER',
];

export function isAttentionTypeName(name: string): name is AttentionTypeName {
  return (ATTENTION_TYPE_NAMES as readonly string[]).includes(name);
}

/**
 * A list's items split at commas and stripped: what the reference gets when
 * it splits a cell's text to filter it, so the items after a filter.
 */
export function commaPieces(items: readonly string[]): string[] {
  return items.join(', ').split(',').map(pyStrip);
}
