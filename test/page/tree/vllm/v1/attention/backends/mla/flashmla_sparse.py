"""Sparse FlashMLA ("fp8" is only an alias of fp8_ds_mla here)."""

import torch

from .flashmla import FlashMLABackend


class FlashMLASparseImpl:
    can_return_lse_for_decode = False


class FlashMLASparseBackend(FlashMLABackend):
    supported_dtypes: list[torch.dtype] = [torch.bfloat16]
    supported_kv_cache_dtypes: list[str] = ["auto", "bfloat16", "fp8", "fp8_ds_mla"]

    @staticmethod
    def get_impl_cls():
        return FlashMLASparseImpl

    @classmethod
    def is_sparse(cls) -> bool:
        return True

    @classmethod
    def supports_compute_capability(cls, capability) -> bool:
        return capability.major == 9 or capability.major == 10
