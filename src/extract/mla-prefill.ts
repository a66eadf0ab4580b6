// parse_mla_prefill_backends: the prefill backends MLA picks at run time,
// from the `use_*_prefill` functions of mla_attention.py.

import type { TreePath } from '../tree/tree.js';
import { findCapabilityFamilyInFunction } from './capability.js';
import type { ExtractContext } from './context.js';
import { loadSectionFile } from './section-file.js';

export const MLA_ATTENTION_FILE: TreePath = 'vllm/model_executor/layers/attention/mla_attention.py';

export interface MlaPrefillBackend {
  readonly name: string;
  readonly description: string;
  readonly computeCapability: string;
  readonly enable: string;
  readonly disable: string;
  readonly notes: string;
}

/** In priority order, as in MLACommonImpl.__init__; FlashAttention is always the last fallback. */
export function parseMlaPrefillBackends(context: ExtractContext): MlaPrefillBackend[] {
  const tree = loadSectionFile(context, MLA_ATTENTION_FILE);
  if (tree === null) return [];

  const trtllmCc = findCapabilityFamilyInFunction(tree, 'use_trtllm_ragged_deepseek_prefill');
  const flashinferCc = findCapabilityFamilyInFunction(tree, 'use_flashinfer_prefill');
  const cudnnCc = findCapabilityFamilyInFunction(tree, 'use_cudnn_prefill');

  const backends: MlaPrefillBackend[] = [];
  if (trtllmCc) {
    backends.push({
      name: 'TRT-LLM Ragged‡',
      description: 'TensorRT-LLM ragged attention',
      computeCapability: trtllmCc,
      enable: 'Default on SM100',
      disable: '`-ac.use_trtllm_ragged_deepseek_prefill=0`',
      notes: 'DeepSeek R1 dims only',
    });
  }
  if (flashinferCc) {
    backends.push({
      name: 'FlashInfer',
      description: 'FlashInfer CUTLASS backend',
      computeCapability: flashinferCc,
      enable: '`-ac.disable_flashinfer_prefill=0`',
      disable: '`-ac.disable_flashinfer_prefill=1`',
      notes: 'DeepSeek R1 dims only',
    });
  }
  if (cudnnCc) {
    backends.push({
      name: 'cuDNN',
      description: 'cuDNN-based attention',
      computeCapability: cudnnCc,
      enable: '`-ac.use_cudnn_prefill=1`',
      disable: '`-ac.use_cudnn_prefill=0`',
      notes: '',
    });
  }
  backends.push({
    name: 'FlashAttention',
    description: 'FlashAttention varlen (FA2/FA3)',
    computeCapability: 'Any',
    enable: 'Default fallback',
    disable: 'Use other backends',
    notes: 'FA3 on SM90, FA2 otherwise',
  });
  return backends;
}
