"""Registry of the demo's MLA prefill backends."""

import enum


class MLAPrefillBackendEnum(enum.Enum):
    FLASH_ATTN = "vllm.v1.attention.backends.mla.prefill.flash_attn.FlashAttnPrefillBackend"
    FLASHINFER = "vllm.v1.attention.backends.mla.prefill.flashinfer.FlashInferPrefillBackend"
    TRTLLM_RAGGED = "vllm.v1.attention.backends.mla.prefill.trtllm_ragged.TrtllmRaggedPrefillBackend"
