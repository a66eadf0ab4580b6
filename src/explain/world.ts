// The world explain evaluates the tree in: one CUDA GPU, a standard CUDA build
// of vLLM with a chosen set of attention kernels, environment variables, and
// the config the setup describes. Every stand-in is listed here (and in
// docs/design/explain.md), each a named fact of the world, none a rule about
// a backend.

import type { Host, HostModule } from '../evaluate/host.js';
import type { Interpreter } from '../evaluate/interpreter.js';
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
const INSTALLED_PACKAGES = new Set(
  `numpy transformers tokenizers huggingface_hub safetensors pydantic pydantic_core typing_extensions regex
  aiohttp fastapi starlette uvicorn openai tqdm psutil sentencepiece prometheus_client
  prometheus_fastapi_instrumentator tiktoken lm_format_enforcer llguidance outlines_core xgrammar msgspec gguf
  mistral_common cv2 einops compressed_tensors depyf cloudpickle watchfiles zmq cbor2 pybase64 setproctitle
  scipy ninja blake3 partial_json_parser cachetools diskcache triton numba packaging filelock yaml jinja2 PIL six
  google importlib_metadata openai_harmony ijson anthropic xxhash cpuinfo pyzmq urllib3 certifi idna
  charset_normalizer sympy networkx fsspec nvidia cuda pynvml_utils`
    .split(/\s+/)
    .filter((n) => n !== ''),
);

/** Compiled parts of a CUDA build of vLLM that are not Python files in the tree. */
const BUILT_VLLM_MODULES = new Set([
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

/** The host for one evaluation: answers module, environment and file questions from the world. */
export function makeHost(world: World, treeHasFlashAttn: boolean, logs: WorldLog[]): Host {
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
      if (name === 'vllm.logger') installWorldLogger(rt, module, logs);
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
        module.dict.set('_current_vllm_config', new PyDeferred(() => worldConfig(interp, world)));
      }
    },
  };
}

const configs = new WeakMap<Interpreter, PyInstance>();

/** The world's VllmConfig, one per interpreter. */
export function worldConfig(interp: Interpreter, world: World): PyInstance {
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
function installWorldLogger(rt: Runtime, module: PyModule, logs: WorldLog[]): void {
  const cls = new PyClass(
    'VllmLogger(world)',
    'VllmLogger(world)',
    'vllm.logger',
    [rt.types.object],
    null,
    null,
  );
  cls.mro = [cls, rt.types.object];
  const seen = new Set<string>();
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
          if (seen.has(`${name}\0${message}`)) return null;
          seen.add(`${name}\0${message}`);
        }
        logs.push({
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
