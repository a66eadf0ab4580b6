# Runs vLLM's own backend selection from a source tree under CPython, in the
# world explain models: the same Python stand-ins (torch, NVML, requests,
# vllm-flash-attn for trees without it; written out by explain-oracle.ts from
# src/explain/world-sources.ts), the same kernels, environment and config.
# Everything else vLLM imports is real when it is in the tree or the standard
# library, a permissive stub when it is an installed third-party package, and
# missing otherwise. Reads one job (JSON) on stdin, prints one result (JSON).
#
# The stubs let vLLM's modules import; they are not part of the answer: if the
# selection itself touches a stub, the result says so ("opaqueUsed") and the
# comparison treats it as unknown.

import ast
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import json
import os
import re
import shutil
import sys
import traceback
import types

job = json.load(sys.stdin)
TREE = job["tree"]
WORLD_DIR = job["worldDir"]
WORLD = job["world"]
CONFIG = job["config"]
REQUEST = job["request"]
KERNELS = set(WORLD["kernels"])
TREE_HAS_FA = os.path.isfile(os.path.join(TREE, "vllm/vllm_flash_attn/__init__.py"))

for key in [k for k in os.environ if k.startswith("VLLM_")]:
    del os.environ[key]
os.environ.update(WORLD["env"])

sys.path.insert(0, WORLD_DIR)
sys.path.insert(0, TREE)
import _explain_world as _w  # noqa: E402  (written per job by explain-oracle.ts)

INSTALLED = set(job["installedPackages"])
MISSING = []
REAL = {"typing_extensions"}  # the evaluator implements it natively as typing; here the real package
BUILT_VLLM = set(job["builtVllmModules"])
STDLIB = set(sys.stdlib_module_names)


def tree_has(name):
    path = os.path.join(TREE, *name.split("."))
    return os.path.isfile(path + ".py") or os.path.isfile(os.path.join(path, "__init__.py")) or os.path.isdir(path)


def world_source(rel, package=False):
    return ("source", os.path.join(WORLD_DIR, rel), package)


def decide(name):
    """The same answers as src/explain/world.ts makeHost(): (kind, ...) or None for a normal import."""
    top = name.split(".")[0]
    fixed = {
        "_explain_world": None,
        "torch": world_source("torch/__init__.py", True),
        "torch.cuda": world_source("torch/cuda.py"),
        "torch.version": world_source("torch/version.py"),
        "pynvml": world_source("pynvml.py"),
        "vllm.third_party.pynvml": world_source("pynvml.py"),
        "requests": world_source("requests/__init__.py", True),
        "vllm.vllm_flash_attn._vllm_fa2_C": ("present", "fa2"),
        "vllm.vllm_flash_attn._vllm_fa3_C": ("present", "fa3"),
        "vllm._flashmla_C": ("present", "flashmla"),
        "vllm._flashmla_extension_C": ("present", "flashmla"),
        "flashinfer_cubin": ("present", "trtllm"),
    }
    if not TREE_HAS_FA:
        fixed["vllm.vllm_flash_attn"] = world_source("vllm_flash_attn/__init__.py", True)
        fixed["vllm.vllm_flash_attn.flash_attn_interface"] = world_source("vllm_flash_attn/flash_attn_interface.py")
    if name in fixed:
        return fixed[name]
    if top in ("torch", "requests"):
        return ("opaque",)
    if top == "flashinfer":
        return ("present", "flashinfer")
    if name == "vllm.third_party.flashmla" or name.startswith("vllm.third_party.flashmla."):
        return ("present", "flashmla")
    if top == "flash_attn":
        return ("present", "fa4")
    if name in BUILT_VLLM:
        return ("opaque",)
    if top == "vllm":
        return None if tree_has(name) else ("missing",)
    if top in STDLIB or top == "_explain_world" or top in REAL:
        return None
    if top in INSTALLED:
        return ("opaque",)
    return ("missing",)


class OpaqueLoader(importlib.abc.Loader):
    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__path__ = []
        module.__getattr__ = lambda attr, _n=spec.name: _w.opaque(_n + "." + attr)
        return module

    def exec_module(self, module):
        pass


SKIPPED = []


class ResilientLoader(importlib.abc.Loader):
    """Runs a tree module statement by statement. An ImportError stops the import, as in CPython;
    any other exception from a module-level statement is an artifact of the stand-ins (real torch,
    real packages would not raise there) and the statement is skipped, as explain does."""

    def __init__(self, path):
        self.path = path

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        source = open(self.path, encoding="utf-8").read()
        tree = guard_statements(ast.parse(source, self.path), self.path)
        module.__dict__["__explain_skip__"] = skip_statement
        exec(compile(tree, self.path, "exec"), module.__dict__)


def skip_statement(namespace, names, where, error):
    SKIPPED.append(f"{where} {type(error).__name__}: {error}")
    # Like explain's poisoned names: using one during selection makes the answer unknown.
    for name in names:
        if name not in namespace:
            namespace[name] = _w.opaque(f"{name} (statement at {where} skipped)")


def guard_statements(module, path):
    """Wraps each module-level and class-body statement so that an exception other than ImportError skips it."""

    def guard(stmt):
        if isinstance(stmt, ast.ClassDef):
            stmt.body = [guard(s) for s in stmt.body]
        names = ast.List(elts=[ast.Constant(n) for n in sorted(bound_names(stmt))], ctx=ast.Load())
        call = ast.Expr(
            ast.Call(
                func=ast.Name("__explain_skip__", ast.Load()),
                args=[ast.Call(ast.Name("locals", ast.Load()), [], []), names, ast.Constant(f"{path}:{stmt.lineno}"), ast.Name("__explain_e", ast.Load())],
                keywords=[],
            )
        )
        wrapped = ast.Try(
            body=[stmt],
            handlers=[
                ast.ExceptHandler(type=ast.Name("ImportError", ast.Load()), name=None, body=[ast.Raise()]),
                ast.ExceptHandler(type=ast.Name("Exception", ast.Load()), name="__explain_e", body=[call]),
            ],
            orelse=[],
            finalbody=[],
        )
        return ast.copy_location(wrapped, stmt)

    def keep(i, s):
        # The docstring and `from __future__` imports must stay first, as they are.
        is_doc = i == 0 and isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant) and isinstance(s.value.value, str)
        return is_doc or (isinstance(s, ast.ImportFrom) and s.module == "__future__")

    module.body = [s if keep(i, s) else guard(s) for i, s in enumerate(module.body)]
    return ast.fix_missing_locations(module)


def bound_names(stmt):
    names = set()
    for node in ast.walk(stmt):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])
    return names


def tree_spec(name):
    path = os.path.join(TREE, *name.split("."))
    if os.path.isfile(path + ".py"):
        return importlib.util.spec_from_file_location(name, path + ".py", loader=ResilientLoader(path + ".py"))
    init = os.path.join(path, "__init__.py")
    if os.path.isfile(init):
        return importlib.util.spec_from_file_location(name, init, loader=ResilientLoader(init), submodule_search_locations=[path])
    return None


class WorldFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        decision = decide(name)
        if decision is None:
            if name.split(".")[0] == "vllm":
                return tree_spec(name)
            return None
        kind = decision[0]
        if kind == "present":
            kind = "opaque" if decision[1] in KERNELS else "missing"
        if kind == "missing":
            # Not found here, and (MissingFilter) by no other finder either.
            MISSING.append(name)
            return None
        if kind == "opaque":
            return importlib.machinery.ModuleSpec(name, OpaqueLoader(), is_package=True)
        _, file, package = decision
        return importlib.util.spec_from_file_location(
            name, file, submodule_search_locations=[os.path.dirname(file)] if package else None
        )


class MissingFilter(importlib.abc.MetaPathFinder):
    """Wraps the standard finders so that a module the world lacks is not found even if this machine has it."""

    def __init__(self, inner):
        self.inner = inner

    def find_spec(self, name, path, target=None):
        decision = decide(name)
        if decision is not None and (decision[0] == "missing" or (decision[0] == "present" and decision[1] not in KERNELS)):
            return None
        return self.inner.find_spec(name, path, target)

    def invalidate_caches(self):
        if hasattr(self.inner, "invalidate_caches"):
            self.inner.invalidate_caches()


sys.meta_path[:] = [WorldFinder()] + [MissingFilter(f) for f in sys.meta_path]

# Files and programs: FA4's CuTe interface is part of the build when fa4 is installed; no program is on PATH.
FA4_PATH = re.compile(r"/vllm/vllm_flash_attn/cute(/interface\.py)?$")
_exists, _isfile, _isdir = os.path.exists, os.path.isfile, os.path.isdir


def _path_hook(real):
    def check(path):
        if isinstance(path, str) and FA4_PATH.search(path):
            return "fa4" in KERNELS
        return real(path)

    return check


os.path.exists, os.path.isfile, os.path.isdir = _path_hook(_exists), _path_hook(_isfile), _path_hook(_isdir)
shutil.which = lambda *a, **k: None

# Installed packages' metadata is as opaque as the packages (the evaluator's importlib.metadata is opaque too).
import importlib.metadata  # noqa: E402

importlib.metadata.version = lambda name: _w.opaque(f"importlib.metadata.version({name!r})")

# The world's logger: records what vLLM logs.
LOGS = []
ONCE = set()


class WorldLogger:
    def __init__(self, name="vllm"):
        self.name = name

    def _log(self, level, msg, *args, once=False, **kwargs):
        text = str(msg)
        if args:
            single = args[0] if len(args) == 1 and isinstance(args[0], dict) and args[0] else args
            text = text % single
        if once:
            if (level, text) in ONCE:
                return
            ONCE.add((level, text))
        LOGS.append({"level": level, "message": text})

    def __getattr__(self, name):
        levels = {"debug", "info", "warning", "warn", "error", "exception", "critical"}
        base = name[: -len("_once")] if name.endswith("_once") else name
        if base in levels:
            level = "warning" if base == "warn" else base
            return lambda msg, *a, **k: self._log(level, msg, *a, once=name.endswith("_once"))
        if name == "isEnabledFor":
            return lambda *a: False
        return lambda *a, **k: None


import vllm.logger  # noqa: E402

vllm.logger.init_logger = lambda name="vllm": WorldLogger(name)
vllm.logger.logger = WorldLogger()

import vllm.platforms  # noqa: E402

vllm.platforms.resolve_current_platform_cls_qualname = lambda: "vllm.platforms.cuda.CudaPlatform"


# The world's config: explicit values, else the tree's constant class defaults, else unknown.
SECTIONS = {
    "attention_config": ("vllm/config/attention.py", "AttentionConfig"),
    "cache_config": ("vllm/config/cache.py", "CacheConfig"),
    "parallel_config": ("vllm/config/parallel.py", "ParallelConfig"),
    "scheduler_config": ("vllm/config/scheduler.py", "SchedulerConfig"),
    "compilation_config": ("vllm/config/compilation.py", "CompilationConfig"),
    "model_config": ("vllm/config/model.py", "ModelConfig"),
    "speculative_config": ("vllm/config/speculative.py", "SpeculativeConfig"),
    "device_config": ("vllm/config/device.py", "DeviceConfig"),
    "load_config": ("vllm/config/load.py", "LoadConfig"),
    "kernel_config": ("vllm/config/kernel.py", "KernelConfig"),
}
NO_DEFAULT = object()


class Unknown(BaseException):
    pass


def constant_default(node):
    if isinstance(node, ast.Constant):
        return node.value if not isinstance(node.value, (bytes, complex)) and node.value is not ... else NO_DEFAULT
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = constant_default(node.operand)
        return -inner if isinstance(inner, (int, float)) and not isinstance(inner, bool) else NO_DEFAULT
    if isinstance(node, ast.Tuple):
        items = [constant_default(e) for e in node.elts]
        return NO_DEFAULT if NO_DEFAULT in items else tuple(items)
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else ""
        if name in ("field", "Field"):
            for k in node.keywords:
                if k.arg == "default":
                    return constant_default(k.value)
    return NO_DEFAULT


def tree_default(file, cls_name, field):
    path = os.path.join(TREE, file)
    if not os.path.isfile(path):
        return NO_DEFAULT
    module = ast.parse(open(path, encoding="utf-8").read())
    for stmt in module.body:
        if isinstance(stmt, ast.ClassDef) and stmt.name == cls_name:
            for s in stmt.body:
                if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name) and s.target.id == field:
                    return NO_DEFAULT if s.value is None else constant_default(s.value)
                if isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == field for t in s.targets):
                    return constant_default(s.value)
            return NO_DEFAULT
    return NO_DEFAULT


OPAQUE_USED = []


class Section:
    def __init__(self, section, explicit):
        object.__setattr__(self, "_section", section)
        for k, v in explicit.items():
            object.__setattr__(self, k, v)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        where = SECTIONS.get(self._section)
        value = NO_DEFAULT if where is None else tree_default(where[0], where[1], name)
        if value is NO_DEFAULT:
            OPAQUE_USED.append(f"config {self._section}.{name}")
            raise Unknown(f"{self._section}.{name}")
        return value

    def __repr__(self):
        return f"{SECTIONS.get(self._section, ('', 'VllmConfig'))[1]}(world)"


def namespace(obj):
    ns = types.SimpleNamespace()
    for k, v in obj.items():
        setattr(ns, k, namespace(v) if isinstance(v, dict) else [namespace(x) if isinstance(x, dict) else x for x in v] if isinstance(v, list) else v)
    return ns


def build_config():
    import torch
    from vllm.v1.attention.backends.registry import AttentionBackendEnum

    backend = None if CONFIG["backend"] is None else AttentionBackendEnum[CONFIG["backend"]]
    attention = {"backend": backend}
    if CONFIG["nonCausal"]:
        attention["use_non_causal"] = True
    cache = {"user_specified_block_size": CONFIG["blockSize"] is not None, "cache_dtype": CONFIG["kvCacheDtype"]}
    if CONFIG["blockSize"] is not None:
        cache["block_size"] = CONFIG["blockSize"]
    root = {
        "attention_config": Section("attention_config", attention),
        "cache_config": Section("cache_config", cache),
        "speculative_config": Section("speculative_config", {"method": "dflash"}) if CONFIG["nonCausal"] else None,
        "kv_transfer_config": None,
        "lora_config": None,
        "ec_transfer_config": None,
        "model_config": None,
    }
    for name in ("parallel_config", "scheduler_config", "compilation_config", "device_config", "load_config", "kernel_config"):
        root[name] = Section(name, {})
    model = CONFIG["model"]
    if model is not None:
        root["model_config"] = Section(
            "model_config",
            {
                "hf_config": namespace(model["hfConfig"]),
                "hf_text_config": namespace(model["hfTextConfig"]),
                "dtype": getattr(torch, model["dtype"]),
                "use_mla": model["useMla"],
                "is_hybrid": False,
                "is_mm_prefix_lm": model["mmPrefix"],
                "model_type": model["hfConfig"].get("model_type"),
            },
        )
    return Section("vllm_config", root)


def member_name(value):
    return getattr(value, "name", None) if value is not None else None


def main():
    import vllm.config.vllm as vllm_config_module

    try:
        vllm_config_module._current_vllm_config = build_config()
    except Exception as e:  # noqa: BLE001  (an --attention-backend the tree does not know)
        return {
            "error": str(e),
            "errorType": type(e).__name__,
            "chosen": None,
            "selectorConfig": None,
            "priorities": [],
            "backends": [],
            "blockSizeWarning": None,
            "opaqueUsed": [],
        }
    import vllm.platforms.cuda as cuda_module
    from vllm.v1.attention import selector

    platform = vllm.platforms.current_platform
    watch = {"entry": None, "returned": False, "priorities": None, "valid": None, "locals": None}

    def profiler(frame, event, arg):
        code = frame.f_code
        if code.co_filename != cuda_module.__file__:
            return
        if code.co_name == "get_attn_backend_cls":
            if event == "call":
                watch["entry"] = frame.f_locals.get("selected_backend")
                watch["locals"] = frame.f_locals
            elif event == "return":
                watch["locals"] = dict(frame.f_locals)
                watch["returned"] = arg is not None
        elif event == "return" and arg is not None:
            if code.co_name == "_get_backend_priorities":
                watch["priorities"] = arg
            elif code.co_name == "get_valid_backends":
                watch["valid"] = arg

    import torch
    from vllm.v1.attention.backend import AttentionType

    values = {
        "head_size": REQUEST["headSize"],
        "dtype": getattr(torch, REQUEST["dtype"]),
        "kv_cache_dtype": REQUEST["kvCacheDtype"],
        "block_size": REQUEST["blockSize"],
        "use_mla": REQUEST["useMla"],
        "has_sink": REQUEST["hasSink"],
        "use_sparse": REQUEST["useSparse"],
        "use_mm_prefix": REQUEST["useMmPrefix"],
        "use_per_head_quant_scales": REQUEST["usePerHeadQuantScales"],
        "attn_type": AttentionType(REQUEST["attnType"]),
        "num_heads": REQUEST["numHeads"],
    }
    params = inspect.signature(selector.get_attn_backend).parameters
    kwargs = {name: values[name] for name in params if name in values}
    result = {"error": None, "errorType": None, "chosen": None}
    _w.SELECTING = True
    sys.setprofile(profiler)
    try:
        selector.get_attn_backend(**kwargs)
    except Unknown as e:
        result["unknown"] = str(e)
    except Exception as e:  # noqa: BLE001
        result["error"] = str(e)
        result["errorType"] = type(e).__name__
        result["errorTrace"] = traceback.format_exc()[-2500:]
    finally:
        sys.setprofile(None)
    locals_ = watch["locals"] or {}
    if watch["returned"]:
        result["chosen"] = member_name(locals_.get("selected_backend"))
    cfg = locals_.get("attn_selector_config")
    result["selectorConfig"] = repr(cfg) if cfg is not None else None
    capability = platform.get_device_capability()
    if watch["valid"] is None and cfg is not None:
        names = inspect.signature(platform.get_valid_backends).parameters
        kw = {"device_capability": capability, "attn_selector_config": cfg, "num_heads": locals_.get("num_heads")}
        sys.setprofile(profiler)
        try:
            platform.get_valid_backends(**{k: v for k, v in kw.items() if k in names})
        except (Exception, Unknown):  # noqa: BLE001
            pass
        finally:
            sys.setprofile(None)
    priorities = [member_name(b) for b in watch["priorities"]] if watch["priorities"] is not None else None
    backends = []
    if watch["valid"] is not None and priorities is not None:
        valid, invalid = watch["valid"]
        by_name = {}
        for member, priority in valid:
            by_name[member.name] = {"name": member.name, "priority": priority, "valid": True, "reasons": []}
        for member, value in invalid.items():
            has_priority = isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], int)
            by_name[member.name] = {
                "name": member.name,
                "priority": value[0] if has_priority else priorities.index(member.name),
                "valid": False,
                "reasons": [str(r) for r in (value[1] if has_priority else value)],
            }
        backends = [by_name.get(n, {"name": n, "priority": i, "valid": None, "reasons": []}) for i, n in enumerate(priorities)]
    elif priorities is not None and cfg is not None:
        backends = [isolated(n, i, capability, cfg) for i, n in enumerate(priorities)]
    explicit = member_name(watch["entry"])
    if explicit is not None and not any(b["name"] == explicit for b in backends) and cfg is not None:
        backends.append({**isolated(explicit, None, capability, cfg), "explicit": True})
    for b in backends:
        if b["reasons"] == ["ImportError"] and "importError" not in b:
            from vllm.v1.attention.backends.registry import AttentionBackendEnum

            try:
                AttentionBackendEnum[b["name"]].get_class()
            except ImportError as e:
                b["importError"] = str(e)
                b["importTrace"] = traceback.format_exc()[-1500:]
            except BaseException:  # noqa: BLE001
                pass
    result["priorities"] = priorities or []
    result["backends"] = backends
    warnings = [l["message"] for l in LOGS if l["level"] == "warning" and l["message"].startswith("--block-size ")]
    result["blockSizeWarning"] = warnings[0] if warnings else None
    result["opaqueUsed"] = OPAQUE_USED + list(_w.USED)
    result["missingImports"] = sorted(set(MISSING))
    result["skippedStatements"] = len(SKIPPED)
    return result


def isolated(name, priority, capability, cfg):
    from vllm.v1.attention.backends.registry import AttentionBackendEnum

    try:
        member = AttentionBackendEnum[name]
        try:
            cls = member.get_class()
            reasons = cls.validate_configuration(device_capability=capability, **cfg._asdict())
        except ImportError as e:
            return {"name": name, "priority": priority, "valid": False, "reasons": ["ImportError"], "importError": str(e), "importTrace": traceback.format_exc()[-1500:]}
        return {"name": name, "priority": priority, "valid": not reasons, "reasons": [str(r) for r in reasons]}
    except Unknown:
        return {"name": name, "priority": priority, "valid": None, "reasons": []}
    except Exception as e:  # noqa: BLE001
        return {"name": name, "priority": priority, "valid": None, "reasons": [], "raised": f"{type(e).__name__}: {e}"}


try:
    output = main()
except BaseException as e:  # noqa: BLE001
    output = {"crash": f"{type(e).__name__}: {e}", "trace": traceback.format_exc()[-3000:]}
sys.stdout.write(json.dumps(output) + "\n")
