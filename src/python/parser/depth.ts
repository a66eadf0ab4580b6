// CPython converts the C AST to Python objects recursively with a depth limit
// that depends on how deep in the Python stack ast.parse was called: a Module
// nested deeper is a RecursionError "maximum recursion depth exceeded during
// ast construction". CPython 3.11 allows 3 * the recursion limit (1000) of
// conversion depth, less 3 for each Python frame already on the stack.

/**
 * Deepest node nesting (Module = 1) that ast.parse accepts when called from a
 * function called at module level (measured on CPython 3.11.7: `'-'*2988+'1'`
 * passes, 2989 fails; `python3 -c` and the parse tests call it so).
 */
export const MAX_AST_DEPTH = 2991;

/**
 * ast.parse calls a process makes before the `compile()` call inside ast.parse
 * runs specialized: CPython 3.11 quickens a function at its 8th call, and until
 * then the generic call of the builtin costs one more level of recursion.
 */
export const COLD_AST_PARSE_CALLS = 7;

/**
 * The deepest nesting the `callIndex`-th ast.parse call of a process accepts
 * with `pythonFrames` frames on the stack, the caller's own included (1: a
 * call at module level). Measured on CPython 3.11.7 with `'-'*n+'1'` (Module,
 * Expr, n UnaryOps, a Constant) from the 8th call on: n = 2989 at module level,
 * then 2988, 2985, 2982, ... (3 fewer per frame); each of the first 7 calls
 * allows 3 fewer (the reference's registry, its first call with 4 frames,
 * fails from n = 2980; its later backend files from n = 2983).
 */
export function astDepthLimit(pythonFrames: number, callIndex: number = Infinity): number {
  const warm = pythonFrames <= 1 ? MAX_AST_DEPTH + 1 : MAX_AST_DEPTH - 3 * (pythonFrames - 2);
  return callIndex > COLD_AST_PARSE_CALLS ? warm : warm - 3;
}

/**
 * Below this bound a module is shallower than every limit modelled (a call 330
 * frames deep); above it, parses measure the exact depth.
 */
export const DEPTH_MEASURED_FROM = 2000;

/** The deepest limit there is (module level): depths past it are all "too deep". */
const DEPTH_CAP = MAX_AST_DEPTH + 2;

/**
 * The nesting depth of a parsed module when its upper `bound` is past
 * DEPTH_MEASURED_FROM (exact up to DEPTH_CAP, which stands for anything
 * deeper), else null: shallow enough for any ast.parse call of the reference.
 */
export function measuredAstDepth(root: object, bound: number): number | null {
  if (bound <= DEPTH_MEASURED_FROM) return null;
  return deepest(root, 1);
}

function deepest(node: object, depth: number): number {
  if (depth >= DEPTH_CAP) return DEPTH_CAP;
  let max = depth;
  for (const key in node) {
    const v = (node as Record<string, unknown>)[key];
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item = v[i];
        if (typeof item === 'object' && item !== null && '_type' in item) {
          max = Math.max(max, deepest(item, depth + 1));
          if (max >= DEPTH_CAP) return DEPTH_CAP;
        }
      }
    } else if ('_type' in v && !Object.isFrozen(v)) {
      max = Math.max(max, deepest(v, depth + 1));
      if (max >= DEPTH_CAP) return DEPTH_CAP;
    }
  }
  return max;
}
