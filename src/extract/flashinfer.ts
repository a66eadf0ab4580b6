// parse_flashinfer_trtllm_features: FlashInfer's TRTLLM pathway on Blackwell.

import type { ComputeCapability, SourceRef } from '../facts.js';
import type { TreePath } from '../tree/tree.js';
import { findCapabilityInFunction } from './capability.js';
import type { ExtractContext } from './context.js';
import { loadSectionFile } from './section-file.js';

export const FLASHINFER_UTILS_FILE: TreePath = 'vllm/utils/flashinfer.py';

export interface FlashInferFeatures {
  /** Native FlashInfer: everything except SM100. */
  readonly native: { readonly supportsSink: boolean };
  /** The TRTLLM pathway on Blackwell. */
  readonly trtllm: {
    readonly computeCapability: ComputeCapability;
    readonly supportsSink: boolean;
    /** The capability check in supports_trtllm_attention. */
    readonly source: SourceRef;
  };
}

/** null when flashinfer.py is missing, unparsable, or has no capability check in supports_trtllm_attention. */
export function parseFlashInferFeatures(context: ExtractContext): FlashInferFeatures | null {
  const tree = loadSectionFile(context, FLASHINFER_UTILS_FILE);
  if (tree === null) return null;
  // Version 1 kept the first match of the last function that had one.
  const trtllm = findCapabilityInFunction(tree, 'supports_trtllm_attention', context.rules, {
    within: 'first',
  });
  if (trtllm === null) return null;
  return {
    native: { supportsSink: false },
    trtllm: {
      computeCapability: trtllm.capability,
      supportsSink: true,
      source: { file: FLASHINFER_UTILS_FILE, line: trtllm.line },
    },
  };
}
