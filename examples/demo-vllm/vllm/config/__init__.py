"""The demo's configuration: what the backend selection reads of it."""

from vllm.config.attention import AttentionConfig
from vllm.config.cache import CacheConfig
from vllm.config.vllm import VllmConfig, get_current_vllm_config

__all__ = ["AttentionConfig", "CacheConfig", "VllmConfig", "get_current_vllm_config"]
