// The world's stand-ins written in Python: what explain evaluates in place of
// PyTorch, NVML, `requests` and (for trees that do not vendor it) the
// vllm-flash-attn package. scripts/explain-oracle.ts installs these same
// sources under python3, so both sides run vLLM's code against one world.
// Each reads its facts from `_explain_world` (built from the setup) and hands
// back `_explain_world.opaque(name)` for anything it does not model: using
// such a value is "unknown", never a guess.

/** torch: dtypes, and the device queries (torch.cuda) the selection code makes. */
export const TORCH_INIT = `
import _explain_world as _w


class dtype:
    def __init__(self, name, is_floating_point, itemsize):
        self._name = name
        self.is_floating_point = is_floating_point
        self.itemsize = itemsize

    def __repr__(self):
        return "torch." + self._name

    def __str__(self):
        return "torch." + self._name


float16 = dtype("float16", True, 2)
half = float16
bfloat16 = dtype("bfloat16", True, 2)
float32 = dtype("float32", True, 4)
float = float32
float64 = dtype("float64", True, 8)
double = float64
float8_e4m3fn = dtype("float8_e4m3fn", True, 1)
float8_e4m3fnuz = dtype("float8_e4m3fnuz", True, 1)
float8_e5m2 = dtype("float8_e5m2", True, 1)
float8_e5m2fnuz = dtype("float8_e5m2fnuz", True, 1)
uint8 = dtype("uint8", False, 1)
int8 = dtype("int8", False, 1)
int16 = dtype("int16", False, 2)
int32 = dtype("int32", False, 4)
int = int32
int64 = dtype("int64", False, 8)
long = int64
bool = dtype("bool", False, 1)

__version__ = _w.TORCH_VERSION

from . import cuda, version  # noqa: E402


def __getattr__(name):
    return _w.opaque("torch." + name)
`;

/** torch.cuda: one CUDA device, the world's GPU. */
export const TORCH_CUDA = `
import _explain_world as _w


def is_available():
    return True


def _is_compiled():
    return True


def device_count():
    return 1


def current_device():
    return 0


def get_device_capability(device=None):
    return _w.DEVICE_CAPABILITY


def get_device_name(device=None):
    return _w.DEVICE_NAME


def __getattr__(name):
    return _w.opaque("torch.cuda." + name)
`;

/** torch.version: a CUDA build. */
export const TORCH_VERSION = `
import _explain_world as _w

cuda = _w.CUDA_VERSION
hip = None
git_version = "unknown"
__version__ = _w.TORCH_VERSION
`;

/** NVML (vllm.third_party.pynvml): not available, so vLLM uses NonNvmlCudaPlatform (capability via torch.cuda). */
export const PYNVML = `
class NVMLError(Exception):
    pass


def nvmlInit():
    raise NVMLError("NVML is not available in the explain world")


def nvmlShutdown():
    pass


def __getattr__(name):
    import _explain_world as _w

    return _w.opaque("pynvml." + name)
`;

/** requests: no network (FlashInfer's artifactory probe fails; cubins come only from flashinfer-cubin). */
export const REQUESTS = `
class RequestException(OSError):
    pass


class ConnectionError(RequestException):
    pass


class Timeout(RequestException):
    pass


def get(url, *args, **kwargs):
    raise ConnectionError("the explain world has no network: " + str(url))


def __getattr__(name):
    import _explain_world as _w

    return _w.opaque("requests." + name)
`;

/**
 * vllm.vllm_flash_attn for trees that do not vendor its Python files (before
 * 2026-03-01): the version checks of the vllm-flash-attn package those trees
 * build (vllm-project/flash-attention at 188be165 / 5824e6e2, identical here).
 */
export const VLLM_FLASH_ATTN_INIT = `
from .flash_attn_interface import (
    fa_version_unsupported_reason,
    flash_attn_varlen_func,
    get_scheduler_metadata,
    is_fa_version_supported,
    sparse_attn_func,
    sparse_attn_varlen_func,
)

__version__ = "2.7.2.post1"
`;

export const VLLM_FLASH_ATTN_INTERFACE = `
import _explain_world as _w
import torch

try:
    from . import _vllm_fa2_C  # noqa: F401

    FA2_UNAVAILABLE_REASON = None
    FA2_AVAILABLE = True
except ImportError as e:
    FA2_UNAVAILABLE_REASON = str(e)
    FA2_AVAILABLE = False

try:
    from . import _vllm_fa3_C  # noqa: F401

    FA3_UNAVAILABLE_REASON = None
    FA3_AVAILABLE = True
except ImportError as e:
    FA3_UNAVAILABLE_REASON = str(e)
    FA3_AVAILABLE = False

try:
    from flash_attn.cute.interface import _flash_attn_fwd  # noqa: F401

    FA4_UNAVAILABLE_REASON = None
    FA4_AVAILABLE = True
except ImportError as e:
    FA4_UNAVAILABLE_REASON = str(e)
    FA4_AVAILABLE = False

DEFAULT_FA_VERSION = 2


def _is_fa2_supported(device=None):
    if not FA2_AVAILABLE:
        return False, f"FA2 is unavaible due to: {FA2_UNAVAILABLE_REASON}"
    if torch.cuda.get_device_capability(device)[0] < 8:
        return False, "FA2 is only supported on devices with compute capability >= 8"
    return True, None


def _is_fa3_supported(device=None):
    if not FA3_AVAILABLE:
        return False, f"FA3 is unavaible due to: {FA3_UNAVAILABLE_REASON}"
    if (
        torch.cuda.get_device_capability(device)[0] < 9
        or torch.cuda.get_device_capability(device)[0] >= 10
    ):
        return False, "FA3 is only supported on devices with compute capability 9.0"
    return True, None


def _is_fa4_supported(device=None):
    if not FA4_AVAILABLE:
        return False, f"FA4 is unavaible due to: {FA4_UNAVAILABLE_REASON}"
    if torch.cuda.get_device_capability(device)[0] != 10:
        return False, "FA4 is only supported on devices with compute capability == 10"
    return True, None


def is_fa_version_supported(fa_version, device=None):
    assert fa_version in [2, 3, 4], f"Unsupported FA version: {fa_version}"
    if fa_version == 2:
        return _is_fa2_supported(device)[0]
    elif fa_version == 3:
        return _is_fa3_supported(device)[0]
    elif fa_version == 4:
        return _is_fa4_supported(device)[0]


def fa_version_unsupported_reason(fa_version, device=None):
    assert fa_version in [2, 3, 4], f"Unsupported FA version: {fa_version}"
    if fa_version == 2:
        return _is_fa2_supported(device)[1]
    elif fa_version == 3:
        return _is_fa3_supported(device)[1]
    elif fa_version == 4:
        return _is_fa4_supported(device)[1]


def flash_attn_varlen_func(*args, **kwargs):
    return _w.opaque("vllm_flash_attn.flash_attn_varlen_func")(*args, **kwargs)


def get_scheduler_metadata(*args, **kwargs):
    return _w.opaque("vllm_flash_attn.get_scheduler_metadata")(*args, **kwargs)


def sparse_attn_func(*args, **kwargs):
    return _w.opaque("vllm_flash_attn.sparse_attn_func")(*args, **kwargs)


def sparse_attn_varlen_func(*args, **kwargs):
    return _w.opaque("vllm_flash_attn.sparse_attn_varlen_func")(*args, **kwargs)
`;
