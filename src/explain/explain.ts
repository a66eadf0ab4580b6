// explain(tree, setup): which attention backend the tree's vLLM picks for a
// setup, every backend's reasons in vLLM's words, the error vLLM would raise,
// and what would make a higher-priority backend valid. The answer is the
// JSON object the CLI prints (docs/design/explain.md describes each field).

import { PyRaise } from '../evaluate/errors.js';
import { SourceCache } from '../evaluate/sources.js';
import { UnknownSignal, rootUnknown, type Unknown } from '../evaluate/unknown.js';
import type { SourceTree } from '../tree/tree.js';
import { findFixes, type Fix } from './fixes.js';
import type { Gpu } from './gpus.js';
import { modelFacts, type DerivedField } from './model.js';
import { runSelection, Sessions, type SelectionRequest } from './selection.js';
import { DEFAULT_KERNELS, KERNELS, type Kernel, type World, type WorldLog } from './world.js';

export const EXPLAIN_SCHEMA_VERSION = 1;

export type AttnType = 'decoder' | 'encoder' | 'encoder_only' | 'encoder_decoder';

/** What the user asks about. Fields left undefined are derived from `model` where it says, else defaulted. */
export interface ExplainSetup {
  readonly gpu: Gpu;
  readonly headSize?: number;
  readonly dtype?: string;
  readonly kvCacheDtype?: string;
  readonly blockSize?: number | null;
  readonly useMla?: boolean;
  readonly useSparse?: boolean;
  readonly hasSink?: boolean;
  readonly useMmPrefix?: boolean;
  readonly usePerHeadQuantScales?: boolean;
  readonly attnType?: AttnType;
  readonly nonCausal?: boolean;
  readonly numHeads?: number | null;
  readonly attentionBackend?: string | null;
  readonly kernels?: readonly Kernel[];
  readonly env?: Readonly<Record<string, string>>;
  /** A Hugging Face config.json object (--model). */
  readonly model?: unknown;
  /** Search for the changes that would make higher-priority backends valid (default true). */
  readonly fixes?: boolean;
}

export interface UnknownJson {
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

export interface BackendJson {
  readonly name: string;
  readonly priority: number | null;
  readonly valid: boolean | null;
  readonly reasons: readonly string[];
  readonly importError?: string;
  readonly raised?: string;
  readonly unknown?: UnknownJson;
  readonly explicit?: true;
  readonly fixes?: readonly Fix[];
}

export interface ExplainJson {
  readonly schemaVersion: 1;
  readonly config: {
    readonly gpu: { readonly name: string; readonly capability: string };
    readonly headSize: number;
    readonly dtype: string;
    readonly kvCacheDtype: string;
    readonly blockSize: number | null;
    readonly useMla: boolean;
    readonly useSparse: boolean;
    readonly hasSink: boolean;
    readonly useMmPrefix: boolean;
    readonly usePerHeadQuantScales: boolean;
    readonly attnType: AttnType;
    readonly nonCausal: boolean;
    readonly numHeads: number | null;
    readonly attentionBackend: string | null;
    readonly kernels: readonly Kernel[];
    readonly env: Readonly<Record<string, string>>;
  };
  /** Values taken from --model's config.json, and from which field. */
  readonly derived: readonly DerivedField[];
  /** repr() of vLLM's AttentionSelectorConfig, as its error message shows it. */
  readonly selectorConfig: string | null;
  readonly priorities: readonly string[];
  readonly backends: readonly BackendJson[];
  readonly chosen: string | null;
  readonly error: string | null;
  readonly errorType: string | null;
  readonly blockSizeWarning: string | null;
  /** Set when the pick cannot be determined: the unknown met by a backend ranked above the first valid one. */
  readonly undetermined: UnknownJson | null;
  /** Inputs this tree's get_attn_backend does not take (the tree predates them). */
  readonly ignoredInputs: readonly string[];
  /** What the selection logged (vLLM's debug/info/warning lines). */
  readonly logs: readonly { readonly level: string; readonly message: string }[];
}

/** explain() cannot run on this tree at all. */
export class ExplainError extends Error {
  constructor(
    readonly code: 'no-selector' | 'unknown-parameter' | 'unevaluable' | 'bad-model',
    readonly detail: string,
    readonly unknown: UnknownJson | null = null,
  ) {
    super(`${code}: ${detail}`);
  }
}

export function unknownJson(unknown: Unknown): UnknownJson {
  const root = rootUnknown(unknown);
  return { code: root.code, file: root.file, line: root.line, what: root.what };
}

interface Resolved {
  readonly request: SelectionRequest;
  readonly world: World;
  readonly derived: readonly DerivedField[];
  readonly config: ExplainJson['config'];
}

export function explain(tree: SourceTree, setup: ExplainSetup): ExplainJson {
  const sessions = new Sessions(new SourceCache(tree));
  const resolved = resolveSetup(sessions, setup);
  const outcome = runSelection(sessions, resolved.world, resolved.request);
  if ('kind' in outcome) {
    switch (outcome.kind) {
      case 'no-entry':
        throw new ExplainError('no-selector', outcome.what);
      case 'unknown-parameter':
        throw new ExplainError('unknown-parameter', outcome.parameter);
      case 'unknown':
        throw new ExplainError('unevaluable', outcome.unknown.what, unknownJson(outcome.unknown));
    }
  }
  const backends: BackendJson[] = outcome.backends.map((b) => ({
    name: b.name,
    priority: b.priority,
    valid: b.valid,
    reasons: b.reasons,
    ...(b.importError !== undefined ? { importError: b.importError } : {}),
    ...(b.raised !== undefined ? { raised: b.raised } : {}),
    ...(b.unknown !== undefined ? { unknown: unknownJson(b.unknown) } : {}),
    ...(b.explicit === true ? { explicit: true as const } : {}),
  }));
  if (setup.fixes !== false) {
    const targets = fixTargets(backends, outcome.chosen, resolved.config.attentionBackend);
    if (targets.length > 0) {
      const fixes = findFixes(sessions, resolved.world, resolved.request, setup.gpu, targets);
      for (let i = 0; i < backends.length; i++) {
        const found = fixes.get(backends[i].name);
        if (found !== undefined) backends[i] = { ...backends[i], fixes: found };
      }
    }
  }
  return {
    schemaVersion: EXPLAIN_SCHEMA_VERSION,
    config: resolved.config,
    derived: resolved.derived,
    selectorConfig: outcome.selectorConfig,
    priorities: outcome.priorities ?? [],
    backends,
    chosen: outcome.chosen,
    error: outcome.error,
    errorType: outcome.errorType,
    blockSizeWarning: outcome.blockSizeWarning,
    undetermined: outcome.undetermined === null ? null : unknownJson(outcome.undetermined),
    ignoredInputs: outcome.ignoredInputs,
    logs: outcome.logs.map((l: WorldLog) => ({ level: l.level, message: l.message })),
  };
}

/** The backends a fix is searched for: the explicit one when it fails, else every invalid one ranked above the pick. */
function fixTargets(
  backends: readonly BackendJson[],
  chosen: string | null,
  explicit: string | null,
): string[] {
  if (explicit !== null) {
    const own =
      backends.find((b) => b.name === explicit && b.explicit === true) ??
      backends.find((b) => b.name === explicit);
    return own !== undefined && own.valid === false && chosen === null ? [explicit] : [];
  }
  const out: string[] = [];
  for (const b of backends) {
    if (b.name === chosen) break;
    if (b.valid === false) out.push(b.name);
  }
  return out;
}

function resolveSetup(sessions: Sessions, setup: ExplainSetup): Resolved {
  let derived: DerivedField[] = [];
  let textConfig: Readonly<Record<string, unknown>> | null = null;
  let configDtype: string | null = null;
  if (setup.model !== undefined) {
    const facts = modelFacts(setup.model);
    if (!facts.ok) throw new ExplainError('bad-model', facts.message);
    derived = [...facts.facts.derived];
    textConfig = facts.facts.textConfig;
    configDtype = facts.facts.configDtype;
  }
  const fromModel = <T>(field: DerivedField['field'], explicit: T | undefined): T | undefined => {
    if (explicit !== undefined) {
      derived = derived.filter((d) => d.field !== field);
      return explicit;
    }
    return derived.find((d) => d.field === field)?.value as T | undefined;
  };
  const kernels = [...(setup.kernels ?? DEFAULT_KERNELS)].sort(
    (a, b) => KERNELS.indexOf(a) - KERNELS.indexOf(b),
  );
  const env = setup.env ?? {};
  const kvCacheDtype = setup.kvCacheDtype ?? 'auto';
  const blockSize = setup.blockSize ?? null;
  const nonCausal = setup.nonCausal ?? false;
  const attentionBackend = setup.attentionBackend ?? null;
  const useMla = fromModel('useMla', setup.useMla) ?? false;
  const headSize = fromModel('headSize', setup.headSize);
  if (headSize === undefined)
    throw new ExplainError(
      'bad-model',
      'no head size: give --head-size, or a --model config with head_dim or hidden_size and num_attention_heads',
    );
  const numHeads = fromModel('numHeads', setup.numHeads ?? undefined) ?? null;
  const baseWorld = (dtype: string | null): World => ({
    capability: { major: setup.gpu.major, minor: setup.gpu.minor },
    deviceName: setup.gpu.name,
    kernels: new Set(kernels),
    env: new Map(Object.entries(env)),
    config: {
      backend: attentionBackend,
      blockSize,
      kvCacheDtype,
      nonCausal,
      model:
        setup.model === undefined || textConfig === null
          ? null
          : {
              hfConfig: setup.model as Record<string, unknown>,
              hfTextConfig: textConfig,
              dtype: dtype ?? 'bfloat16',
              useMla,
              mmPrefix: fromModel('useMmPrefix', setup.useMmPrefix) ?? false,
            },
    },
  });
  let dtype = setup.dtype;
  const dtypeFrom = derived.find((d) => d.field === 'dtype')?.from ?? 'dtype';
  if (dtype === undefined) {
    derived = derived.filter((d) => d.field !== 'dtype');
    if (configDtype !== null) {
      const resolvedDtype = autoDtype(sessions, baseWorld(null), configDtype);
      derived.push({
        field: 'dtype',
        value: resolvedDtype,
        from:
          resolvedDtype === configDtype
            ? dtypeFrom
            : `${dtypeFrom} (${configDtype}; vLLM's "auto" dtype casts it)`,
      });
      dtype = resolvedDtype;
    } else dtype = 'bfloat16';
  } else derived = derived.filter((d) => d.field !== 'dtype');
  const world = baseWorld(dtype);
  const request: SelectionRequest = {
    headSize,
    dtype,
    kvCacheDtype,
    useMla,
    hasSink: fromModel('hasSink', setup.hasSink) ?? false,
    useSparse: fromModel('useSparse', setup.useSparse) ?? false,
    useMmPrefix: fromModel('useMmPrefix', setup.useMmPrefix) ?? false,
    usePerHeadQuantScales: setup.usePerHeadQuantScales ?? false,
    attnType: setup.attnType ?? 'decoder',
    numHeads,
    blockSize,
    nonCausal,
  };
  return {
    request,
    world,
    derived,
    config: {
      gpu: { name: setup.gpu.name, capability: `${setup.gpu.major}.${setup.gpu.minor}` },
      headSize,
      dtype,
      kvCacheDtype,
      blockSize,
      useMla,
      useSparse: request.useSparse,
      hasSink: request.hasSink,
      useMmPrefix: request.useMmPrefix,
      usePerHeadQuantScales: request.usePerHeadQuantScales,
      attnType: request.attnType as AttnType,
      nonCausal,
      numHeads,
      attentionBackend,
      kernels,
      env,
    },
  };
}

/**
 * The dtype vLLM's "auto" gives a model whose config says `configDtype`:
 * float32 models are downcast, and a dtype the GPU lacks falls back, both to
 * the first of the tree's CudaPlatform.supported_dtypes for this GPU.
 */
function autoDtype(sessions: Sessions, world: World, configDtype: string): string {
  const interp = sessions.for(world).interp;
  try {
    const platform = interp.getAttr(interp.importModule('vllm.platforms'), 'current_platform');
    const supported = [...interp.iterate(interp.getAttr(platform, 'supported_dtypes'))].map((d) =>
      interp.str(d).replace(/^torch\./, ''),
    );
    const preferred = supported[0];
    const wanted = configDtype === 'float32' || configDtype === 'float' ? preferred : configDtype;
    return supported.includes(wanted) ? wanted : preferred;
  } catch (error) {
    if (error instanceof UnknownSignal)
      throw new ExplainError('unevaluable', 'CudaPlatform.supported_dtypes', unknownJson(error.unknown));
    if (error instanceof PyRaise)
      throw new ExplainError(
        'unevaluable',
        `CudaPlatform.supported_dtypes raised ${interp.str(error.exception)}`,
      );
    throw error;
  }
}
