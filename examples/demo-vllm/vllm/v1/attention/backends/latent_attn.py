"""Demo latent-attention backend: MLA by its generic parent class alone."""

from vllm.v1.attention.backends.mla.common import MLACommonBackend


class LatentMetadata:
    pass


class LatentAttentionBackend(MLACommonBackend[LatentMetadata]):
    @classmethod
    def get_supported_head_sizes(cls) -> list[int]:
        return [576]
