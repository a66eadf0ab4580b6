// Where the CLI keeps what it caches (analysis results and outlines).

import * as os from 'node:os';
import * as path from 'node:path';

/** `$XDG_CACHE_HOME/vllm-attention-docs`, else `~/.cache/vllm-attention-docs`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)
      ? env.XDG_CACHE_HOME
      : path.join(os.homedir(), '.cache');
  return path.join(base, 'vllm-attention-docs');
}
