"""Demo FlashAttention backend (FA2/FA3/FA4 are told apart via fa_utils.py)."""

import torch

from vllm.platforms.interface import DeviceCapability
from vllm.v1.attention.backend import AttentionBackend, AttentionType, MultipleOf
from vllm.v1.attention.backends.fa_utils import (
    flash_attn_supports_fp8,
    flash_attn_supports_sinks,
    get_flash_attn_version,
)
from vllm.vllm_flash_attn import fa_version_unsupported_reason, is_fa_version_supported


class FlashAttentionImpl:
    # Can return the log-sum-exp of decode attention: usable with DCP.
    can_return_lse_for_decode: bool = True

    def forward(self, query, key, value):
        raise NotImplementedError("demo only")


class FlashAttentionBackend(AttentionBackend):
    supported_dtypes: list[torch.dtype] = [torch.float16, torch.bfloat16]
    supported_kv_cache_dtypes: list[str] = ["auto"]

    @staticmethod
    def get_name() -> str:
        return "FLASH_ATTN"

    @staticmethod
    def get_impl_cls() -> type[FlashAttentionImpl]:
        return FlashAttentionImpl

    @staticmethod
    def get_supported_kernel_block_sizes() -> list[int | MultipleOf]:
        return [MultipleOf(16)]

    @classmethod
    def get_supported_head_sizes(cls) -> list[int]:
        return [32, 64, 96, 128, 160, 192, 224, 256]

    @classmethod
    def supports_kv_cache_dtype(cls, kv_cache_dtype: str | None) -> bool:
        # FP8 caches need the FlashAttention version of this GPU to have FP8 kernels.
        if kv_cache_dtype is not None and kv_cache_dtype.startswith("fp8"):
            return flash_attn_supports_fp8()
        return super().supports_kv_cache_dtype(kv_cache_dtype)

    @classmethod
    def supports_attn_type(cls, attn_type: str) -> bool:
        return attn_type in (
            AttentionType.DECODER,
            AttentionType.ENCODER,
            AttentionType.ENCODER_ONLY,
            AttentionType.ENCODER_DECODER,
        )

    @classmethod
    def supports_compute_capability(cls, capability: DeviceCapability) -> bool:
        return capability >= DeviceCapability(8, 0)

    @classmethod
    def supports_mm_prefix(cls) -> bool:
        return True

    @classmethod
    def supports_sink(cls) -> bool:
        return flash_attn_supports_sinks()

    @classmethod
    def supports_batch_invariance(cls) -> bool:
        return True

    @classmethod
    def supports_combination(
        cls, head_size, dtype, kv_cache_dtype, block_size, use_mla, has_sink, use_sparse, device_capability
    ) -> str | None:
        # The version this GPU runs must have been built (--kernels) and support the GPU.
        version = get_flash_attn_version()
        if not is_fa_version_supported(version):
            return f"FlashAttention {version} unavailable: {fa_version_unsupported_reason(version)}"
        return None
