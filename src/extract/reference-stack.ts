// How deep in the reference's Python stack each of its ast.parse calls runs.
// CPython's limit on a module's nesting shrinks with every frame on the stack
// (src/python/parser/depth.ts), so a file nested near the limit parses in one
// place of the reference and not in another; each load says where it stands.

/**
 * `<module>`, `main()`, `generate_docs()` and the function that calls
 * ast.parse: parse_registry, analyze_backend, parse_cuda_priority_lists,
 * parse_flash_attn_features, parse_flashinfer_trtllm_features,
 * parse_mla_prefill_backends.
 */
export const SECTION_FRAMES = 4;

/**
 * From version 12: parse_mla_prefill_registry, parse_mla_prefill_priorities
 * and parse_mla_prefill_backend_file, each called by parse_mla_prefill_backends.
 */
export const PREFILL_FILE_FRAMES = SECTION_FRAMES + 1;

/** _parse_fa4_supported_caps, called by parse_flash_attn_features. */
export const FA_INTERFACE_FRAMES = SECTION_FRAMES + 1;

/**
 * parse_impl_bool_attr, called by analyze_backend, calls itself once per base
 * class it follows: its `call`-th frame (1-based) parses a base's file.
 */
export function inheritanceFrames(call: number): number {
  return SECTION_FRAMES + call;
}
