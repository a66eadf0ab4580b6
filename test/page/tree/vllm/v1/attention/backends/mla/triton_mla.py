"""Triton MLA: runs anywhere."""

from vllm.v1.attention.backends.mla.common import MLACommonBackend, MLACommonImpl


class TritonMLAImpl(MLACommonImpl):
    pass


class TritonMLABackend(MLACommonBackend):
    @staticmethod
    def get_impl_cls():
        return TritonMLAImpl
