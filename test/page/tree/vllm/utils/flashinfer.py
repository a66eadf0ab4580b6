"""FlashInfer helpers: TRT-LLM kernels come from the flashinfer-cubin package."""

from vllm.platforms import current_platform


def has_flashinfer_cubin() -> bool:
    try:
        import flashinfer_cubin  # noqa: F401
    except ImportError:
        return False
    return True


def supports_trtllm_attention() -> bool:
    if not current_platform.is_cuda():
        return False
    if not current_platform.is_device_capability_family(100):
        return False
    return has_flashinfer_cubin()
