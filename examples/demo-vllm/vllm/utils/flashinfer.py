"""FlashInfer helpers of the demo: the TRTLLM kernels come with the flashinfer-cubin package."""

from vllm.platforms import current_platform


def has_flashinfer_cubin() -> bool:
    try:
        import flashinfer_cubin  # noqa: F401
    except ImportError:
        return False
    return True


def supports_trtllm_attention() -> bool:
    """TRTLLM attention kernels: the B200 (SM 10.0) first, then the rest of the SM 10.x family."""
    if not current_platform.is_cuda() or not has_flashinfer_cubin():
        return False
    if current_platform.is_device_capability(100):
        return True
    return current_platform.is_device_capability_family(100)


class TrtllmProbe:
    """A later probe for SM 11.x parts; the real check stays the module-level function."""

    def supports_trtllm_attention(self) -> bool:
        return current_platform.is_device_capability_family(110)
