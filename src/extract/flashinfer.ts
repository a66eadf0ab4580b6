// parse_flashinfer_trtllm_features: FlashInfer's TRTLLM pathway on Blackwell.

import type { TreePath } from '../tree/tree.js';
import { findCapabilityFamilyInFunction } from './capability.js';
import type { ExtractContext } from './context.js';
import { loadSectionFile } from './section-file.js';

export const FLASHINFER_UTILS_FILE: TreePath = 'vllm/utils/flashinfer.py';

export interface FlashInferFeatures {
  /** Native FlashInfer: everything except SM100. */
  readonly native: { readonly supportsSink: false };
  /** The TRTLLM pathway on Blackwell. */
  readonly trtllm: { readonly computeCapability: string; readonly supportsSink: true };
}

/** null when flashinfer.py is missing, unparsable, or has no capability check in supports_trtllm_attention. */
export function parseFlashInferFeatures(context: ExtractContext): FlashInferFeatures | null {
  const tree = loadSectionFile(context, FLASHINFER_UTILS_FILE);
  if (tree === null) return null;
  const trtllmComputeCap = findCapabilityFamilyInFunction(tree, 'supports_trtllm_attention');
  if (!trtllmComputeCap) return null;
  return {
    native: { supportsSink: false },
    trtllm: { computeCapability: trtllmComputeCap, supportsSink: true },
  };
}
