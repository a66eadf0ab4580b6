"""Sparse MLA on FlashInfer: Blackwell only."""

import flashinfer  # noqa: F401
import torch

from vllm.v1.attention.backends.mla.common import MLACommonBackend


class FlashInferMLASparseImpl:
    can_return_lse_for_decode = False


class FlashInferMLASparseBackend(MLACommonBackend):
    supported_dtypes: list[torch.dtype] = [torch.bfloat16]
    supported_kv_cache_dtypes: list[str] = ["auto", "bfloat16", "fp8", "fp8_ds_mla"]

    @staticmethod
    def get_impl_cls():
        return FlashInferMLASparseImpl

    @staticmethod
    def get_supported_kernel_block_sizes() -> list[int]:
        return [32, 64]

    @classmethod
    def is_sparse(cls) -> bool:
        return True

    @classmethod
    def supports_sink(cls) -> bool:
        return True

    @classmethod
    def supports_compute_capability(cls, capability) -> bool:
        return capability.major == 10
