// Which table rows a filter admits, decided on the typed facts (bounds,
// size lists, flags), never on the cell text. A fact the source gave as
// something other than a number (a string constant, say) cannot be compared:
// the verdict is then "unknown" and the page shows the row, marked.

import type { AttentionTypeName, ComputeCapability, Scalar, SizeSet } from '../facts.js';

export type Verdict = 'yes' | 'no' | 'unknown';

export interface Capability {
  readonly major: number;
  readonly minor: number;
}

/** The facts of a row the filters read (a prefill row has only some). */
export interface RowFacts {
  readonly computeCapability: ComputeCapability;
  readonly dtypes: readonly string[] | null;
  /** KV-cache dtypes as the cell lists them (items split at commas). */
  readonly kvCacheDtypes: readonly string[] | null;
  readonly blockSizes: SizeSet | null;
  readonly headSizes: SizeSet | null;
  readonly supportsSink: boolean | null;
  readonly supportsNonCausal: boolean | null;
  readonly supportsMmPrefix: boolean | null;
  readonly supportsDcp: boolean | null;
  readonly isSparse: boolean | null;
  readonly attentionTypes: readonly AttentionTypeName[] | null;
}

/** What a row must admit; null or false for no constraint. */
export interface RowFilter {
  readonly gpu: Capability | null;
  readonly dtype: string | null;
  readonly kvCacheDtype: string | null;
  readonly headSize: number | null;
  readonly blockSize: number | null;
  readonly sink: boolean;
  readonly nonCausal: boolean;
  readonly mmPrefix: boolean;
  readonly dcp: boolean;
  readonly sparse: boolean;
  readonly attnType: AttentionTypeName | null;
}

export const NO_FILTER: RowFilter = {
  gpu: null,
  dtype: null,
  kvCacheDtype: null,
  headSize: null,
  blockSize: null,
  sink: false,
  nonCausal: false,
  mmPrefix: false,
  dcp: false,
  sparse: false,
  attnType: null,
};

function num(value: Scalar): number | null {
  return typeof value === 'number' ? value : null;
}

/** a <= b for (major, minor) pairs; null when either holds a non-number. */
function atMost(
  a: { major: Scalar; minor: Scalar },
  b: Capability | { major: Scalar; minor: Scalar },
): boolean | null {
  const [am, an, bm, bn] = [num(a.major), num(a.minor), num(b.major), num(b.minor)];
  if (am === null || an === null || bm === null || bn === null) return null;
  return am < bm || (am === bm && an <= bn);
}

function verdict(value: boolean | null): Verdict {
  return value === null ? 'unknown' : value ? 'yes' : 'no';
}

/** Does a compute-capability fact admit this GPU? */
export function capabilityAdmits(cc: ComputeCapability, gpu: Capability): Verdict {
  switch (cc.kind) {
    case 'any':
      return 'yes';
    case 'not-applicable':
      // A CPU or ROCm backend: not for a CUDA GPU.
      return 'no';
    case 'majors': {
      if (cc.majors.some((m) => m === gpu.major)) return 'yes';
      return cc.majors.every((m) => typeof m === 'number') ? 'no' : 'unknown';
    }
    case 'major-range': {
      const [low, high] = [num(cc.lowest), num(cc.highest)];
      if (low === null || high === null) return 'unknown';
      return verdict(low <= gpu.major && gpu.major <= high);
    }
    case 'between': {
      const above = atMost(cc.min, gpu);
      const below = atMost(gpu, cc.max);
      if (above === false || below === false) return 'no';
      return above === null || below === null ? 'unknown' : 'yes';
    }
    case 'at-least':
      return verdict(atMost(cc.min, gpu));
    case 'exactly': {
      const [m, n] = [num(cc.capability.major), num(cc.capability.minor)];
      if (m === null || n === null) return 'unknown';
      return verdict(m === gpu.major && n === gpu.minor);
    }
    case 'up-to-hopper': {
      // FlashInfer's native kernels: what the backend admits, up to 9.x.
      if (gpu.major > 9) return 'no';
      return capabilityAdmits(cc.from, gpu);
    }
  }
}

/** Does a block- or head-size fact admit this size? */
export function sizesAdmit(sizes: SizeSet, size: number): Verdict {
  if (sizes.kind === 'any') return 'yes';
  let unknown = false;
  for (const entry of sizes.entries) {
    const value = num(entry.value);
    if (value === null) unknown = true;
    else if (entry.kind === 'size' ? value === size : value > 0 && size % value === 0) return 'yes';
  }
  return unknown ? 'unknown' : 'no';
}

function listAdmits(list: readonly string[] | null, wanted: string | null): Verdict {
  if (wanted === null || list === null) return 'yes';
  return list.includes(wanted) ? 'yes' : 'no';
}

function flagAdmits(fact: boolean | null, wanted: boolean): Verdict {
  if (!wanted) return 'yes';
  return fact === true ? 'yes' : 'no';
}

/**
 * The row's verdict: 'no' when some asked-for property is missing, 'unknown'
 * when none is missing but some cannot be told, else 'yes'. A fact the row does
 * not have (the prefill table has no head sizes) does not constrain it.
 */
export function rowVerdict(row: RowFacts, filter: RowFilter): Verdict {
  const verdicts: Verdict[] = [
    filter.gpu === null ? 'yes' : capabilityAdmits(row.computeCapability, filter.gpu),
    listAdmits(row.dtypes, filter.dtype),
    listAdmits(row.kvCacheDtypes, filter.kvCacheDtype),
    filter.headSize === null || row.headSizes === null ? 'yes' : sizesAdmit(row.headSizes, filter.headSize),
    filter.blockSize === null || row.blockSizes === null
      ? 'yes'
      : sizesAdmit(row.blockSizes, filter.blockSize),
    row.supportsSink === null ? 'yes' : flagAdmits(row.supportsSink, filter.sink),
    row.supportsMmPrefix === null ? 'yes' : flagAdmits(row.supportsMmPrefix, filter.mmPrefix),
    row.isSparse === null ? 'yes' : flagAdmits(row.isSparse, filter.sparse),
    // Not read by the generator version followed (null): no column to filter by.
    row.supportsNonCausal === null ? 'yes' : flagAdmits(row.supportsNonCausal, filter.nonCausal),
    row.supportsDcp === null ? 'yes' : flagAdmits(row.supportsDcp, filter.dcp),
    filter.attnType === null || row.attentionTypes === null
      ? 'yes'
      : verdict(row.attentionTypes.includes(filter.attnType)),
  ];
  if (verdicts.includes('no')) return 'no';
  return verdicts.includes('unknown') ? 'unknown' : 'yes';
}
