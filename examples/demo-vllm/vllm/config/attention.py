"""Attention settings (`--attention-backend`, `-ac.*`)."""


class AttentionConfig:
    # None: choose automatically, by priority.
    backend = None
    use_non_causal: bool = False
