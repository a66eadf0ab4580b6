// The versions of vLLM's tools/pre_commit/generate_attention_backend_docs.py
// (numbered as in issue 11 and docs/design/generator-versions.md), known by the
// git blob id of the script. Used by the conformance script to say which version
// a tree's own script is; the pipeline will carry its own table once it knows
// the versions.
import { createHash } from 'node:crypto';

export interface GeneratorVersion {
  version: number;
  /** git blob id (SHA-1) of the script. */
  blob: string;
  /** The upstream commits that set the script to this blob, oldest first. */
  commits: string[];
  /** Committer date of the first of them. */
  date: string;
}

export const GENERATOR_VERSIONS: readonly GeneratorVersion[] = [
  {
    version: 1,
    blob: '3cca4959da7997c9289ec593625c3f8912abafe7',
    commits: ['77c4f45c6c'],
    date: '2026-01-28',
  },
  {
    version: 2,
    blob: 'eb68deb1bc8d631c86584b39082f3d8e9b97bf81',
    commits: ['5e75a14a66'],
    date: '2026-02-09',
  },
  {
    version: 3,
    blob: '3aca49f945998867740434dea4d4fd0719d7e3a8',
    commits: ['f2c47886fd'],
    date: '2026-02-12',
  },
  {
    version: 4,
    blob: '628656f0df1a7f5cc1fdd5dc28a1d782b7920635',
    commits: ['8b5014d3dd'],
    date: '2026-03-01',
  },
  {
    version: 5,
    blob: '3ec2248a82a464ebd7b93e279cfd5037c04cfcb8',
    commits: ['379689d533'],
    date: '2026-03-07',
  },
  {
    version: 6,
    blob: '2df46db817804fadf8e9a6f143a60f1272570e47',
    commits: ['a0f44bb616'],
    date: '2026-03-08',
  },
  {
    version: 7,
    blob: '078404f21f7798c7341c9a45725ffe68799aba9d',
    commits: ['b36adfa349'],
    date: '2026-03-17',
  },
  {
    version: 8,
    blob: 'bbbf4f4b64f25b2c5ffa463ab202b0fb65e2ff8a',
    commits: ['43cc5138e5', '6d85b36a9f'],
    date: '2026-03-28',
  },
  {
    version: 9,
    blob: '9e14f8739dcfe3eaeb48304f78205c87ea93396d',
    commits: ['6183cae1bd'],
    date: '2026-04-01',
  },
  {
    version: 10,
    blob: '1b7ef27949b885105910244523b19ae368f82678',
    commits: ['e8ee2a78db'],
    date: '2026-04-24',
  },
  {
    version: 11,
    blob: 'd131c9cc01fbd9fba9e04dbf477336610f5092fe',
    commits: ['947138b6c2'],
    date: '2026-05-01',
  },
  {
    version: 12,
    blob: '73ef8b9158219872d12c7f9f6bf8a525289ad1ae',
    commits: ['f3fef12350'],
    date: '2026-05-01',
  },
  {
    version: 13,
    blob: 'c0503fd69712ead5b838635c64f42c03f3597df2',
    commits: ['be5983b874'],
    date: '2026-05-04',
  },
  {
    version: 14,
    blob: 'abbbdce09b491ca16e672ab8cd41c1b8bb221625',
    commits: ['b2c58ee942'],
    date: '2026-05-15',
  },
  {
    version: 15,
    blob: '1a93068537b461baec862c0e693bf0445d285146',
    commits: ['158289e0fc'],
    date: '2026-05-27',
  },
];

/** The id git gives `content` as a blob: SHA-1 of `blob <length>\0<content>`. */
export function gitBlobId(content: Uint8Array): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** The version whose script has this blob id, or null. */
export function versionOfBlob(blob: string): GeneratorVersion | null {
  return GENERATOR_VERSIONS.find((known) => known.blob === blob) ?? null;
}
