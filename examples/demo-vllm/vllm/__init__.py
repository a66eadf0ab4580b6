"""A small, made-up tree shaped like vLLM's, written for vllm-attention-docs' demo."""
