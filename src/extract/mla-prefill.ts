// parse_mla_prefill_backends: the prefill backends MLA picks at run time,
// from the `use_*_prefill` functions of mla_attention.py.

import type { ComputeCapability, SourceRef } from '../facts.js';
import type { TreePath } from '../tree/tree.js';
import { findCapabilityFamilyInFunction } from './capability.js';
import type { ExtractContext } from './context.js';
import { loadSectionFile } from './section-file.js';

export const MLA_ATTENTION_FILE: TreePath = 'vllm/model_executor/layers/attention/mla_attention.py';

/** The prefill backends the reference knows of, by the names vLLM's code uses for them. */
export type MlaPrefillBackendId = 'TRTLLM_RAGGED' | 'FLASHINFER' | 'CUDNN' | 'FLASH_ATTN';

export interface MlaPrefillBackend {
  readonly id: MlaPrefillBackendId;
  readonly computeCapability: ComputeCapability;
  /** The check the capability came from; null for FlashAttention (always available). */
  readonly source: SourceRef | null;
}

/** The use_* function whose capability check makes each prefill backend available. */
const PREFILL_CHECKS: readonly (readonly [MlaPrefillBackendId, string])[] = [
  ['TRTLLM_RAGGED', 'use_trtllm_ragged_deepseek_prefill'],
  ['FLASHINFER', 'use_flashinfer_prefill'],
  ['CUDNN', 'use_cudnn_prefill'],
];

/** In priority order, as in MLACommonImpl.__init__; FlashAttention is always the last fallback. */
export function parseMlaPrefillBackends(context: ExtractContext): MlaPrefillBackend[] {
  const tree = loadSectionFile(context, MLA_ATTENTION_FILE);
  if (tree === null) return [];

  const backends: MlaPrefillBackend[] = [];
  for (const [id, functionName] of PREFILL_CHECKS) {
    const found = findCapabilityFamilyInFunction(tree, functionName);
    if (found !== null) {
      backends.push({
        id,
        computeCapability: found.capability,
        source: { file: MLA_ATTENTION_FILE, line: found.line },
      });
    }
  }
  backends.push({ id: 'FLASH_ATTN', computeCapability: { kind: 'any' }, source: null });
  return backends;
}
