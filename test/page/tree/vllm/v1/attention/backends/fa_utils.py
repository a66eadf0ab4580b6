"""Which FlashAttention version runs on this GPU, and what it supports."""

from vllm.platforms import current_platform


def get_flash_attn_version() -> int:
    device_capability = current_platform.get_device_capability()
    if device_capability.major == 9:
        return 3
    elif device_capability.major >= 10:
        return 4
    return 2


def flash_attn_supports_fp8() -> bool:
    return current_platform.is_device_capability_family(90)


def flash_attn_supports_sinks() -> bool:
    return get_flash_attn_version() in (3, 4)
