"""Environment switches the demo's backend selection reads."""

import os

# Batch-invariant inference: only backends that promise it stay valid.
VLLM_BATCH_INVARIANT = os.environ.get("VLLM_BATCH_INVARIANT", "0") == "1"
