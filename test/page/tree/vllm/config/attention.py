class AttentionConfig:
    backend = None
    use_non_causal: bool = False
