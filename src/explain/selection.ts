// One run of vLLM's backend selection in one world, driven by the tree's own
// code: get_attn_backend() from vllm/v1/attention/selector.py is called with
// the setup's arguments (as many as its signature takes), and the calls it
// makes are watched: get_attn_backend_cls (the selector config, the pick),
// _get_backend_priorities and get_valid_backends (every backend's reasons).
// Where the tree's loop cannot run to its end (one backend is unknown), each
// backend is validated on its own, the way get_valid_backends calls it.

import { PyRaise } from '../evaluate/errors.js';
import type { Interpreter } from '../evaluate/interpreter.js';
import {
  PyBoundMethod,
  PyClass,
  PyDict,
  PyFunction,
  PyInstance,
  PyList,
  type Frame,
  type PyValue,
} from '../evaluate/objects.js';
import { args } from '../evaluate/runtime.js';
import type { SourceCache } from '../evaluate/sources.js';
import { UnknownSignal, type Unknown } from '../evaluate/unknown.js';
import { WorldSession, type World, type WorldLog } from './world.js';

/** What the model layer passes to get_attn_backend (the "caller"), as plain data. */
export interface SelectionRequest {
  readonly headSize: number;
  readonly dtype: string;
  readonly kvCacheDtype: string;
  readonly useMla: boolean;
  readonly hasSink: boolean;
  readonly useSparse: boolean;
  readonly useMmPrefix: boolean;
  readonly usePerHeadQuantScales: boolean;
  readonly attnType: string;
  readonly numHeads: number | null;
  /** Only for trees whose get_attn_backend takes it (before cache_config decided it). */
  readonly blockSize: number | null;
  /** Non-causal attention was asked for (it reaches the selector through the config, not an argument). */
  readonly nonCausal: boolean;
}

export interface BackendResult {
  readonly name: string;
  /** Index in the priority list; null for an explicit backend outside it. */
  readonly priority: number | null;
  /** true: valid; false: invalid (see reasons); null: unknown. */
  readonly valid: boolean | null;
  readonly reasons: readonly string[];
  /** The ImportError's message, for a backend whose module does not import in this world. */
  readonly importError?: string;
  /** An exception other than ImportError raised while validating (vLLM would stop there). */
  readonly raised?: string;
  readonly unknown?: Unknown;
  readonly explicit?: boolean;
}

export type SelectionFailure =
  /** The tree has no get_attn_backend (or it is not a function) we can call. */
  | { readonly kind: 'no-entry'; readonly what: string }
  /** get_attn_backend takes a parameter explain has no value for. */
  | { readonly kind: 'unknown-parameter'; readonly parameter: string }
  /** Evaluation stopped before a selection started. */
  | { readonly kind: 'unknown'; readonly unknown: Unknown };

export interface SelectionOutcome {
  readonly priorities: readonly string[] | null;
  readonly backends: readonly BackendResult[];
  readonly chosen: string | null;
  /** str() of the exception vLLM raises (its ValueError's message), or null. */
  readonly error: string | null;
  /** The exception's class name when one is raised (ValueError for "no valid backend"). */
  readonly errorType: string | null;
  /** repr() of the AttentionSelectorConfig, by the tree's own __repr__. */
  readonly selectorConfig: string | null;
  /** Everything the selection logged, in order. */
  readonly logs: readonly WorldLog[];
  /** The `--block-size ... precluded higher-priority backend(s)` warning, if logged. */
  readonly blockSizeWarning: string | null;
  /** Set when the pick cannot be determined (an unknown backend ranks above the first valid one). */
  readonly undetermined: Unknown | null;
  /** Something unknown met after the pick was made (kv-cache layout...): does not change the pick. */
  readonly afterPick: Unknown | null;
  /** Setup inputs this tree's get_attn_backend does not take. */
  readonly ignoredInputs: readonly string[];
}

const SELECTOR_MODULE = 'vllm.v1.attention.selector';
const CUDA_MODULE = 'vllm.platforms.cuda';

/** Parameters of get_attn_backend and what explain passes for each. */
function parameterValue(interp: Interpreter, name: string, request: SelectionRequest): PyValue | undefined {
  switch (name) {
    case 'head_size':
      return BigInt(request.headSize);
    case 'dtype':
      return interp.getAttr(interp.importModule('torch'), request.dtype);
    case 'kv_cache_dtype':
      return request.kvCacheDtype;
    case 'block_size':
      return request.blockSize === null ? null : BigInt(request.blockSize);
    case 'use_mla':
      return request.useMla;
    case 'has_sink':
      return request.hasSink;
    case 'use_sparse':
      return request.useSparse;
    case 'use_mm_prefix':
      return request.useMmPrefix;
    case 'use_per_head_quant_scales':
      return request.usePerHeadQuantScales;
    case 'attn_type': {
      const attentionType = interp.getAttr(interp.importModule('vllm.v1.attention.backend'), 'AttentionType');
      return interp.call(attentionType, args(request.attnType));
    }
    case 'num_heads':
      return request.numHeads === null ? null : BigInt(request.numHeads);
    default:
      return undefined;
  }
}

/** Requested features, by the parameter that carries them, for the "ignored" note. */
function requestedFeatures(request: SelectionRequest): Record<string, boolean> {
  return {
    use_mla: request.useMla,
    has_sink: request.hasSink,
    use_sparse: request.useSparse,
    use_mm_prefix: request.useMmPrefix,
    use_per_head_quant_scales: request.usePerHeadQuantScales,
    num_heads: request.numHeads !== null,
    block_size: request.blockSize !== null,
    attn_type: request.attnType !== 'decoder',
  };
}

interface Watch {
  backendClsFrame: Frame | null;
  /** get_attn_backend_cls's selected_backend on entry: the explicit choice, or None. */
  selectedAtEntry: PyValue;
  backendClsReturned: boolean;
  priorities: PyValue | null;
  validBackends: PyValue | null;
}

/** Sessions by machine, so that setups evaluated on the same machine share their imported modules. */
export class Sessions {
  private readonly byKey = new Map<string, WorldSession>();
  constructor(readonly sources: SourceCache) {}

  for(world: World): WorldSession {
    const key = WorldSession.key(world);
    let session = this.byKey.get(key);
    if (session === undefined) {
      session = new WorldSession(this.sources, world);
      this.byKey.set(key, session);
    }
    return session;
  }
}

export function runSelection(
  sessions: Sessions,
  world: World,
  request: SelectionRequest,
): SelectionOutcome | SelectionFailure {
  const session = sessions.for(world);
  const logs = session.begin(world);
  const interp = session.interp;
  const watch: Watch = {
    backendClsFrame: null,
    selectedAtEntry: null,
    backendClsReturned: false,
    priorities: null,
    validBackends: null,
  };
  interp.observer = {
    onCall(fn, frame) {
      if (fn.name === 'get_attn_backend_cls' && fn.module.name === CUDA_MODULE) {
        watch.backendClsFrame = frame;
        watch.selectedAtEntry = frame.locals.get('selected_backend') ?? null;
      }
    },
    onReturn(fn, frame, result) {
      if (fn.module.name !== CUDA_MODULE) return;
      if (fn.name === 'get_attn_backend_cls' && frame === watch.backendClsFrame)
        watch.backendClsReturned = true;
      else if (fn.name === '_get_backend_priorities') watch.priorities = result;
      else if (fn.name === 'get_valid_backends') watch.validBackends = result;
    },
  };

  const entryAt = { file: 'vllm/v1/attention/selector.py', line: 0 };
  let entry: PyValue;
  try {
    entry = interp.at(entryAt, () =>
      interp.getAttr(interp.importModule(SELECTOR_MODULE), 'get_attn_backend'),
    );
  } catch (error) {
    if (error instanceof UnknownSignal) return { kind: 'unknown', unknown: error.unknown };
    if (error instanceof PyRaise) return { kind: 'no-entry', what: interp.str(error.exception) };
    throw error;
  }
  if (!(entry instanceof PyFunction)) return { kind: 'no-entry', what: 'get_attn_backend is not a function' };

  // The caller's arguments, as many as this tree's signature takes.
  const kwargs = new Map<string, PyValue>();
  const taken = new Set<string>();
  try {
    for (const param of entry.params) {
      if (param.kind === 'var-positional' || param.kind === 'var-keyword') continue;
      const value = interp.at(entryAt, () => parameterValue(interp, param.name, request));
      if (value === undefined) {
        if (param.default === undefined) return { kind: 'unknown-parameter', parameter: param.name };
        continue;
      }
      kwargs.set(param.name, value);
      taken.add(param.name);
    }
  } catch (error) {
    if (error instanceof UnknownSignal) return { kind: 'unknown', unknown: error.unknown };
    throw error;
  }
  const ignoredInputs = Object.entries(requestedFeatures(request))
    .filter(([name, requested]) => requested && !taken.has(name))
    .map(([name]) => name);

  // Phase 1: vLLM's own selection, start to end.
  let error: string | null = null;
  let errorType: string | null = null;
  let stopped: Unknown | null = null;
  try {
    interp.at(entryAt, () => interp.call(entry, { args: [], kwargs }));
  } catch (e) {
    if (e instanceof PyRaise) {
      errorType = e.exception.cls.name;
      error = interp.str(e.exception);
    } else if (e instanceof UnknownSignal) stopped = e.unknown;
    else throw e;
  }
  const frame = watch.backendClsFrame;
  if (frame === null) {
    // The selection never reached the platform: the failure is get_attn_backend's own.
    if (stopped !== null) return { kind: 'unknown', unknown: stopped };
    return emptyOutcome(logs, error, errorType, ignoredInputs);
  }
  const cfg = frame.locals.get('attn_selector_config') ?? null;
  const numHeads = frame.locals.get('num_heads') ?? null;
  const explicit = memberName(interp, watch.selectedAtEntry);
  // --non-causal reaches the selector through the config: note it when this tree's selector config has no such field.
  if (request.nonCausal && cfg !== null && !fieldNames(interp, cfg).includes('use_non_causal'))
    ignoredInputs.push('use_non_causal');
  let selectorConfig: string | null = null;
  try {
    selectorConfig = cfg === null ? null : interp.repr(cfg);
  } catch (e) {
    if (!(e instanceof UnknownSignal)) throw e;
  }

  // Phase 2: every backend's reasons, from the tree's loop if it ran, else by asking get_valid_backends.
  const capability = deviceCapability(interp);
  if (watch.validBackends === null && capability !== null && cfg !== null) {
    try {
      callGetValidBackends(interp, capability, cfg, numHeads);
    } catch (e) {
      if (!(e instanceof UnknownSignal) && !(e instanceof PyRaise)) throw e;
    }
  }
  const priorities = watch.priorities === null ? null : memberNames(interp, watch.priorities);
  let backends: BackendResult[] | null = null;
  if (watch.validBackends !== null && priorities !== null) {
    try {
      backends = fromValidBackends(interp, watch.validBackends, priorities);
    } catch (e) {
      if (!(e instanceof UnknownSignal) && !(e instanceof PyRaise)) throw e;
    }
  }
  if (backends === null)
    backends =
      priorities !== null && capability !== null && cfg !== null
        ? priorities.map((name, i) => isolated(interp, name, i, capability, cfg))
        : [];
  backends = backends.map((b) =>
    b.reasons.length === 1 && b.reasons[0] === 'ImportError' && b.importError === undefined
      ? withImportError(interp, b)
      : b,
  );
  if (explicit !== null && !backends.some((b) => b.name === explicit) && capability !== null && cfg !== null)
    backends.push({ ...isolated(interp, explicit, null, capability, cfg), explicit: true });

  // The pick: the tree's, when its selection finished; else the first valid backend, if nothing unknown ranks above it.
  let chosen: string | null = null;
  let undetermined: Unknown | null = null;
  let afterPick: Unknown | null = null;
  if (watch.backendClsReturned) {
    chosen = memberName(interp, frame.locals.get('selected_backend') ?? null);
    afterPick = stopped;
  } else if (stopped !== null) {
    if (explicit !== null) {
      const own = backends.find((b) => b.name === explicit);
      undetermined = own?.unknown ?? stopped;
    } else {
      for (const b of backends) {
        if (b.valid === true) {
          chosen = b.name;
          break;
        }
        if (b.valid === null) {
          undetermined = b.unknown ?? stopped;
          break;
        }
      }
      if (chosen === null && undetermined === null) undetermined = stopped;
    }
  }
  const blockSizeWarning =
    logs.find((l) => l.level === 'warning' && l.message.startsWith('--block-size '))?.message ?? null;
  return {
    priorities,
    backends,
    chosen,
    error,
    errorType,
    selectorConfig,
    logs,
    blockSizeWarning,
    undetermined,
    afterPick,
    ignoredInputs,
  };
}

function emptyOutcome(
  logs: WorldLog[],
  error: string | null,
  errorType: string | null,
  ignoredInputs: string[],
): SelectionOutcome {
  return {
    priorities: null,
    backends: [],
    chosen: null,
    error,
    errorType,
    selectorConfig: null,
    logs,
    blockSizeWarning: null,
    undetermined: null,
    afterPick: null,
    ignoredInputs,
  };
}

function deviceCapability(interp: Interpreter): PyValue | null {
  try {
    const platform = interp.getAttr(interp.importModule('vllm.platforms'), 'current_platform');
    return interp.call(interp.getAttr(platform, 'get_device_capability'), args());
  } catch (e) {
    if (e instanceof UnknownSignal || e instanceof PyRaise) return null;
    throw e;
  }
}

/** current_platform.get_valid_backends(...), with the keyword arguments its signature takes. */
function callGetValidBackends(
  interp: Interpreter,
  capability: PyValue,
  cfg: PyValue,
  numHeads: PyValue,
): void {
  const platform = interp.getAttr(interp.importModule('vllm.platforms'), 'current_platform');
  const method = interp.getAttr(platform, 'get_valid_backends');
  const fn = method instanceof PyBoundMethod ? method.func : method;
  const names = fn instanceof PyFunction ? new Set(fn.params.map((p) => p.name)) : new Set<string>();
  const kwargs = new Map<string, PyValue>();
  if (names.has('device_capability')) kwargs.set('device_capability', capability);
  if (names.has('attn_selector_config')) kwargs.set('attn_selector_config', cfg);
  if (names.has('num_heads')) kwargs.set('num_heads', numHeads);
  interp.call(method, { args: [], kwargs });
}

/** The field names of a NamedTuple instance (its class's _fields); [] when it has none. */
function fieldNames(interp: Interpreter, value: PyValue): string[] {
  try {
    return [...interp.iterate(interp.getAttr(value, '_fields'))].map((f) => interp.str(f));
  } catch (e) {
    if (e instanceof UnknownSignal || e instanceof PyRaise) return [];
    throw e;
  }
}

function memberName(_interp: Interpreter, value: PyValue): string | null {
  if (value instanceof PyInstance && value.payload?.kind === 'enum') return value.payload.name;
  return null;
}

function memberNames(interp: Interpreter, list: PyValue): string[] {
  return [...interp.iterate(list)].map((m) => memberName(interp, m) ?? interp.str(m));
}

/** The (valid list, invalid dict) that get_valid_backends returned, in priority order. */
function fromValidBackends(
  interp: Interpreter,
  result: PyValue,
  priorities: readonly string[],
): BackendResult[] {
  const [valid, invalid] = [...interp.iterate(result)];
  const byName = new Map<string, BackendResult>();
  for (const pair of interp.iterate(valid)) {
    const [member, priority] = [...interp.iterate(pair)];
    const name = memberName(interp, member) ?? '';
    byName.set(name, { name, priority: Number(interp.intValue(priority) ?? -1n), valid: true, reasons: [] });
  }
  if (invalid instanceof PyDict) {
    for (const entry of invalid.entries.values()) {
      const name = memberName(interp, entry.key) ?? '';
      // {backend: (priority, reasons)}; before 2026-02 {backend: reasons}.
      const pair = interp.tupleItems(entry.value);
      const hasPriority = pair !== undefined && pair.length === 2 && interp.intValue(pair[0]) !== undefined;
      const reasons = hasPriority ? pair[1] : entry.value;
      byName.set(name, {
        name,
        priority: hasPriority ? Number(interp.intValue(pair[0])) : priorities.indexOf(name),
        valid: false,
        reasons: [...interp.iterate(reasons)].map((r) => interp.str(r)),
      });
    }
  }
  return priorities.map((name, i) => byName.get(name) ?? { name, priority: i, valid: null, reasons: [] });
}

/** One backend validated on its own, as get_valid_backends does: get_class(), then validate_configuration(). */
function isolated(
  interp: Interpreter,
  name: string,
  priority: number | null,
  capability: PyValue,
  cfg: PyValue,
): BackendResult {
  const at = { file: 'vllm/platforms/cuda.py', line: 0 };
  try {
    return interp.at(at, () => {
      const enumClass = interp.getAttr(
        interp.importModule('vllm.v1.attention.backends.registry'),
        'AttentionBackendEnum',
      );
      const member = interp.getItem(enumClass, name);
      const kwargs = new Map<string, PyValue>([['device_capability', capability]]);
      const fields = interp.call(interp.getAttr(cfg, '_asdict'), args());
      if (fields instanceof PyDict)
        for (const e of fields.entries.values()) kwargs.set(interp.str(e.key), e.value);
      let reasons: PyValue;
      // As in get_valid_backends: an ImportError from get_class() or validate_configuration() invalidates the backend.
      try {
        const backendClass = interp.call(interp.getAttr(member, 'get_class'), args());
        reasons = interp.call(interp.getAttr(backendClass, 'validate_configuration'), { args: [], kwargs });
      } catch (e) {
        if (
          e instanceof PyRaise &&
          interp.isInstance(e.exception, interp.exceptions.get('ImportError') as PyClass)
        )
          return {
            name,
            priority,
            valid: false,
            reasons: ['ImportError'],
            importError: interp.str(e.exception),
          };
        throw e;
      }
      const list =
        reasons instanceof PyList
          ? reasons.items.map((r) => interp.str(r))
          : [...interp.iterate(reasons)].map((r) => interp.str(r));
      return { name, priority, valid: list.length === 0, reasons: list };
    });
  } catch (e) {
    if (e instanceof UnknownSignal) return { name, priority, valid: null, reasons: [], unknown: e.unknown };
    if (e instanceof PyRaise)
      return {
        name,
        priority,
        valid: null,
        reasons: [],
        raised: `${e.exception.cls.name}: ${interp.str(e.exception)}`,
      };
    throw e;
  }
}

/** The message of the ImportError a backend's get_class() raises. */
function withImportError(interp: Interpreter, backend: BackendResult): BackendResult {
  try {
    const enumClass = interp.getAttr(
      interp.importModule('vllm.v1.attention.backends.registry'),
      'AttentionBackendEnum',
    );
    interp.call(interp.getAttr(interp.getItem(enumClass, backend.name), 'get_class'), args());
  } catch (e) {
    if (e instanceof PyRaise) return { ...backend, importError: interp.str(e.exception) };
    if (!(e instanceof UnknownSignal)) throw e;
  }
  return backend;
}
