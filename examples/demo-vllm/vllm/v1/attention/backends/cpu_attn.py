"""Demo CPU backend. Not a CUDA backend, so its compute capability reads N/A."""

import torch

from vllm.v1.attention.backend import AttentionBackend, AttentionType


class CPUAttentionBackend(AttentionBackend):
    supported_dtypes: list[torch.dtype] = [torch.float16, torch.bfloat16, torch.float32]

    @classmethod
    def get_supported_head_sizes(cls) -> list[int]:
        return [32, 64, 80, 96, 112, 128, 160, 192, 224, 256]

    @classmethod
    def supports_attn_type(cls, attn_type: str) -> bool:
        return attn_type in (
            AttentionType.DECODER,
            AttentionType.ENCODER,
            AttentionType.ENCODER_ONLY,
        )

    @classmethod
    def supports_compute_capability(cls, capability) -> bool:
        # Runs on the CPU: no CUDA GPU is one it supports.
        return False
