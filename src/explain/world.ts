// The world explain evaluates the tree in: one CUDA GPU, a standard CUDA build
// of vLLM with a chosen set of attention kernels, environment variables, and
// the config the setup describes. Every stand-in is listed here (and in
// docs/design/explain.md), each a named fact of the world, none a rule about
// a backend.

import type { Host, HostModule } from '../evaluate/host.js';
import { Interpreter } from '../evaluate/interpreter.js';
import type { SourceCache } from '../evaluate/sources.js';
import { PyDeferred } from '../evaluate/bindings.js';
import {
  PyBuiltin,
  PyClass,
  PyDict,
  PyInstance,
  PyModule,
  PyOpaque,
  PyTuple,
  type CallArgs,
  type PyValue,
} from '../evaluate/objects.js';
import type { Runtime } from '../evaluate/runtime.js';
import { STDLIB_MODULES } from '../evaluate/stdlib.js';
import { buildVllmConfig, type ConfigSetup } from './config-model.js';
import {
  PYNVML,
  REQUESTS,
  TORCH_CUDA,
  TORCH_INIT,
  TORCH_VERSION,
  VLLM_FLASH_ATTN_INIT,
  VLLM_FLASH_ATTN_INTERFACE,
} from './world-sources.js';

export const KERNELS = ['fa2', 'fa3', 'fa4', 'flashinfer', 'trtllm', 'flashmla'] as const;
export type Kernel = (typeof KERNELS)[number];
/** A standard CUDA build: FlashAttention 2 and 3, FlashInfer with its TRT-LLM cubins, FlashMLA (FA4 is optional). */
export const DEFAULT_KERNELS: readonly Kernel[] = ['fa2', 'fa3', 'flashinfer', 'trtllm', 'flashmla'];

/** World facts not chosen by the user. */
export const CUDA_VERSION = '12.9';
export const TORCH_VERSION_TEXT = '2.9.0+cu129';

export interface World {
  readonly capability: { readonly major: number; readonly minor: number };
  readonly deviceName: string;
  readonly kernels: ReadonlySet<Kernel>;
  readonly env: ReadonlyMap<string, string>;
  readonly config: ConfigSetup;
}

/** Third-party packages a CUDA install of vLLM has (its requirements); their contents are opaque. */
export const INSTALLED_PACKAGES: ReadonlySet<string> = new Set(
  // requirements/common.txt and cuda.txt at 2026-04 (import names), and what they install with them.
  `regex cachetools psutil sentencepiece numpy requests tqdm blake3 cpuinfo transformers tokenizers google fastapi
  aiohttp openai pydantic pydantic_core prometheus_client PIL prometheus_fastapi_instrumentator tiktoken
  lmformatenforcer llguidance outlines_core diskcache lark xgrammar typing_extensions filelock partial_json_parser zmq
  msgspec gguf mistral_common av cv2 soundfile yaml six setuptools pkg_resources einops compressed_tensors depyf
  cloudpickle watchfiles pythonjsonlogger ninja pybase64 cbor2 ijson setproctitle openai_harmony anthropic
  model_hosting_container_standards mcp opentelemetry numba torchaudio torchvision cudnn fastsafetensors cutlass quack
  triton huggingface_hub safetensors starlette uvicorn uvloop httpx httpcore h11 anyio sniffio jinja2 markupsafe
  packaging sympy networkx fsspec certifi urllib3 idna charset_normalizer xxhash nvidia pynvml_utils`
    .split(/\s+/)
    .filter((n) => n !== ''),
);

/** Compiled parts of a CUDA build of vLLM that are not Python files in the tree. */
export const BUILT_VLLM_MODULES: ReadonlySet<string> = new Set([
  'vllm._C',
  'vllm._C_stable_libtorch',
  'vllm._moe_C',
  'vllm.cumem_allocator',
  'vllm._version',
]);

const source = (path: string, text: string, isPackage = false): HostModule => ({
  kind: 'source',
  path,
  source: text,
  isPackage,
});
const present = (yes: boolean): HostModule => (yes ? { kind: 'opaque' } : { kind: 'missing' });

export interface WorldLog {
  readonly level: string;
  readonly message: string;
  /** Tree path and line of the logging call. */
  readonly file: string;
  readonly line: number;
}

/**
 * An interpreter for one world's machine (GPU, kernels, environment), reused
 * for every setup evaluated on that machine: each run starts from the world's
 * config, with functools caches and logs emptied, as a fresh vLLM process
 * whose modules are already imported.
 */
export class WorldSession {
  readonly interp: Interpreter;
  private readonly state: HostState;

  constructor(sources: SourceCache, world: World) {
    this.state = { world, logs: [], onceSeen: new Set() };
    this.interp = new Interpreter(
      sources,
      makeHost(this.state, sources.isFile('vllm/vllm_flash_attn/__init__.py')),
    );
  }

  /** Sessions are shared between worlds with the same machine. */
  static key(world: World): string {
    const env = [...world.env].sort(([a], [b]) => (a < b ? -1 : 1));
    return JSON.stringify([world.capability, world.deviceName, [...world.kernels].sort(), env]);
  }

  /** Starts a run in `world` (same key as this session's): its config, empty caches, no logs. */
  begin(world: World): WorldLog[] {
    this.state.world = world;
    this.state.logs = [];
    this.state.onceSeen.clear();
    this.interp.clearCaches();
    this.interp.resetSteps();
    configs.delete(this.interp);
    const vllmConfig = this.interp.modules.get('vllm.config.vllm');
    if (vllmConfig !== undefined)
      vllmConfig.dict.set(
        '_current_vllm_config',
        new PyDeferred(() => worldConfig(this.interp, this.state.world)),
      );
    return this.state.logs;
  }
}

interface HostState {
  world: World;
  logs: WorldLog[];
  readonly onceSeen: Set<string>;
}

/** The host: answers module, environment and file questions from the world. */
function makeHost(state: HostState, treeHasFlashAttn: boolean): Host {
  const world = state.world;
  const has = (k: Kernel): boolean => world.kernels.has(k);
  return {
    environ: world.env,
    which: () => null,
    module(name: string): HostModule | undefined {
      const top = name.split('.')[0];
      switch (name) {
        case '_explain_world':
          return { kind: 'native', build: (rt, m) => buildWorldModule(rt, m, world) };
        case 'torch':
          return source('<world>/torch/__init__.py', TORCH_INIT, true);
        case 'torch.cuda':
          return source('<world>/torch/cuda.py', TORCH_CUDA);
        case 'torch.version':
          return source('<world>/torch/version.py', TORCH_VERSION);
        case 'pynvml':
        case 'vllm.third_party.pynvml':
          return source('<world>/pynvml.py', PYNVML);
        case 'requests':
          return source('<world>/requests.py', REQUESTS, true);
        case 'vllm.vllm_flash_attn':
          return treeHasFlashAttn
            ? undefined
            : source('<world>/vllm_flash_attn/__init__.py', VLLM_FLASH_ATTN_INIT, true);
        case 'vllm.vllm_flash_attn.flash_attn_interface':
          return treeHasFlashAttn
            ? undefined
            : source('<world>/vllm_flash_attn/flash_attn_interface.py', VLLM_FLASH_ATTN_INTERFACE);
        case 'vllm.vllm_flash_attn._vllm_fa2_C':
          return present(has('fa2'));
        case 'vllm.vllm_flash_attn._vllm_fa3_C':
          return present(has('fa3'));
        case 'vllm._flashmla_C':
        case 'vllm._flashmla_extension_C':
          return present(has('flashmla'));
        case 'flashinfer_cubin':
          return present(has('trtllm'));
      }
      if (top === 'torch' || top === 'requests') return { kind: 'opaque' };
      if (top === 'flashinfer') return present(has('flashinfer'));
      // FlashMLA's Python interface is installed by the build beside its extension modules.
      if (name === 'vllm.third_party.flashmla' || name.startsWith('vllm.third_party.flashmla.'))
        return present(has('flashmla'));
      // The upstream flash-attn package: only its CuTe interface (FA4) is part of the world.
      if (top === 'flash_attn') return present(has('fa4'));
      if (BUILT_VLLM_MODULES.has(name)) return { kind: 'opaque' };
      return undefined;
    },
    fallback(name: string): 'opaque' | 'missing' {
      const top = name.split('.')[0];
      if (STDLIB_MODULES.has(top) || INSTALLED_PACKAGES.has(top)) return 'opaque';
      return 'missing';
    },
    pathExists(path: string): boolean | undefined {
      // FlashAttention 4 (CuTe DSL) is an optional part of the build, installed beside the vendored interface.
      if (/\/vllm\/vllm_flash_attn\/cute(\/interface\.py)?$/.test(path)) return has('fa4');
      return undefined;
    },
    afterExecute(name: string, module: PyModule, rt: Runtime): void {
      const interp = rt as Interpreter;
      // vLLM's loggers print; the world's record what they are asked to log.
      if (name === 'vllm.logger') installWorldLogger(rt, module, state);
      if (name === 'vllm.platforms') {
        // vLLM resolves current_platform by probing the machine; the world's machine is CUDA.
        module.dict.set(
          'current_platform',
          new PyDeferred(() =>
            interp.call(interp.getAttr(interp.importModule('vllm.platforms.cuda'), 'CudaPlatform'), {
              args: [],
              kwargs: new Map(),
            }),
          ),
        );
      }
      if (name === 'vllm.config.vllm') {
        // What set_current_vllm_config() would have installed: the world's config.
        module.dict.set('_current_vllm_config', new PyDeferred(() => worldConfig(interp, state.world)));
      }
    },
  };
}

const configs = new WeakMap<Interpreter, PyInstance>();

/** The world's VllmConfig, one per interpreter run. */
function worldConfig(interp: Interpreter, world: World): PyInstance {
  let config = configs.get(interp);
  if (config === undefined) {
    config = buildVllmConfig(interp, world.config);
    configs.set(interp, config);
  }
  return config;
}

function fn(module: PyModule, name: string, call: (a: CallArgs) => PyValue): void {
  module.dict.set(name, new PyBuiltin(name, call));
}

/** `_explain_world`: the facts the Python stand-ins read. */
function buildWorldModule(rt: Runtime, module: PyModule, world: World): void {
  module.dict.set(
    'DEVICE_CAPABILITY',
    new PyTuple([BigInt(world.capability.major), BigInt(world.capability.minor)]),
  );
  module.dict.set('DEVICE_NAME', world.deviceName);
  module.dict.set('CUDA_VERSION', CUDA_VERSION);
  module.dict.set('TORCH_VERSION', TORCH_VERSION_TEXT);
  fn(module, 'opaque', (a) => new PyOpaque(rt.str(a.args[0] ?? 'opaque')));
}

/** vllm.logger's init_logger() (and its module logger) replaced by a logger that records what it is asked to log. */
function installWorldLogger(rt: Runtime, module: PyModule, state: HostState): void {
  const cls = new PyClass(
    'VllmLogger(world)',
    'VllmLogger(world)',
    'vllm.logger',
    [rt.types.object],
    null,
    null,
  );
  cls.mro = [cls, rt.types.object];
  const format = (a: CallArgs): string => {
    const msg = a.args[1];
    const rest = a.args.slice(2);
    const text = rt.str(msg);
    if (rest.length === 0) return text;
    const single =
      rest.length === 1 && rest[0] instanceof PyDict && rest[0].entries.size > 0
        ? rest[0]
        : new PyTuple(rest);
    return rt.percentFormat(text, single);
  };
  const level = (name: string, once: boolean): PyBuiltin =>
    new PyBuiltin(
      name,
      (a) => {
        const message = format(a);
        const at = rt.here();
        if (once) {
          if (state.onceSeen.has(`${name}\0${message}`)) return null;
          state.onceSeen.add(`${name}\0${message}`);
        }
        state.logs.push({
          level: name.replace(/_once$/, '').replace(/^warn$/, 'warning'),
          message,
          file: at.file,
          line: at.line,
        });
        return null;
      },
      true,
    );
  for (const name of ['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical'])
    cls.dict.set(name, level(name, false));
  for (const name of ['debug_once', 'info_once', 'warning_once']) cls.dict.set(name, level(name, true));
  cls.dict.set('isEnabledFor', new PyBuiltin('isEnabledFor', () => false, true));
  cls.dict.set('setLevel', new PyBuiltin('setLevel', () => null, true));
  cls.dict.set(
    '__getattr__',
    new PyBuiltin('__getattr__', (a) => new PyOpaque(`logger.${rt.str(a.args[1])}`), true),
  );
  fn(module, 'init_logger', (a) => {
    const logger = new PyInstance(cls, null);
    logger.dict.set('name', a.args[0] ?? 'vllm');
    return logger;
  });
  module.dict.set('logger', new PyInstance(cls, null));
}
