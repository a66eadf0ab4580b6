"""Demo ROCm backend. Not a CUDA backend, so its compute capability reads N/A."""

from vllm.v1.attention.backend import AttentionBackend, MultipleOf


class RocmAttentionBackend(AttentionBackend):
    supported_kv_cache_dtypes: list[str] = ["auto", "fp8", "fp8_e4m3"]

    @staticmethod
    def get_supported_kernel_block_sizes():
        return [16, 32, MultipleOf(64)]

    @classmethod
    def get_supported_head_sizes(cls) -> list[int]:
        return [64, 128]

    @classmethod
    def supports_sink(cls) -> bool:
        return True

    @classmethod
    def supports_compute_capability(cls, capability) -> bool:
        # Runs on AMD GPUs: no CUDA GPU is one it supports.
        return False
