"""Which attention backend a layer gets."""

from functools import cache
from typing import NamedTuple, get_args

import torch

import vllm.envs as envs
from vllm.config.cache import CacheDType
from vllm.utils.import_utils import resolve_obj_by_qualname
from vllm.v1.attention.backend import AttentionType


class AttentionSelectorConfig(NamedTuple):
    head_size: int
    dtype: torch.dtype
    kv_cache_dtype: str | None
    block_size: int | None
    use_mla: bool = False
    has_sink: bool = False
    use_sparse: bool = False
    use_mm_prefix: bool = False
    use_per_head_quant_scales: bool = False
    attn_type: str = AttentionType.DECODER
    use_non_causal: bool = False
    use_batch_invariant: bool = False

    def __repr__(self):
        return (
            f"AttentionSelectorConfig(head_size={self.head_size}, dtype={self.dtype}, "
            f"kv_cache_dtype={self.kv_cache_dtype}, block_size={self.block_size}, "
            f"use_mla={self.use_mla}, has_sink={self.has_sink}, "
            f"use_sparse={self.use_sparse}, use_mm_prefix={self.use_mm_prefix}, "
            f"use_per_head_quant_scales={self.use_per_head_quant_scales}, "
            f"attn_type={self.attn_type}, use_non_causal={self.use_non_causal}, "
            f"use_batch_invariant={self.use_batch_invariant})"
        )


def get_attn_backend(
    head_size: int,
    dtype: torch.dtype,
    kv_cache_dtype: str | None,
    use_mla: bool = False,
    has_sink: bool = False,
    use_sparse: bool = False,
    use_mm_prefix: bool = False,
    use_per_head_quant_scales: bool = False,
    attn_type: str | None = None,
    num_heads: int | None = None,
):
    if kv_cache_dtype is not None:
        assert kv_cache_dtype in get_args(CacheDType), f"Invalid kv_cache_dtype: {kv_cache_dtype}"

    from vllm.config import get_current_vllm_config

    vllm_config = get_current_vllm_config()
    cache_config = vllm_config.cache_config
    block_size = cache_config.block_size if cache_config.user_specified_block_size else None
    config = AttentionSelectorConfig(
        head_size=head_size,
        dtype=dtype,
        kv_cache_dtype=kv_cache_dtype,
        block_size=block_size,
        use_mla=use_mla,
        has_sink=has_sink,
        use_sparse=use_sparse,
        use_mm_prefix=use_mm_prefix,
        use_per_head_quant_scales=use_per_head_quant_scales,
        attn_type=attn_type or AttentionType.DECODER,
        use_non_causal=vllm_config.attention_config.use_non_causal,
        use_batch_invariant=envs.VLLM_BATCH_INVARIANT,
    )
    return _cached_get_attn_backend(vllm_config.attention_config.backend, config, num_heads)


@cache
def _cached_get_attn_backend(backend, config: AttentionSelectorConfig, num_heads: int | None = None):
    from vllm.platforms import current_platform

    path = current_platform.get_attn_backend_cls(backend, attn_selector_config=config, num_heads=num_heads)
    return resolve_obj_by_qualname(path)
