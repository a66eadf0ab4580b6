"""FlashAttention varlen prefill: available everywhere."""


class FlashAttnPrefillBackend:
    @staticmethod
    def get_name() -> str:
        return "FLASH_ATTN"
