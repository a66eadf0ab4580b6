// The generator version a command follows: --generator-version, else the
// environment (a CI job can pin it once for every call), else each tree's own
// script (undefined here).

import { findVersion, type GeneratorVersion } from '../versions/versions.js';

export type GeneratorVersionChoice =
  | { readonly kind: 'chosen'; readonly version: GeneratorVersion | undefined }
  | { readonly kind: 'unknown'; readonly spec: string };

export function chooseGeneratorVersion(
  requested: string | null,
  env: NodeJS.ProcessEnv | undefined,
): GeneratorVersionChoice {
  const fromEnv = env?.VLLM_ATTENTION_DOCS_GENERATOR_VERSION;
  const spec = requested ?? (fromEnv === undefined || fromEnv === '' ? null : fromEnv);
  if (spec === null) return { kind: 'chosen', version: undefined };
  const version = findVersion(spec);
  return version === null ? { kind: 'unknown', spec } : { kind: 'chosen', version };
}

export function unknownVersionText(spec: string): string {
  return `unknown generator version '${spec}' ('vllm-attention-docs versions' lists them)`;
}
