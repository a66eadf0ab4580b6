// The fixed prose of the document, exactly as the reference writes it.

import type { RuleName } from '../versions/versions.js';

/** generate_usage_section */
export const USAGE_SECTION = `## Setting the Attention Backend

### Command Line

There are two ways to specify the backend from the command line:

**Option 1: Using \`--attention-backend\` (simple)**

\`\`\`bash
vllm serve <model> --attention-backend FLASH_ATTN
\`\`\`

**Option 2: Using \`--attention-config.backend\` / \`-ac.backend\` (structured config)**

\`\`\`bash
# Dot notation
vllm serve <model> --attention-config.backend FLASH_ATTN
vllm serve <model> -ac.backend FLASH_ATTN

# JSON format
vllm serve <model> --attention-config '{"backend": "FLASH_ATTN"}'
vllm serve <model> -ac '{"backend": "FLASH_ATTN"}'
\`\`\`

> **Note:** \`--attention-backend\` and \`--attention-config.backend\` are mutually
> exclusive. Use one or the other, not both.

### Python API

Use \`AttentionConfig\` with the \`LLM\` class:

\`\`\`python
from vllm import LLM
from vllm.config import AttentionConfig
from vllm.v1.attention.backends.registry import AttentionBackendEnum

# Method 1: Using AttentionConfig with enum
llm = LLM(
    model="Qwen/Qwen3-0.6B",
    attention_config=AttentionConfig(backend=AttentionBackendEnum.FLASH_ATTN),
)

# Method 2: Using attention_backend parameter with string
llm = LLM(
    model="Qwen/Qwen3-0.6B",
    attention_backend="FLASH_ATTN",
)
\`\`\`

## Backend Selection Behavior

### Manual Selection

When you explicitly set a backend via \`--attention-backend\` or \`AttentionConfig\`:

1. The backend is **validated** against your configuration (model dtype, head
   size, compute capability, etc.)
2. If the backend **doesn't support** your configuration, an error is raised
   with the specific reason
3. If valid, the backend is used

Example error when selecting an incompatible backend:

\`\`\`text
ValueError: Selected backend FLASHMLA is not valid for this configuration.
Reason: ['compute capability not supported']
\`\`\`

### Automatic Selection

When no backend is specified (the default):

1. vLLM iterates through backends in **priority order** (see tables below)
2. Each backend is validated against your configuration
3. The **first compatible backend** is selected
4. If no backend is compatible, an error is raised listing all backends and
   their incompatibility reasons
`;

/** generate_legend: the rows of the column legend, with the rule that adds each optional one. */
const LEGEND_ROWS: readonly (readonly [string, RuleName | null])[] = [
  ['| **Dtypes** | Supported model data types (fp16, bf16, fp32) |', null],
  ['| **KV Dtypes** | Supported KV cache data types (`auto`, `fp8`, `fp8_e4m3`, etc.) |', null],
  ['| **Block Sizes** | Supported KV cache block sizes (%N means multiples of N) |', null],
  ['| **Head Sizes** | Supported attention head sizes |', null],
  ['| **Sink** | Attention sink support (for StreamingLLM) |', null],
  [
    '| **Non-Causal** | Non-causal (bidirectional) attention support for decoder models |',
    'non-causal-column',
  ],
  ['| **Sparse** | Sparse attention support (MLA only) |', null],
  ['| **MM Prefix** | Multimodal prefix full attention support |', null],
  ['| **DCP** | Decode Context Parallelism support (`--decode-context-parallel-size`) |', 'dcp-column'],
  ['| **Attention Types** | Supported attention patterns (Decoder, Encoder, Enc-Dec) |', null],
  ['| **Compute Cap.** | Required CUDA compute capability (N/A for non-CUDA backends) |', null],
];

/** generate_legend */
export function legendSection(rules: ReadonlySet<RuleName>): string {
  const separator = rules.has('markdownlint-tables')
    ? '| ------ | ----------- |'
    : '|--------|-------------|';
  const rows = LEGEND_ROWS.filter(([, rule]) => rule === null || rules.has(rule)).map(([row]) => row);
  return [
    '## Legend',
    '',
    '| Column | Description |',
    separator,
    ...rows,
    '',
    '**Symbols:** ✅ = Supported, ❌ = Not supported',
    '',
  ].join('\n');
}
