// CPython converts the C AST to Python objects recursively with a depth limit
// (3000 minus the caller's frames): a Module nested deeper than this is a
// RecursionError "maximum recursion depth exceeded during ast construction".

/**
 * Deepest node nesting (Module = 1) that ast.parse accepts when called from module level
 * (measured on CPython 3.11.7: `'-'*2988+'1'` passes, 2989 fails); each Python frame the
 * caller adds lowers CPython's limit by 3.
 */
export const MAX_AST_DEPTH = 2991;

/** Whether the tree nests node objects (not ctx/operator singletons) deeper than MAX_AST_DEPTH. */
export function exceedsAstDepth(root: object): boolean {
  return deeper(root, 1);
}

function deeper(node: object, depth: number): boolean {
  if (depth > MAX_AST_DEPTH) return true;
  for (const key in node) {
    const v = (node as Record<string, unknown>)[key];
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item = v[i];
        if (typeof item === 'object' && item !== null && '_type' in item && deeper(item, depth + 1))
          return true;
      }
    } else if ('_type' in v && !Object.isFrozen(v)) {
      if (deeper(v, depth + 1)) return true;
    }
  }
  return false;
}
