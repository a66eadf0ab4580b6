"""The whole configuration of a running engine, and where the current one is kept."""

_current_vllm_config = None


class VllmConfig:
    pass


def get_current_vllm_config():
    if _current_vllm_config is None:
        raise RuntimeError("no current vLLM config")
    return _current_vllm_config
