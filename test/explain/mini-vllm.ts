// A small vLLM-shaped tree written for these tests (not copied from vLLM):
// the modules and entry points explain drives (selector.get_attn_backend,
// platforms.cuda, backend.validate_configuration, the backend registry, the
// config and envs modules), with backends that exercise each rule.
//   FAST   needs the flashinfer kernel (imported at module level), cc >= 8.0, head 64/128, fp8 KV on 9.x only
//   SLOW   everything, blocks of 16, decoder and encoder, supports sinks
//   LATENT MLA only, block 64, cc 9.x/10.x, per-head scales; a combination check naming the model
//   MYSTERY reads a value the world does not model (its validity is unknown)
// Priorities: major 10 -> [SLOW, FAST]; MLA -> [LATENT, SLOW]; else [FAST, SLOW]; MYSTERY only when VLLM_TRY_MYSTERY=1.

export const MINI_VLLM: Readonly<Record<string, string>> = {
  'vllm/__init__.py': '',
  'vllm/logger.py': `
import logging


def init_logger(name):
    return logging.getLogger(name)
`,
  'vllm/envs.py': `
import os

environment_variables = {
    "VLLM_TRY_MYSTERY": lambda: bool(int(os.getenv("VLLM_TRY_MYSTERY", "0"))),
}


def __getattr__(name):
    if name in environment_variables:
        return environment_variables[name]()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
`,
  'vllm/utils/__init__.py': '',
  'vllm/utils/import_utils.py': `
import importlib


def resolve_obj_by_qualname(qualname):
    module_name, obj_name = qualname.rsplit(".", 1)
    return getattr(importlib.import_module(module_name), obj_name)


def import_pynvml():
    import vllm.third_party.pynvml as pynvml

    return pynvml
`,
  'vllm/third_party/__init__.py': '',
  'vllm/config/__init__.py': 'from vllm.config.vllm import get_current_vllm_config\n',
  'vllm/config/vllm.py': `
_current_vllm_config = None


def get_current_vllm_config():
    if _current_vllm_config is None:
        raise AssertionError("no config")
    return _current_vllm_config
`,
  'vllm/config/cache.py': `
from typing import Literal

CacheDType = Literal["auto", "bfloat16", "fp8", "fp8_e4m3"]


class CacheConfig:
    block_size: int | None = None
    user_specified_block_size: bool = False
    cache_dtype: CacheDType = "auto"
`,
  'vllm/config/attention.py': `
class AttentionConfig:
    backend: object = None
    flash_version: int | None = None
`,
  'vllm/platforms/__init__.py': `
_current_platform = None


def __getattr__(name):
    raise AttributeError(name)
`,
  'vllm/platforms/interface.py': `
from typing import NamedTuple


class DeviceCapability(NamedTuple):
    major: int
    minor: int

    def __ge__(self, other):
        if not isinstance(other, DeviceCapability):
            return NotImplemented
        return (self.major, self.minor) >= (other.major, other.minor)

    def to_int(self):
        return self.major * 10 + self.minor


class Platform:
    device_name = "generic"

    @classmethod
    def get_device_capability(cls, device_id=0):
        return None

    @classmethod
    def is_device_capability_family(cls, capability, device_id=0):
        current = cls.get_device_capability(device_id=device_id)
        return current is not None and current.to_int() // 10 == capability // 10
`,
  'vllm/platforms/cuda.py': `
from functools import cache

import torch

import vllm.envs as envs
from vllm.logger import init_logger
from vllm.utils.import_utils import import_pynvml
from vllm.v1.attention.backends.registry import AttentionBackendEnum

from .interface import DeviceCapability, Platform

logger = init_logger(__name__)
pynvml = import_pynvml()


@cache
def _get_backend_priorities(use_mla, device_capability):
    if use_mla:
        return [AttentionBackendEnum.LATENT, AttentionBackendEnum.SLOW]
    if envs.VLLM_TRY_MYSTERY:
        return [AttentionBackendEnum.MYSTERY, AttentionBackendEnum.FAST, AttentionBackendEnum.SLOW]
    if device_capability.major == 10:
        return [AttentionBackendEnum.SLOW, AttentionBackendEnum.FAST]
    return [AttentionBackendEnum.FAST, AttentionBackendEnum.SLOW]


class CudaPlatformBase(Platform):
    device_name = "cuda"

    @property
    def supported_dtypes(self):
        if self.get_device_capability() >= DeviceCapability(8, 0):
            return [torch.bfloat16, torch.float16, torch.float32]
        return [torch.float16, torch.float32]

    @classmethod
    def get_valid_backends(cls, device_capability, attn_selector_config):
        valid, invalid = [], {}
        for priority, backend in enumerate(_get_backend_priorities(attn_selector_config.use_mla, device_capability)):
            try:
                reasons = backend.get_class().validate_configuration(
                    device_capability=device_capability, **attn_selector_config._asdict()
                )
            except ImportError:
                reasons = ["ImportError"]
            if reasons:
                invalid[backend] = (priority, reasons)
            else:
                valid.append((backend, priority))
        return valid, invalid

    @classmethod
    def get_attn_backend_cls(cls, selected_backend, attn_selector_config):
        device_capability = cls.get_device_capability()
        if selected_backend is not None:
            try:
                reasons = selected_backend.get_class().validate_configuration(
                    device_capability=device_capability, **attn_selector_config._asdict()
                )
            except ImportError:
                reasons = ["ImportError"]
            if reasons:
                raise ValueError(f"Selected backend {selected_backend} is not valid. Reason: {reasons}")
            return selected_backend.get_path()
        valid, invalid = cls.get_valid_backends(device_capability, attn_selector_config)
        reasons_str = "{" + ", ".join(f"{b.name}: [{', '.join(r)}]" for b, (_, r) in invalid.items()) + "}"
        if not valid:
            raise ValueError(f"No valid backend for {cls.device_name} with {attn_selector_config!r}. Reasons: {reasons_str}.")
        selected_backend, selected_priority = sorted(valid, key=lambda v: v[1])[0]
        if attn_selector_config.block_size is not None:
            excluded = [b for b, (p, r) in invalid.items() if p < selected_priority and r == ["block_size not supported"]]
            if excluded:
                logger.warning(
                    "--block-size %d precluded %s. Using %s instead.",
                    attn_selector_config.block_size,
                    ", ".join(b.name for b in excluded),
                    selected_backend.name,
                )
        return selected_backend.get_path()


class NonNvmlCudaPlatform(CudaPlatformBase):
    @classmethod
    @cache
    def get_device_capability(cls, device_id=0):
        major, minor = torch.cuda.get_device_capability(device_id)
        return DeviceCapability(major=major, minor=minor)


try:
    pynvml.nvmlInit()
    nvml_available = True
except Exception:
    nvml_available = False

CudaPlatform = NonNvmlCudaPlatform
`,
  'vllm/v1/__init__.py': '',
  'vllm/v1/attention/__init__.py': '',
  'vllm/v1/attention/backends/__init__.py': '',
  'vllm/v1/attention/backends/registry.py': `
from enum import Enum, EnumMeta

from vllm.utils.import_utils import resolve_obj_by_qualname


class _Meta(EnumMeta):
    def __getitem__(cls, name):
        try:
            return super().__getitem__(name)
        except KeyError:
            raise ValueError(f"Unknown attention backend: '{name}'") from None


class AttentionBackendEnum(Enum, metaclass=_Meta):
    FAST = "vllm.v1.attention.backends.fast.FastBackend"
    SLOW = "vllm.v1.attention.backends.slow.SlowBackend"
    LATENT = "vllm.v1.attention.backends.latent.LatentBackend"
    MYSTERY = "vllm.v1.attention.backends.mystery.MysteryBackend"
    EXTRA = "vllm.v1.attention.backends.slow.ExtraBackend"

    def get_path(self):
        return self.value

    def get_class(self):
        return resolve_obj_by_qualname(self.get_path())
`,
  'vllm/v1/attention/backend.py': `
from enum import Enum

import torch


class AttentionType(str, Enum):
    DECODER = "decoder"
    ENCODER = "encoder"
    ENCODER_ONLY = "encoder_only"
    ENCODER_DECODER = "encoder_decoder"


class MultipleOf:
    def __init__(self, base):
        self.base = base


class AttentionBackend:
    supported_dtypes = [torch.float16, torch.bfloat16]
    supported_kv_cache_dtypes = ["auto", "bfloat16"]

    @staticmethod
    def get_supported_kernel_block_sizes():
        return [MultipleOf(1)]

    @classmethod
    def get_supported_head_sizes(cls):
        return []

    @classmethod
    def supports_head_size(cls, head_size):
        sizes = cls.get_supported_head_sizes()
        return not sizes or head_size in sizes

    @classmethod
    def supports_block_size(cls, block_size):
        if block_size is None:
            return True
        for size in cls.get_supported_kernel_block_sizes():
            base = size.base if isinstance(size, MultipleOf) else size
            if block_size % base == 0:
                return True
        return False

    @classmethod
    def is_mla(cls):
        return False

    @classmethod
    def supports_sink(cls):
        return False

    @classmethod
    def supports_per_head_quant_scales(cls):
        return False

    @classmethod
    def supports_compute_capability(cls, capability):
        return True

    @classmethod
    def supports_attn_type(cls, attn_type):
        return attn_type == AttentionType.DECODER

    @classmethod
    def supports_combination(cls, head_size, dtype, kv_cache_dtype, block_size, use_mla, has_sink, device_capability):
        return None

    @classmethod
    def validate_configuration(
        cls, head_size, dtype, kv_cache_dtype, block_size, use_mla, has_sink, use_per_head_quant_scales, device_capability, attn_type
    ):
        reasons = []
        if not cls.supports_head_size(head_size):
            reasons.append("head_size not supported")
        if dtype not in cls.supported_dtypes:
            reasons.append("dtype not supported")
        if kv_cache_dtype not in cls.supported_kv_cache_dtypes:
            reasons.append("kv_cache_dtype not supported")
        if not cls.supports_block_size(block_size):
            reasons.append("block_size not supported")
        if use_mla != cls.is_mla():
            reasons.append("MLA not supported" if use_mla else "non-MLA not supported")
        if has_sink and not cls.supports_sink():
            reasons.append("attention sinks not supported")
        if use_per_head_quant_scales and not cls.supports_per_head_quant_scales():
            reasons.append("per-head quant scales not supported")
        if not cls.supports_compute_capability(device_capability):
            reasons.append("compute capability not supported")
        if not cls.supports_attn_type(attn_type):
            reasons.append(f"attention type {attn_type} not supported")
        combination = cls.supports_combination(head_size, dtype, kv_cache_dtype, block_size, use_mla, has_sink, device_capability)
        if combination is not None:
            reasons.append(combination)
        return reasons
`,
  'vllm/v1/attention/selector.py': `
from functools import cache
from typing import NamedTuple, get_args

import torch

from vllm.config.cache import CacheDType
from vllm.v1.attention.backend import AttentionType


class AttentionSelectorConfig(NamedTuple):
    head_size: int
    dtype: torch.dtype
    kv_cache_dtype: str
    block_size: int | None
    use_mla: bool = False
    has_sink: bool = False
    use_per_head_quant_scales: bool = False
    attn_type: str = AttentionType.DECODER

    def __repr__(self):
        return (
            f"AttentionSelectorConfig(head_size={self.head_size}, dtype={self.dtype}, "
            f"kv_cache_dtype={self.kv_cache_dtype}, block_size={self.block_size}, use_mla={self.use_mla}, "
            f"has_sink={self.has_sink}, attn_type={self.attn_type})"
        )


def get_attn_backend(
    head_size,
    dtype,
    kv_cache_dtype,
    use_mla=False,
    has_sink=False,
    use_per_head_quant_scales=False,
    attn_type=None,
):
    assert kv_cache_dtype in get_args(CacheDType), f"Invalid kv_cache_dtype: {kv_cache_dtype}"
    from vllm.config import get_current_vllm_config

    config = get_current_vllm_config()
    cache_config = config.cache_config
    block_size = cache_config.block_size if cache_config.user_specified_block_size else None
    selector_config = AttentionSelectorConfig(
        head_size, dtype, kv_cache_dtype, block_size, use_mla, has_sink, use_per_head_quant_scales, attn_type or AttentionType.DECODER
    )
    return _cached(config.attention_config.backend, selector_config)


@cache
def _cached(backend, selector_config):
    from vllm.platforms import current_platform
    from vllm.utils.import_utils import resolve_obj_by_qualname

    return resolve_obj_by_qualname(current_platform.get_attn_backend_cls(backend, selector_config))
`,
  'vllm/v1/attention/backends/fast.py': `
import torch
from flashinfer import fast_kernel

from vllm.platforms import current_platform
from vllm.platforms.interface import DeviceCapability
from vllm.v1.attention.backend import AttentionBackend, MultipleOf


class FastBackend(AttentionBackend):
    supported_kv_cache_dtypes = ["auto", "bfloat16", "fp8", "fp8_e4m3"]

    @staticmethod
    def get_supported_kernel_block_sizes():
        return [32, 64]

    @classmethod
    def get_supported_head_sizes(cls):
        return [64, 128]

    @classmethod
    def supports_compute_capability(cls, capability):
        return capability >= DeviceCapability(8, 0)

    @classmethod
    def supports_combination(cls, head_size, dtype, kv_cache_dtype, block_size, use_mla, has_sink, device_capability):
        if kv_cache_dtype.startswith("fp8") and not current_platform.is_device_capability_family(90):
            return "fp8 KV cache needs compute capability 9.x"
        return None
`,
  'vllm/v1/attention/backends/slow.py': `
import torch

from vllm.v1.attention.backend import AttentionBackend, AttentionType, MultipleOf


class SlowBackend(AttentionBackend):
    supported_dtypes = [torch.float16, torch.bfloat16, torch.float32]

    @staticmethod
    def get_supported_kernel_block_sizes():
        return [MultipleOf(16)]

    @classmethod
    def supports_sink(cls):
        return True

    @classmethod
    def supports_attn_type(cls, attn_type):
        return attn_type in (AttentionType.DECODER, AttentionType.ENCODER)


class ExtraBackend(SlowBackend):
    pass
`,
  'vllm/v1/attention/backends/latent.py': `
from vllm.config import get_current_vllm_config
from vllm.v1.attention.backend import AttentionBackend


class LatentBackend(AttentionBackend):
    @staticmethod
    def get_supported_kernel_block_sizes():
        return [64]

    @classmethod
    def is_mla(cls):
        return True

    @classmethod
    def supports_per_head_quant_scales(cls):
        return True

    @classmethod
    def supports_compute_capability(cls, capability):
        return capability.major in (9, 10)

    @classmethod
    def supports_combination(cls, head_size, dtype, kv_cache_dtype, block_size, use_mla, has_sink, device_capability):
        model_config = get_current_vllm_config().model_config
        if model_config is not None:
            rope = getattr(model_config.hf_text_config, "qk_rope_head_dim", 1)
            if rope != 64:
                return f"Latent needs qk_rope_head_dim 64, but got {rope}"
        return None
`,
  'vllm/v1/attention/backends/mystery.py': `
import numpy as np

from vllm.v1.attention.backend import AttentionBackend


class MysteryBackend(AttentionBackend):
    @classmethod
    def supports_compute_capability(cls, capability):
        return np.mystery_check(capability.major)
`,
};
