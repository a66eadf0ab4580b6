from typing import Literal

CacheDType = Literal["auto", "bfloat16", "fp8", "fp8_e4m3", "fp8_e5m2", "fp8_ds_mla"]


class CacheConfig:
    block_size: int = 16
    user_specified_block_size: bool = False
    cache_dtype: CacheDType = "auto"
