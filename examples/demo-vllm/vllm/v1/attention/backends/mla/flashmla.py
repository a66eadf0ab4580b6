"""Demo FlashMLA backend: Hopper and Blackwell only, fixed block size, its own kernels."""

from vllm.v1.attention.backends.mla.common import MLACommonBackend, MLACommonImpl


def flashmla_unavailable_reason() -> str | None:
    try:
        import vllm._flashmla_C  # noqa: F401
    except ImportError as error:
        return f"FlashMLA kernels unavailable: {error}"
    return None


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

    @classmethod
    def supports_combination(
        cls, head_size, dtype, kv_cache_dtype, block_size, use_mla, has_sink, use_sparse, device_capability
    ) -> str | None:
        return flashmla_unavailable_reason()
