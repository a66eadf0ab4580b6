"""What every MLA backend shares."""

from vllm.v1.attention.backend import AttentionBackend


class MLACommonImpl:
    can_return_lse_for_decode: bool = True


class MLACommonBackend(AttentionBackend):
    supported_kv_cache_dtypes: list[str] = ["auto", "bfloat16", "fp8"]

    @staticmethod
    def get_impl_cls():
        return MLACommonImpl

    @classmethod
    def get_supported_head_sizes(cls) -> list[int]:
        return [576]

    @classmethod
    def is_mla(cls) -> bool:
        return True
