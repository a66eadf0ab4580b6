// The shape of every value analysis produces that the CLI's cache keeps: each
// stage's value, diagnostics, the feature matrix. A cache file is JSON anyone
// (or a crash, or a disk) may have damaged; a record that does not have its
// shape is not used. The `Assert` lines fail to compile when a type changes
// and its shape here does not.

import type { ErrorDiagnostic, WarningDiagnostic } from './diagnostics.js';
import type { BackendFeatures } from './extract/backend-features.js';
import type { FlashAttnFeatures } from './extract/flash-attn.js';
import type { FlashInferFeatures } from './extract/flashinfer.js';
import type { MlaPrefillBackend } from './extract/mla-prefill.js';
import type { PriorityLists } from './extract/priorities.js';
import type { RegistryEntry } from './extract/registry.js';
import type { BackendRow, FeatureMatrix } from './matrix.js';
import type { PySyntaxError } from './python/errors.js';
import {
  array,
  boolean,
  literal,
  nullable,
  number,
  object,
  oneOf,
  record,
  string,
  type Assert,
  type SameShape,
  type Shape,
} from './shape.js';
import type { ComputeCapability, Scalar } from './facts.js';

const args = record(oneOf(string, number));

export const WARNING_DIAGNOSTIC = object({
  severity: literal('warning'),
  code: literal(
    'backend-file-unparsable',
    'section-file-unparsable',
    'parent-file-unparsable',
    'path-outside-tree',
    'python-syntax-warning',
  ),
  args,
  file: nullable(string),
  line: nullable(number),
});

export const ERROR_DIAGNOSTIC = object({
  severity: literal('error'),
  code: literal(
    'registry-unreadable',
    'registry-unparsable',
    'class-path-not-string',
    'class-path-without-class',
    'python-exception',
    'path-name-too-long',
    'git-not-found',
    'not-a-git-repository',
    'unknown-revision',
    'invalid-date',
    'revision-not-ancestor',
    'git-objects-missing',
    'history-beyond-shallow',
    'git-failed',
    'path-permission-denied',
  ),
  args,
  file: nullable(string),
  line: nullable(number),
});

const scalar: Shape<Scalar> = oneOf(number, string);
const sourceRef = object({ file: string, line: number });
const sizeEntry = oneOf(
  object({ kind: literal('size'), value: scalar }),
  object({ kind: literal('multiple-of'), value: scalar }),
);
const sizeSet = oneOf(
  object({ kind: literal('any') }),
  object({ kind: literal('listed'), entries: array(sizeEntry) }),
);
const capabilityPair = object({ major: scalar, minor: scalar });

/** ComputeCapability, a recursive union (FlashInfer's native variant holds the one it derives from). */
const computeCapability: Shape<ComputeCapability> = (v): v is ComputeCapability =>
  COMPUTE_CAPABILITY_CASES(v);
const COMPUTE_CAPABILITY_CASES = oneOf(
  oneOf(
    oneOf(object({ kind: literal('any') }), object({ kind: literal('not-applicable') })),
    oneOf(
      object({ kind: literal('majors'), majors: array(scalar) }),
      object({ kind: literal('major-range'), lowest: scalar, highest: scalar }),
    ),
  ),
  oneOf(
    oneOf(
      object({ kind: literal('between'), min: capabilityPair, max: capabilityPair }),
      object({ kind: literal('at-least'), min: capabilityPair }),
    ),
    oneOf(
      object({ kind: literal('exactly'), capability: capabilityPair }),
      object({ kind: literal('up-to-hopper'), from: computeCapability }),
    ),
  ),
);

const names = array(string);
const factSources = object(
  {},
  {
    dtypes: sourceRef,
    kvCacheDtypes: sourceRef,
    blockSizes: sourceRef,
    headSizes: sourceRef,
    supportsSink: sourceRef,
    supportsNonCausal: sourceRef,
    isSparse: sourceRef,
    supportsMmPrefix: sourceRef,
    supportsDcp: sourceRef,
    attentionTypes: sourceRef,
    computeCapability: sourceRef,
    isMla: sourceRef,
  },
);

const backendFields = {
  name: string,
  classPath: string,
  file: string,
  className: string,
  line: number,
  dtypes: names,
  kvCacheDtypes: names,
  blockSizes: sizeSet,
  headSizes: sizeSet,
  attentionTypes: array(literal('DECODER', 'ENCODER', 'ENCODER_ONLY', 'ENCODER_DECODER')),
  computeCapability,
  isMla: boolean,
  supportsSink: boolean,
  isSparse: boolean,
  supportsMmPrefix: boolean,
  supportsDcp: nullable(boolean),
  supportsNonCausal: nullable(boolean),
  sources: factSources,
};

export const BACKEND_FEATURES = object(backendFields);
const BACKEND_ROW = object({
  ...backendFields,
  variant: nullable(literal('FA2', 'FA3', 'FA4', 'Native', 'TRTLLM')),
});

export const PRIORITY_LISTS = object({
  standardSm100: nullable(names),
  standardDefault: nullable(names),
  mlaSm100: nullable(names),
  mlaDefault: nullable(names),
});

const FLASH_ATTN_VERSION = object({
  computeCapability: nullable(computeCapability),
  supportsFp8: boolean,
  supportsSink: boolean,
  sources: object({}, { computeCapability: sourceRef, supportsFp8: sourceRef, supportsSink: sourceRef }),
});

export const FLASH_ATTN_FEATURES = object({
  fa2: FLASH_ATTN_VERSION,
  fa3: FLASH_ATTN_VERSION,
  fa4: nullable(FLASH_ATTN_VERSION),
});

export const FLASHINFER_FEATURES = object({
  native: object({ supportsSink: boolean }),
  trtllm: object({ computeCapability, supportsSink: boolean, source: sourceRef }),
});

export const MLA_PREFILL_BACKENDS = array(
  object({
    id: string,
    name: nullable(scalar),
    blackwellDefault: boolean,
    dtypes: nullable(names),
    computeCapability,
    requiresR1Dims: nullable(boolean),
    classPath: nullable(string),
    source: nullable(sourceRef),
  }),
);

const VERSION_SOURCE = oneOf(
  oneOf(object({ kind: literal('requested') }), object({ kind: literal('no-script') })),
  oneOf(
    object({ kind: literal('script'), blob: string }),
    object({ kind: literal('unknown-script'), blob: string }),
  ),
);

export const FEATURE_MATRIX = object({
  generator: object({ version: number, source: VERSION_SOURCE }),
  backends: array(BACKEND_ROW),
  priorities: PRIORITY_LISTS,
  mlaPrefillBackends: MLA_PREFILL_BACKENDS,
  flashAttention: nullable(FLASH_ATTN_FEATURES),
  flashInfer: nullable(FLASHINFER_FEATURES),
  warnings: array(WARNING_DIAGNOSTIC),
});

/**
 * The registry's entries, as a replayed stage may give them: only those whose every value
 * is a str (a class path). Other values (an int, bytes, Ellipsis...) do not survive JSON as
 * the same Python values, so a stage that met one is computed again, never replayed.
 */
export const REGISTRY_ENTRIES: Shape<RegistryEntry[]> = array(
  object({ enumName: string, name: string, value: string, file: string, line: number }),
);

export const PY_SYNTAX_ERROR = object({
  kind: literal(
    'SyntaxError',
    'IndentationError',
    'TabError',
    'UnicodeDecodeError',
    'RecursionError',
    'MemoryError',
    'ValueError',
  ),
  msg: string,
  lineno: number,
  offset: number,
});

/** As kept in outline records: no f-string mark (the second pass's repeats are already in the list). */
export const PY_SYNTAX_WARNING = object({ msg: string, lineno: number });

/** Compiles only while every shape above matches its type. */
export type ShapesMatchTheirTypes = [
  Assert<SameShape<typeof WARNING_DIAGNOSTIC, WarningDiagnostic>>,
  Assert<SameShape<typeof ERROR_DIAGNOSTIC, ErrorDiagnostic>>,
  Assert<SameShape<typeof BACKEND_FEATURES, BackendFeatures>>,
  Assert<SameShape<typeof BACKEND_ROW, BackendRow>>,
  Assert<SameShape<typeof PRIORITY_LISTS, PriorityLists>>,
  Assert<SameShape<typeof FLASH_ATTN_FEATURES, FlashAttnFeatures>>,
  Assert<SameShape<typeof FLASHINFER_FEATURES, FlashInferFeatures>>,
  Assert<SameShape<typeof MLA_PREFILL_BACKENDS, MlaPrefillBackend[]>>,
  Assert<SameShape<typeof FEATURE_MATRIX, FeatureMatrix>>,
  Assert<SameShape<typeof PY_SYNTAX_ERROR, PySyntaxError>>,
];
