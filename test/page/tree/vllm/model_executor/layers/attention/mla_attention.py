"""How the demo chooses an MLA prefill implementation."""

from vllm.platforms import current_platform


def use_trtllm_ragged_deepseek_prefill(enabled: bool = True) -> bool:
    return enabled and current_platform.is_device_capability_family(100)


def use_flashinfer_prefill(disabled: bool = False) -> bool:
    return not disabled and current_platform.is_device_capability_family(100)


def use_cudnn_prefill(requested: bool = False) -> bool:
    return requested and current_platform.is_device_capability_family(90)
