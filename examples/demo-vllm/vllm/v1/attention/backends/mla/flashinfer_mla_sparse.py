"""Demo sparse FlashInfer MLA backend for Blackwell."""

import flashinfer  # noqa: F401  (the kernels: without them this backend cannot be imported)
import torch

from .common import MLACommonBackend, MLACommonImpl


class FlashInferMLASparseImpl(MLACommonImpl):
    pass


class FlashInferMLASparseBackend(MLACommonBackend):
    supported_dtypes: list[torch.dtype] = [torch.bfloat16]
    supported_kv_cache_dtypes: list[str] = ["auto", "fp8_ds_mla"]

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
