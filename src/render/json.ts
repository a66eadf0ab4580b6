// The feature matrix as JSON: every row with its fields, the variant facts,
// priority lists, MLA prefill backends and warnings. Versioned by schemaVersion.

import type { FeatureMatrix } from '../matrix.js';

export const JSON_SCHEMA_VERSION = 1;

export function matrixToJsonValue(matrix: FeatureMatrix): unknown {
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    backends: matrix.backends.map((b) => ({
      name: b.name,
      version: b.version,
      classPath: b.classPath,
      file: b.file,
      className: b.className,
      dtypes: b.dtypes,
      kvCacheDtypes: b.kvCacheDtypes,
      blockSizes: b.blockSizes,
      headSizes: b.headSizes,
      attentionTypes: b.attnTypes,
      computeCapability: b.computeCapability,
      isMla: b.isMla,
      supportsSink: b.supportsSink,
      isSparse: b.isSparse,
      supportsMmPrefix: b.supportsMmPrefix,
      supportsDcp: b.supportsDcp,
    })),
    priorities: matrix.priorities,
    mlaPrefillBackends: matrix.mlaPrefillBackends,
    flashAttention: matrix.flashAttn,
    flashInfer: matrix.flashInfer,
    warnings: matrix.warnings,
  };
}

export function renderJson(matrix: FeatureMatrix): string {
  return `${JSON.stringify(matrixToJsonValue(matrix), null, 2)}\n`;
}
