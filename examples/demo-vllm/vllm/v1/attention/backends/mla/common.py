"""Shared base classes of the demo's MLA backends."""

from typing import Generic, TypeVar

from vllm.v1.attention.backend import AttentionBackend

M = TypeVar("M")


class MLACommonImpl:
    # Every MLA implementation that does not say otherwise supports DCP.
    can_return_lse_for_decode: bool = True

    def forward_decode(self, query, kv_cache):
        raise NotImplementedError("demo only")


class MLACommonBackend(AttentionBackend, Generic[M]):
    """Generic in its metadata type: a backend may extend `MLACommonBackend[ItsMetadata]`."""

    supported_kv_cache_dtypes: list[str] = ["auto", "fp8"]

    @staticmethod
    def get_impl_cls():
        return MLACommonImpl

    @classmethod
    def is_mla(cls) -> bool:
        return True
