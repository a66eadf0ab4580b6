"""Demo Triton backend: portable kernels, sinks and multimodal prefixes."""

import torch

from vllm.v1.attention.backend import AttentionBackend, AttentionType, MultipleOf


class TritonAttentionBackend(AttentionBackend):
    supported_dtypes: list[torch.dtype] = [torch.float16, torch.bfloat16, torch.float32]

    @classmethod
    def supports_kv_cache_dtype(cls, kv_cache_dtype: str | None) -> bool:
        if kv_cache_dtype is None:
            return True
        return kv_cache_dtype in ["auto", "fp8", "fp8_e4m3"]

    @staticmethod
    def get_supported_kernel_block_sizes() -> list[int | MultipleOf]:
        return [MultipleOf(16)]

    @classmethod
    def supports_attn_type(cls, attn_type: str) -> bool:
        return attn_type in {AttentionType.DECODER, AttentionType.ENCODER_DECODER}

    @classmethod
    def supports_sink(cls) -> bool:
        return True

    @classmethod
    def supports_mm_prefix(cls) -> bool:
        return True

    @classmethod
    def supports_non_causal(cls) -> bool:
        return True

    @classmethod
    def supports_per_head_quant_scales(cls) -> bool:
        return True

    @classmethod
    def supports_batch_invariance(cls) -> bool:
        return True
