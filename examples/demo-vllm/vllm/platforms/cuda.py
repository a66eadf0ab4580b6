"""The demo's CUDA platform: backend priorities (first compatible one wins), and the selection among them."""

import torch

import vllm.envs as envs
from vllm.logger import init_logger
from vllm.platforms.interface import DeviceCapability, Platform
from vllm.v1.attention.backends.registry import AttentionBackendEnum

logger = init_logger(__name__)


def _get_backend_priorities(
    use_mla: bool,
    device_capability: DeviceCapability,
    num_heads: int | None = None,
    kv_cache_dtype: str | None = None,
) -> list[AttentionBackendEnum]:
    if use_mla:
        if device_capability.major == 10:
            # Sparse MLA: FP8 caches and small head counts prefer FlashInfer.
            if (kv_cache_dtype is not None and kv_cache_dtype.startswith("fp8")) or (
                num_heads is not None and num_heads <= 16
            ):
                sparse_backends = [
                    AttentionBackendEnum.FLASHINFER_MLA_SPARSE,
                    AttentionBackendEnum.FLASHMLA_SPARSE,
                ]
            else:
                sparse_backends = [
                    AttentionBackendEnum.FLASHMLA_SPARSE,
                    AttentionBackendEnum.FLASHINFER_MLA_SPARSE,
                ]
            return [
                AttentionBackendEnum.FLASHMLA,
                AttentionBackendEnum.TRITON_MLA,
                *sparse_backends,
            ]
        else:
            return [
                AttentionBackendEnum.FLASHMLA,
                AttentionBackendEnum.TRITON_MLA,
                AttentionBackendEnum.FLASHMLA_SPARSE,
            ]
    else:
        if device_capability.major == 10:
            return [
                AttentionBackendEnum.FLASHINFER,
                AttentionBackendEnum.FLASH_ATTN,
                AttentionBackendEnum.TRITON_ATTN,
            ]
        else:
            return [
                AttentionBackendEnum.FLASH_ATTN,
                AttentionBackendEnum.FLASHINFER,
                AttentionBackendEnum.TRITON_ATTN,
            ]


class CudaPlatform(Platform):
    device_name: str = "cuda"

    def is_cuda(self) -> bool:
        return True

    @property
    def supported_dtypes(self) -> list[torch.dtype]:
        # bfloat16 needs Ampere (SM 8.0) or newer.
        if self.has_device_capability(80):
            return [torch.bfloat16, torch.float16, torch.float32]
        return [torch.float16, torch.float32]

    @classmethod
    def get_valid_backends(
        cls,
        device_capability: DeviceCapability,
        attn_selector_config,
        num_heads: int | None = None,
    ):
        """Every backend of the priority list: the valid ones, and the invalid ones with their reasons."""
        valid = []
        invalid = {}
        priorities = _get_backend_priorities(
            attn_selector_config.use_mla,
            device_capability,
            num_heads,
            attn_selector_config.kv_cache_dtype,
        )
        for priority, backend in enumerate(priorities):
            try:
                backend_class = backend.get_class()
                reasons = backend_class.validate_configuration(
                    device_capability=device_capability,
                    **attn_selector_config._asdict(),
                )
            except ImportError:
                reasons = ["ImportError"]
            if reasons:
                invalid[backend] = (priority, reasons)
            else:
                valid.append((backend, priority))
        return valid, invalid

    @classmethod
    def get_attn_backend_cls(
        cls,
        selected_backend: AttentionBackendEnum | None,
        attn_selector_config,
        num_heads: int | None = None,
    ) -> str:
        device_capability = cls.get_device_capability()
        if selected_backend is not None:
            try:
                reasons = selected_backend.get_class().validate_configuration(
                    device_capability=device_capability,
                    **attn_selector_config._asdict(),
                )
            except ImportError:
                reasons = ["ImportError"]
            if reasons:
                raise ValueError(
                    f"Selected backend {selected_backend.name} is not valid for "
                    f"this configuration. Reason: {reasons}"
                )
            logger.info("Using %s backend.", selected_backend.name)
            return selected_backend.get_path()

        valid, invalid = cls.get_valid_backends(
            device_capability=device_capability,
            attn_selector_config=attn_selector_config,
            num_heads=num_heads,
        )
        reasons_text = (
            "{"
            + ", ".join(f"{b.name}: [{', '.join(r)}]" for b, (_, r) in invalid.items())
            + "}"
        )
        if not valid:
            raise ValueError(
                f"No valid attention backend found for {cls.device_name} "
                f"with {attn_selector_config!r}. Reasons: {reasons_text}."
            )
        selected_backend, selected_priority = min(valid, key=lambda pair: pair[1])
        if attn_selector_config.block_size is not None:
            # Say so when only the user's --block-size kept a higher-priority backend out.
            precluded = [
                b
                for b, (priority, r) in invalid.items()
                if priority < selected_priority and r == ["block_size not supported"]
            ]
            if precluded:
                logger.warning(
                    "--block-size %d precluded higher-priority backend(s) %s. Using %s instead.",
                    attn_selector_config.block_size,
                    ", ".join(b.name for b in precluded),
                    selected_backend.name,
                )
        logger.info("Using %s attention backend.", selected_backend.name)
        return selected_backend.get_path()
