// --model CONFIG.json: the attention facts vLLM derives from a Hugging Face
// config, each reported with the field it came from. The rules follow vLLM's
// ModelConfig / model_arch_config (documented in docs/design/explain.md):
//   text config   text_config if present (multimodal models), else the config
//   MLA           kv_lora_rank is set (DeepSeek-style latent attention)
//   head size     MLA: kv_lora_rank + qk_rope_head_dim; else head_dim, else hidden_size // num_attention_heads
//   sparse        index_topk is set (DeepSeek V3.2 sparse attention)
//   sinks         model_type gpt_oss (its attention layers take learned sinks)
//   mm prefix     is_mm_prefix_lm, else model_type in vLLM's list of prefix-LM multimodal models
//   dtype         dtype / torch_dtype; float32 models are downcast (the platform's first supported dtype)
//   num heads     num_attention_heads (tensor parallel size 1)

export interface DerivedField {
  readonly field: 'headSize' | 'dtype' | 'useMla' | 'useSparse' | 'hasSink' | 'useMmPrefix' | 'numHeads';
  readonly value: number | string | boolean;
  /** The config.json key(s) it came from, e.g. "kv_lora_rank + qk_rope_head_dim". */
  readonly from: string;
}

export interface ModelFacts {
  readonly derived: readonly DerivedField[];
  readonly textConfig: Readonly<Record<string, unknown>>;
  /** The config's own dtype name (bfloat16, float16, float32...), before any downcast. */
  readonly configDtype: string | null;
  readonly modelType: string | null;
}

/** Model types vLLM treats as prefix-LM multimodal (bidirectional attention over image tokens). */
const MM_PREFIX_LM_MODEL_TYPES = ['bagel', 'gemma3', 'molmo2', 'paligemma', 'umm'];

const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const asInt = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

export type ModelParse =
  { readonly ok: true; readonly facts: ModelFacts } | { readonly ok: false; readonly message: string };

export function modelFacts(config: unknown): ModelParse {
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    return { ok: false, message: 'not a JSON object' };
  const top = config as Record<string, unknown>;
  const nested = top.text_config;
  const text =
    typeof nested === 'object' && nested !== null && !Array.isArray(nested)
      ? (nested as Record<string, unknown>)
      : top;
  const prefix = text === top ? '' : 'text_config.';
  const derived: DerivedField[] = [];
  const modelType = typeof top.model_type === 'string' ? top.model_type : null;

  const mla = isSet(text.kv_lora_rank);
  if (mla) {
    derived.push({ field: 'useMla', value: true, from: `${prefix}kv_lora_rank` });
    const rank = asInt(text.kv_lora_rank);
    const rope = asInt(text.qk_rope_head_dim);
    if (rank !== null && rope !== null)
      derived.push({
        field: 'headSize',
        value: rank + rope,
        from: `${prefix}kv_lora_rank + ${prefix}qk_rope_head_dim`,
      });
  } else {
    const headDim = asInt(text.head_dim);
    const hidden = asInt(text.hidden_size);
    const heads = asInt(text.num_attention_heads);
    if (headDim !== null) derived.push({ field: 'headSize', value: headDim, from: `${prefix}head_dim` });
    else if (hidden !== null && heads !== null && heads > 0)
      derived.push({
        field: 'headSize',
        value: Math.floor(hidden / heads),
        from: `${prefix}hidden_size // ${prefix}num_attention_heads`,
      });
  }
  if (isSet(text.index_topk)) derived.push({ field: 'useSparse', value: true, from: `${prefix}index_topk` });
  if (modelType === 'gpt_oss') derived.push({ field: 'hasSink', value: true, from: 'model_type' });
  if (isSet(top.is_mm_prefix_lm)) {
    if (top.is_mm_prefix_lm === true)
      derived.push({ field: 'useMmPrefix', value: true, from: 'is_mm_prefix_lm' });
  } else if (modelType !== null && MM_PREFIX_LM_MODEL_TYPES.includes(modelType))
    derived.push({ field: 'useMmPrefix', value: true, from: 'model_type' });
  const heads = asInt(text.num_attention_heads);
  if (mla && heads !== null)
    derived.push({ field: 'numHeads', value: heads, from: `${prefix}num_attention_heads` });

  const dtypeKey =
    ['dtype', 'torch_dtype'].find((k) => typeof text[k] === 'string') ??
    ['dtype', 'torch_dtype'].find((k) => typeof top[k] === 'string');
  const dtypeSource =
    dtypeKey === undefined
      ? undefined
      : typeof text[dtypeKey] === 'string'
        ? `${prefix}${dtypeKey}`
        : dtypeKey;
  const configDtype =
    dtypeKey === undefined
      ? null
      : String(typeof text[dtypeKey] === 'string' ? text[dtypeKey] : top[dtypeKey]);
  if (configDtype !== null && dtypeSource !== undefined)
    derived.push({ field: 'dtype', value: configDtype, from: dtypeSource });
  return { ok: true, facts: { derived, textConfig: text, configDtype, modelType } };
}
