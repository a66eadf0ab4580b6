"""Demo FlashInfer backend (native kernels, or TRTLLM kernels on Blackwell)."""

import flashinfer  # noqa: F401  (the kernels: without them this backend cannot be imported)

from vllm.platforms.interface import DeviceCapability
from vllm.utils.flashinfer import supports_trtllm_attention
from vllm.v1.attention.backend import AttentionBackend


class FlashInferImpl:
    can_return_lse_for_decode = False


class FlashInferBackend(AttentionBackend):
    supported_kv_cache_dtypes: list[str] = ["auto", "fp8", "fp8_e4m3", "fp8_e5m2", "nvfp4"]

    @staticmethod
    def get_impl_cls():
        return FlashInferImpl

    @staticmethod
    def get_supported_kernel_block_sizes() -> list[int]:
        return [16, 32, 64]

    @classmethod
    def get_supported_head_sizes(cls) -> list[int]:
        return [64, 128, 256]

    @classmethod
    def supports_kv_cache_dtype(cls, kv_cache_dtype: str | None) -> bool:
        # NVFP4 caches have kernels only among the TRTLLM ones.
        if kv_cache_dtype == "nvfp4":
            return supports_trtllm_attention()
        return super().supports_kv_cache_dtype(kv_cache_dtype)

    @classmethod
    def supports_compute_capability(cls, capability: DeviceCapability) -> bool:
        return capability >= DeviceCapability(7, 5) and capability <= DeviceCapability(12, 1)

    @classmethod
    def supports_sink(cls) -> bool:
        # Sinks come with the TRTLLM kernels.
        return supports_trtllm_attention()
