"""Demo Triton MLA backend: inherits DCP support from MLACommonImpl."""

from .common import MLACommonBackend, MLACommonImpl


class TritonMLAImpl(MLACommonImpl):
    pass


class TritonMLABackend(MLACommonBackend):
    @staticmethod
    def get_impl_cls():
        return TritonMLAImpl
