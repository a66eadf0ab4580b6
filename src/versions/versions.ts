// vLLM's generator script changed 16 times (15 distinct versions). Each change
// of output is a named rule, switched on for the versions that have it; one
// pipeline reads the rules. docs/design/generator.md maps rules to modules.

/** A change of the reference's behaviour, named after what it does. */
export type RuleName =
  /** v2: a generic base `Base[T]` counts as the parent class (MLA detection). */
  | 'generic-parent-classes'
  /** v2: _find_cc_in_function: the first match of the first function with one (v1 kept the last function's). */
  | 'first-capability-match'
  /** v2: the DCP column and its legend row; `can_return_lse_for_decode` on the impl class, through parents and imports. */
  | 'dcp-column'
  /** v3: priority lists expand `*name` from list assignments in the same block. */
  | 'starred-priorities'
  /** v4: the FA4* row, FA3/FA4 capability from `major == N`/`major >= N` or `_is_fa4_supported`, the FA footnote naming 4. */
  | 'fa4-row'
  /** v5: BACKEND_KV_DTYPE_EXCLUDES (FLASHMLA_SPARSE drops fp8). */
  | 'kv-dtype-excludes'
  /** v6: markdownlint table style: `| --- |` separators sized to the header, double spaces folded. */
  | 'markdownlint-tables'
  /** v7: `**\*`** after FLASHINFER_MLA_SPARSE in the Blackwell MLA list, and its footnote. */
  | 'sparse-mla-footnote'
  /** v8: "All" attention types only when every type is there (before: three or more). */
  | 'all-types-exact'
  /** v9 only (reverted in v10): `is_device_capability(100)` read as "10.0". */
  | 'exact-device-capability'
  /** v10: FA4 sink from `fa_version`/`get_flash_attn_version() == 3/4` or `in (3, 4)`. */
  | 'fa4-sink'
  /** v11: FlashInfer's Native† row drops nvfp4 (TRTLLM† keeps it). */
  | 'native-drops-nvfp4'
  /** v12: MLA prefill from the prefill registry, ordered by `_get_mla_prefill_backend_priorities`. */
  | 'prefill-registry'
  /** v13: the Non-Causal column after Sink, and its legend row. */
  | 'non-causal-column'
  /** v14: FA3 fp8 always on. */
  | 'fa3-fp8-always'
  /** v15: the ‡ footnote names the fallback order. */
  | 'prefill-fallback-footnote';

/** The versions that have each rule: from `since` on, up to `until` when a later version dropped it. */
const RULES: Readonly<Record<RuleName, { readonly since: number; readonly until?: number }>> = {
  'generic-parent-classes': { since: 2 },
  'first-capability-match': { since: 2 },
  'dcp-column': { since: 2 },
  'starred-priorities': { since: 3 },
  'fa4-row': { since: 4 },
  'kv-dtype-excludes': { since: 5 },
  'markdownlint-tables': { since: 6 },
  'sparse-mla-footnote': { since: 7 },
  'all-types-exact': { since: 8 },
  'exact-device-capability': { since: 9, until: 9 },
  'fa4-sink': { since: 10 },
  'native-drops-nvfp4': { since: 11 },
  'prefill-registry': { since: 12 },
  'non-causal-column': { since: 13 },
  'fa3-fp8-always': { since: 14 },
  'prefill-fallback-footnote': { since: 15 },
};

export const RULE_NAMES = Object.keys(RULES) as RuleName[];

/** One version of vLLM's tools/pre_commit/generate_attention_backend_docs.py. */
export interface GeneratorVersion {
  /** 1 to 15, in order of appearance. */
  readonly number: number;
  /** The first upstream commit with this script (abbreviated). */
  readonly commit: string;
  /** Later upstream commits that brought the same script back, with their dates. */
  readonly alsoAt: readonly { readonly commit: string; readonly date: string }[];
  /** That commit's date (YYYY-MM-DD). */
  readonly date: string;
  /** Git blob ids of the script: a tree is on this version when its script is one of these. */
  readonly blobs: readonly string[];
  readonly rules: ReadonlySet<RuleName>;
}

function version(
  number: number,
  commit: string,
  date: string,
  blobs: string[],
  alsoAt: { commit: string; date: string }[] = [],
): GeneratorVersion {
  const rules = new Set<RuleName>();
  for (const name of RULE_NAMES) {
    const { since, until } = RULES[name];
    if (number >= since && (until === undefined || number <= until)) rules.add(name);
  }
  return { number, commit, alsoAt, date, blobs, rules };
}

/** Every known version, oldest first. */
export const GENERATOR_VERSIONS: readonly GeneratorVersion[] = [
  version(1, '77c4f45c6c', '2026-01-28', ['3cca4959da7997c9289ec593625c3f8912abafe7']),
  version(2, '5e75a14a66', '2026-02-09', ['eb68deb1bc8d631c86584b39082f3d8e9b97bf81']),
  version(3, 'f2c47886fd', '2026-02-12', ['3aca49f945998867740434dea4d4fd0719d7e3a8']),
  version(4, '8b5014d3dd', '2026-03-01', ['628656f0df1a7f5cc1fdd5dc28a1d782b7920635']),
  version(5, '379689d533', '2026-03-07', ['3ec2248a82a464ebd7b93e279cfd5037c04cfcb8']),
  version(6, 'a0f44bb616', '2026-03-08', ['2df46db817804fadf8e9a6f143a60f1272570e47']),
  version(7, 'b36adfa349', '2026-03-17', ['078404f21f7798c7341c9a45725ffe68799aba9d']),
  // 6d85b36a9f (2026-04-21) reverted version 9 and brought this script back.
  version(
    8,
    '43cc5138e5',
    '2026-03-28',
    ['bbbf4f4b64f25b2c5ffa463ab202b0fb65e2ff8a'],
    [{ commit: '6d85b36a9f', date: '2026-04-21' }],
  ),
  version(9, '6183cae1bd', '2026-04-01', ['9e14f8739dcfe3eaeb48304f78205c87ea93396d']),
  version(10, 'e8ee2a78db', '2026-04-24', ['1b7ef27949b885105910244523b19ae368f82678']),
  version(11, '947138b6c2', '2026-05-01', ['d131c9cc01fbd9fba9e04dbf477336610f5092fe']),
  version(12, 'f3fef12350', '2026-05-01', ['73ef8b9158219872d12c7f9f6bf8a525289ad1ae']),
  version(13, 'be5983b874', '2026-05-04', ['c0503fd69712ead5b838635c64f42c03f3597df2']),
  version(14, 'b2c58ee942', '2026-05-15', ['abbbdce09b491ca16e672ab8cd41c1b8bb221625']),
  version(15, '158289e0fc', '2026-05-27', ['1a93068537b461baec862c0e693bf0445d285146']),
];

export const LATEST_VERSION: GeneratorVersion = GENERATOR_VERSIONS[GENERATOR_VERSIONS.length - 1];

/** The seed's version: the one the project was first written against. */
export const SEED_VERSION: GeneratorVersion = GENERATOR_VERSIONS[7];

/** The version with this number; throws for a number that is none (a programming error). */
export function versionByNumber(number: number): GeneratorVersion {
  const found = GENERATOR_VERSIONS.find((v) => v.number === number);
  if (found === undefined) throw new Error(`no generator version ${number}`);
  return found;
}

/** The version whose script has this blob id, or null. */
export function versionOfBlob(blob: string): GeneratorVersion | null {
  return GENERATOR_VERSIONS.find((v) => v.blobs.includes(blob)) ?? null;
}

/**
 * A version named on the command line: its number (`8`, `v8`), the commit that
 * introduced it (7 to 40 hex digits), a date (the version in force at the end
 * of that day), or `latest`. null when nothing matches.
 */
export function findVersion(spec: string): GeneratorVersion | null {
  const s = spec.trim().toLowerCase();
  if (s === 'latest') return LATEST_VERSION;
  const number = /^v?(\d{1,2})$/.exec(s);
  if (number !== null) return GENERATOR_VERSIONS.find((v) => v.number === Number(number[1])) ?? null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    // Every commit that set the script, in date order (stable: same-day versions keep their order).
    const changes = GENERATOR_VERSIONS.flatMap((v) => [
      { version: v, date: v.date },
      ...v.alsoAt.map((a) => ({ version: v, date: a.date })),
    ]).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const inForce = changes.filter((c) => c.date <= s);
    return inForce.length === 0 ? null : inForce[inForce.length - 1].version;
  }
  if (/^[0-9a-f]{7,40}$/.test(s)) {
    const sameCommit = (commit: string): boolean => commit.startsWith(s) || s.startsWith(commit);
    return (
      GENERATOR_VERSIONS.find((v) => sameCommit(v.commit) || v.alsoAt.some((a) => sameCommit(a.commit))) ??
      null
    );
  }
  return null;
}
