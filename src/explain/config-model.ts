// The world's vLLM config: what get_current_vllm_config() returns while the
// tree selects a backend. Each section (attention_config, cache_config...)
// holds the values the setup decides; any other field reads as the default
// the tree's own config class declares (a constant in the class body), and a
// field with neither is reported unknown ('unmodelled-config'), never guessed.

import type { ExprNode, StmtNode } from '../python/ast.js';
import type { Interpreter } from '../evaluate/interpreter.js';
import { PyBuiltin, PyClass, PyInstance, PyList, PyTuple, type PyValue } from '../evaluate/objects.js';

/** The setup's config values, as plain data (converted to Python values in the interpreter). */
export interface ConfigSetup {
  /** attention_config.backend: an AttentionBackendEnum member name, or null for auto. */
  readonly backend: string | null;
  /** cache_config.block_size when given by the user (--block-size), else null. */
  readonly blockSize: number | null;
  /** cache_config.cache_dtype. */
  readonly kvCacheDtype: string;
  /** Non-causal (DFlash) drafting: speculative_config.method and attention_config.use_non_causal. */
  readonly nonCausal: boolean;
  /** model_config from a Hugging Face config.json, or null: no model (model_config is None). */
  readonly model: ModelSetup | null;
}

export interface ModelSetup {
  /** The config.json object. */
  readonly hfConfig: Readonly<Record<string, unknown>>;
  /** Its text config (text_config when present, else the config itself). */
  readonly hfTextConfig: Readonly<Record<string, unknown>>;
  readonly dtype: string;
  readonly useMla: boolean;
  readonly mmPrefix: boolean;
}

/** Where each section's defaults are declared in the tree. */
const SECTIONS: Readonly<Record<string, readonly [file: string, className: string]>> = {
  attention_config: ['vllm/config/attention.py', 'AttentionConfig'],
  cache_config: ['vllm/config/cache.py', 'CacheConfig'],
  parallel_config: ['vllm/config/parallel.py', 'ParallelConfig'],
  scheduler_config: ['vllm/config/scheduler.py', 'SchedulerConfig'],
  compilation_config: ['vllm/config/compilation.py', 'CompilationConfig'],
  model_config: ['vllm/config/model.py', 'ModelConfig'],
  speculative_config: ['vllm/config/speculative.py', 'SpeculativeConfig'],
  device_config: ['vllm/config/device.py', 'DeviceConfig'],
  load_config: ['vllm/config/load.py', 'LoadConfig'],
  kernel_config: ['vllm/config/kernel.py', 'KernelConfig'],
};

/** Sections that are None in the world (no LoRA, no KV transfer...). */
const ABSENT_SECTIONS = [
  'kv_transfer_config',
  'lora_config',
  'ec_transfer_config',
  'structured_outputs_config_none',
];

export function buildVllmConfig(rt: Interpreter, setup: ConfigSetup): PyInstance {
  const root = configClass(rt, 'VllmConfig', 'vllm_config');
  const config = new PyInstance(root, null);
  const section = (name: string, explicit: Record<string, PyValue>): PyInstance => {
    const instance = new PyInstance(configClass(rt, SECTIONS[name][1], name), null);
    for (const [k, v] of Object.entries(explicit)) instance.dict.set(k, v);
    return instance;
  };
  const backend =
    setup.backend === null
      ? null
      : rt.getItem(
          rt.getAttr(rt.importModule('vllm.v1.attention.backends.registry'), 'AttentionBackendEnum'),
          setup.backend,
        );
  const attention: Record<string, PyValue> = { backend };
  if (setup.nonCausal) attention.use_non_causal = true;
  config.dict.set('attention_config', section('attention_config', attention));
  const cache: Record<string, PyValue> = {
    user_specified_block_size: setup.blockSize !== null,
    cache_dtype: setup.kvCacheDtype,
  };
  if (setup.blockSize !== null) cache.block_size = BigInt(setup.blockSize);
  config.dict.set('cache_config', section('cache_config', cache));
  for (const name of [
    'parallel_config',
    'scheduler_config',
    'compilation_config',
    'device_config',
    'load_config',
    'kernel_config',
  ])
    config.dict.set(name, section(name, {}));
  config.dict.set(
    'speculative_config',
    setup.nonCausal ? section('speculative_config', { method: 'dflash' }) : null,
  );
  for (const name of ABSENT_SECTIONS) config.dict.set(name, null);
  config.dict.set(
    'model_config',
    setup.model === null ? null : section('model_config', modelValues(rt, setup.model)),
  );
  return config;
}

function modelValues(rt: Interpreter, model: ModelSetup): Record<string, PyValue> {
  const torch = rt.importModule('torch');
  return {
    hf_config: namespace(rt, 'hf_config', model.hfConfig),
    hf_text_config: namespace(rt, 'hf_text_config', model.hfTextConfig),
    dtype: rt.getAttr(torch, model.dtype),
    use_mla: model.useMla,
    is_hybrid: false,
    is_mm_prefix_lm: model.mmPrefix,
    model_type: jsonValue(rt, model.hfConfig.model_type ?? null),
  };
}

/** A config.json object as an attribute namespace (a missing key raises AttributeError, as on a HF config). */
function namespace(rt: Interpreter, name: string, json: Readonly<Record<string, unknown>>): PyInstance {
  const cls = new PyClass(name, name, 'transformers', [rt.types.object], null, {
    construct: (c) => new PyInstance(c, null),
  });
  cls.mro = [cls, rt.types.object];
  const instance = new PyInstance(cls, null);
  for (const [k, v] of Object.entries(json)) instance.dict.set(k, jsonValue(rt, v));
  return instance;
}

function jsonValue(rt: Interpreter, v: unknown): PyValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return new PyList(v.map((x) => jsonValue(rt, x)));
  if (typeof v === 'object') return namespace(rt, 'config', v as Record<string, unknown>);
  return null;
}

/**
 * A class for one config section: reading a field the setup did not set
 * falls back to the tree's class default, else is unknown.
 */
function configClass(rt: Interpreter, className: string, sectionName: string): PyClass {
  const cls = new PyClass(
    `${className}(world)`,
    `${className}(world)`,
    'explain.world',
    [rt.types.object],
    null,
    null,
  );
  cls.mro = [cls, rt.types.object];
  cls.dict.set(
    '__getattr__',
    new PyBuiltin(
      '__getattr__',
      (a) => {
        const field = rt.str(a.args[1]);
        if (field.startsWith('__')) return rt.raise('AttributeError', field);
        const where = SECTIONS[sectionName];
        const found = where === undefined ? undefined : treeDefault(rt, where[0], where[1], field);
        if (found !== undefined) return found;
        return rt.unknown('unmodelled-config', `${sectionName}.${field}`);
      },
      true,
    ),
  );
  cls.dict.set('__repr__', new PyBuiltin('__repr__', () => `${className}(world)`, true));
  return cls;
}

/** The default a config class declares for a field, when it is a constant; undefined otherwise. */
function treeDefault(rt: Interpreter, file: string, className: string, field: string): PyValue | undefined {
  const parsed = rt.sources.treeModule(file);
  if (parsed === null || !parsed.ok) return undefined;
  const cls = parsed.module.body.find(
    (s): s is Extract<StmtNode, { _type: 'ClassDef' }> => s._type === 'ClassDef' && s.name === className,
  );
  if (cls === undefined) return undefined;
  for (const stmt of cls.body) {
    if (stmt._type === 'AnnAssign' && stmt.target._type === 'Name' && stmt.target.id === field) {
      if (stmt.value === null) return undefined;
      return constantDefault(stmt.value);
    }
    if (stmt._type === 'Assign' && stmt.targets.some((t) => t._type === 'Name' && t.id === field))
      return constantDefault(stmt.value);
  }
  return undefined;
}

/** A literal default: a constant, -constant, a tuple of constants, or field(default=...)/Field(default=...). */
function constantDefault(e: ExprNode): PyValue | undefined {
  switch (e._type) {
    case 'Constant':
      return e.value === null || typeof e.value !== 'object' ? e.value : undefined;
    case 'UnaryOp': {
      const inner = e.op._type === 'USub' ? constantDefault(e.operand) : undefined;
      if (typeof inner === 'bigint') return -inner;
      if (typeof inner === 'number') return -inner;
      return undefined;
    }
    case 'Tuple': {
      const items = e.elts.map(constantDefault);
      return items.every((i) => i !== undefined) ? new PyTuple(items as PyValue[]) : undefined;
    }
    case 'Call': {
      const name = e.func._type === 'Name' ? e.func.id : e.func._type === 'Attribute' ? e.func.attr : '';
      if (name !== 'field' && name !== 'Field') return undefined;
      const dflt = e.keywords.find((k) => k.arg === 'default');
      return dflt === undefined ? undefined : constantDefault(dflt.value);
    }
    default:
      return undefined;
  }
}
