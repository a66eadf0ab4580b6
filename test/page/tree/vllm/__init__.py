"""A small vLLM-shaped tree for the page tests."""
