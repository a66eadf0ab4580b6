// Running git synchronously, in an environment that reads only the repository
// it is pointed at and never reaches the network.

import { childProcessModule } from '../node-builtins.js';
import { revisionFail } from './git-errors.js';

/**
 * The caller's environment for git, minus what would point it at another
 * repository (a hook's GIT_DIR, GIT_WORK_TREE, ...), plus: no prompts, no
 * lazy fetching of a partial clone's missing objects (GIT_NO_LAZY_FETCH; an
 * unknown transport name stops older gits from fetching too), messages in
 * English (errors are classified by their text), pathspecs taken literally.
 */
export function gitEnvironment(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (!REPOSITORY_SELECTING.has(name) && !name.startsWith('LC_')) env[name] = value;
  }
  return {
    ...env,
    LC_ALL: 'C',
    LANGUAGE: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_LAZY_FETCH: '1',
    GIT_ALLOW_PROTOCOL: 'none-vllm-attention-docs-never-fetches',
    GIT_LITERAL_PATHSPECS: '1',
    GIT_OPTIONAL_LOCKS: '0',
  };
}

const REPOSITORY_SELECTING = new Set([
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_INDEX_FILE',
  'GIT_PREFIX',
  'GIT_NAMESPACE',
]);

export interface GitRun {
  readonly status: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** `git ARGS`; git missing from PATH is a RevisionError, any exit status is returned. */
export function runGit(
  args: readonly string[],
  options: { readonly env: NodeJS.ProcessEnv; readonly cwd?: string },
): GitRun {
  const result = childProcessModule().spawnSync('git', args, {
    env: options.env,
    cwd: options.cwd,
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error !== undefined) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') revisionFail('git-not-found', {});
    revisionFail('git-failed', { command: args[0] ?? '', message: result.error.message });
  }
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr.toString('utf8') };
}

/** The line of git's stderr that says what went wrong (its first `fatal:` or `error:` line). */
export function gitErrorLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  const fatal = lines.find((line) => /^(fatal|error):/.test(line)) ?? lines[0] ?? 'no message';
  return fatal.replace(/^(fatal|error): /, '');
}
