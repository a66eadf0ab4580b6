"""Registry of the demo's attention backends.

Each member maps a backend name to the dotted path of its backend class. The
documentation generator reads these assignments without importing anything.
"""

import enum

from vllm.utils.import_utils import resolve_obj_by_qualname


class AttentionBackendEnum(enum.Enum):
    # Standard attention (MHA / MQA / GQA)
    FLASH_ATTN = "vllm.v1.attention.backends.flash_attn.FlashAttentionBackend"
    FLASHINFER = "vllm.v1.attention.backends.flashinfer.FlashInferBackend"
    TRITON_ATTN = "vllm.v1.attention.backends.triton_attn.TritonAttentionBackend"
    CPU_ATTN = "vllm.v1.attention.backends.cpu_attn.CPUAttentionBackend"
    ROCM_ATTN = "vllm.v1.attention.backends.rocm_attn.RocmAttentionBackend"
    # Multi-head latent attention (decode side)
    TRITON_MLA = "vllm.v1.attention.backends.mla.triton_mla.TritonMLABackend"
    FLASHMLA = "vllm.v1.attention.backends.mla.flashmla.FlashMLABackend"
    FLASHMLA_SPARSE = "vllm.v1.attention.backends.mla.flashmla_sparse.FlashMLASparseBackend"
    FLASHINFER_MLA_SPARSE = (
        "vllm.v1.attention.backends.mla.flashinfer_mla_sparse.FlashInferMLASparseBackend"
    )
    LATENT_ATTN = "vllm.v1.attention.backends.latent_attn.LatentAttentionBackend"
    # Placeholder for out-of-tree backends; never documented.
    CUSTOM = ""

    def get_path(self) -> str:
        return self.value

    def get_class(self):
        """The backend class; raises ImportError when its module cannot be imported."""
        return resolve_obj_by_qualname(self.get_path())
