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
} from './shape.js';

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
    'path-permission-denied',
  ),
  args,
  file: nullable(string),
  line: nullable(number),
});

const backendFields = {
  name: string,
  classPath: string,
  file: string,
  className: string,
  dtypes: string,
  kvCacheDtypes: string,
  blockSizes: string,
  headSizes: string,
  attnTypes: string,
  computeCapability: string,
  isMla: boolean,
  supportsSink: boolean,
  isSparse: boolean,
  supportsMmPrefix: boolean,
  supportsDcp: boolean,
};

export const BACKEND_FEATURES = object(backendFields);
const BACKEND_ROW = object({ ...backendFields, version: string, sortKey: string, sortOrder: number });

const names = array(string);
export const PRIORITY_LISTS = object(
  {},
  { standard_sm100: names, standard_default: names, mla_sm100: names, mla_default: names },
);

export const FLASH_ATTN_FEATURES = object({
  fa2: object({ supportsFp8: literal(false), supportsSink: literal(false) }),
  fa3: object({ computeCapability: nullable(string), supportsFp8: boolean, supportsSink: boolean }),
  fa4: object({
    computeCapability: nullable(string),
    supportsFp8: literal(false),
    supportsSink: literal(false),
  }),
});

export const FLASHINFER_FEATURES = object({
  native: object({ supportsSink: literal(false) }),
  trtllm: object({ computeCapability: string, supportsSink: literal(true) }),
});

export const MLA_PREFILL_BACKENDS = array(
  object({
    name: string,
    description: string,
    computeCapability: string,
    enable: string,
    disable: string,
    notes: string,
  }),
);

export const FEATURE_MATRIX = object({
  backends: array(BACKEND_ROW),
  priorities: PRIORITY_LISTS,
  mlaPrefillBackends: MLA_PREFILL_BACKENDS,
  flashAttn: nullable(FLASH_ATTN_FEATURES),
  flashInfer: nullable(FLASHINFER_FEATURES),
  warnings: array(WARNING_DIAGNOSTIC),
});

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
