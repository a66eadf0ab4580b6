"""FlashInfer helpers of the demo."""

from vllm.platforms import current_platform


def supports_trtllm_attention() -> bool:
    """TRTLLM attention kernels exist for the SM 10.x family only."""
    if not current_platform.is_cuda():
        return False
    return current_platform.is_device_capability_family(100)
