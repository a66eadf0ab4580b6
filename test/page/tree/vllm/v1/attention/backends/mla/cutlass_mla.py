"""CUTLASS MLA: the B200 family, block size 128, no FP8 on a block size of 64 or less."""

from vllm.v1.attention.backends.mla.common import MLACommonBackend


class CutlassMLABackend(MLACommonBackend):
    @staticmethod
    def get_supported_kernel_block_sizes() -> list[int]:
        return [128]

    @classmethod
    def supports_compute_capability(cls, capability) -> bool:
        return capability.major == 10

    @classmethod
    def supports_combination(cls, head_size, dtype, kv_cache_dtype, block_size, use_mla, has_sink, use_sparse, device_capability):
        if kv_cache_dtype is not None and kv_cache_dtype.startswith("fp8") and device_capability.minor != 0:
            return "fp8 KV cache needs compute capability 10.0"
        return None
