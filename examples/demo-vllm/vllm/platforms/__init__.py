"""The platform the demo runs on, found when first used."""

from vllm.utils.import_utils import resolve_obj_by_qualname


def resolve_current_platform_cls_qualname() -> str:
    # The demo selects backends on CUDA only; its CPU and ROCm backends are documented, never selected.
    return "vllm.platforms.cuda.CudaPlatform"


_current_platform = None


def __getattr__(name: str):
    if name == "current_platform":
        global _current_platform
        if _current_platform is None:
            _current_platform = resolve_obj_by_qualname(resolve_current_platform_cls_qualname())()
        return _current_platform
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
