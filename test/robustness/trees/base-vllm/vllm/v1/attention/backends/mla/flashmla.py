"""Demo FlashMLA backend: Hopper and Blackwell only, fixed block size."""

from vllm.v1.attention.backends.mla.common import MLACommonBackend, MLACommonImpl


class FlashMLAImpl(MLACommonImpl):
    pass


class FlashMLABackend(MLACommonBackend):
    supported_kv_cache_dtypes: list[str] = ["auto", "fp8", "fp8_e4m3"]

    @staticmethod
    def get_impl_cls():
        return FlashMLAImpl

    @staticmethod
    def get_supported_kernel_block_sizes() -> list[int]:
        return [64]

    @classmethod
    def get_supported_head_sizes(cls) -> list[int]:
        return [576]

    @classmethod
    def supports_compute_capability(cls, capability) -> bool:
        return capability.major in [9, 10]
