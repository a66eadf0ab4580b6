"""The CPU backend (not a CUDA backend)."""

import torch

from vllm.v1.attention.backend import AttentionBackend


class CPUAttentionBackend(AttentionBackend):
    supported_dtypes: list[torch.dtype] = [torch.float16, torch.bfloat16, torch.float32]

    @classmethod
    def get_supported_head_sizes(cls) -> list[int]:
        return [32, 64, 128, 256]

    @classmethod
    def supports_compute_capability(cls, capability) -> bool:
        return False
