"""Demo FlashInfer backend (native kernels, or TRTLLM kernels on Blackwell)."""

from vllm.platforms.interface import DeviceCapability


class FlashInferImpl:
    can_return_lse_for_decode = False


class FlashInferBackend:
    supported_kv_cache_dtypes: list[str] = ["auto", "fp8", "fp8_e4m3", "fp8_e5m2"]

    @staticmethod
    def get_impl_cls():
        return FlashInferImpl

    @staticmethod
    def get_supported_kernel_block_sizes() -> list[int]:
        return [16, 32, 64]

    @classmethod
    def get_supported_head_sizes(cls) -> list[int]:
        return [64, 128, 256]

    @classmethod
    def supports_compute_capability(cls, capability: DeviceCapability) -> bool:
        return capability >= DeviceCapability(7, 5) and capability <= DeviceCapability(12, 1)
