"""Environment switches the selection reads."""

import os

VLLM_BATCH_INVARIANT = os.environ.get("VLLM_BATCH_INVARIANT", "0") == "1"
VLLM_PAGE_TREE_PREFER_TRITON = os.environ.get("VLLM_PAGE_TREE_PREFER_TRITON", "0") == "1"
