"""FlashInfer CUTLASS prefill for DeepSeek-shaped models on Blackwell."""

import torch


class FlashInferPrefillBackend:
    requires_r1_mla_dimensions = True
    supported_dtypes: list[torch.dtype] = [torch.bfloat16]

    @staticmethod
    def get_name() -> str:
        return "FLASHINFER"

    @classmethod
    def supports_compute_capability(cls, capability) -> bool:
        return capability.major == 10
