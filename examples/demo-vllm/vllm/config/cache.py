"""KV-cache settings (`--kv-cache-dtype`, `--block-size`)."""

from typing import Literal

CacheDType = Literal["auto", "fp8", "fp8_e4m3", "fp8_e5m2", "fp8_ds_mla", "nvfp4"]


class CacheConfig:
    block_size: int = 16
    # Whether --block-size was given: only then does the selection check it.
    user_specified_block_size: bool = False
    cache_dtype: CacheDType = "auto"
