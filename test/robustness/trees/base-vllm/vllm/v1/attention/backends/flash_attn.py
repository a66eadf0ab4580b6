"""Demo FlashAttention backend (FA2/FA3/FA4 are told apart via fa_utils.py)."""

import torch

from vllm.platforms.interface import DeviceCapability
from vllm.v1.attention.backend import AttentionType, MultipleOf


class FlashAttentionImpl:
    # Can return the log-sum-exp of decode attention: usable with DCP.
    can_return_lse_for_decode: bool = True

    def forward(self, query, key, value):
        raise NotImplementedError("demo only")


class FlashAttentionBackend:
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
