"""TensorRT-LLM ragged prefill for DeepSeek-shaped models on Blackwell."""


class TrtllmRaggedPrefillBackend:
    requires_r1_mla_dimensions = True

    @staticmethod
    def get_name() -> str:
        return "TRTLLM_RAGGED"

    @classmethod
    def supports_compute_capability(cls, capability) -> bool:
        return capability.major == 10
