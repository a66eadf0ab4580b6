"""Which MLA prefill backends the demo tries, in order."""

from vllm.v1.attention.backends.mla.prefill.registry import MLAPrefillBackendEnum


def _get_mla_prefill_backend_priorities(device_capability) -> list[MLAPrefillBackendEnum]:
    if device_capability.major == 10:
        return [
            MLAPrefillBackendEnum.FLASH_ATTN,
            MLAPrefillBackendEnum.TRTLLM_RAGGED,
            MLAPrefillBackendEnum.FLASHINFER,
        ]
    else:
        return [MLAPrefillBackendEnum.FLASH_ATTN]
