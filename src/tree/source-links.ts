// Where the HTML page links a tree's files: to GitHub at the checked-out
// commit when the tree is a clean git checkout of a GitHub repository, else
// to the files themselves (file://). Asked of git, which must not fail the
// page: any trouble (no git, no repository, no GitHub remote) means no
// GitHub links.

import { pathToFileURL } from 'node:url';
import { gitEnvironment, runGit } from './git-command.js';
import { RevisionError } from './git-errors.js';

export interface TreeLinks {
  /** What a tree path is appended to. */
  readonly base: string;
  readonly lineAnchors: boolean;
  /** How the page names the tree: "owner/repo at 0123456789", or the folder. */
  readonly name: string;
}

/** `owner/repo` of a GitHub remote URL (https, ssh or scp-like), or null. */
export function gitHubRepository(url: string): string | null {
  const match =
    /^(?:https?:\/\/(?:[^@/]+@)?github\.com\/|ssh:\/\/git@github\.com(?::\d+)?\/|git@github\.com:)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
      url.trim(),
    );
  return match === null ? null : `${match[1]}/${match[2]}`;
}

function git(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): string | null {
  try {
    const run = runGit(args, { cwd, env: gitEnvironment(env) });
    return run.status === 0 ? run.stdout.toString('utf8') : null;
  } catch (error) {
    if (error instanceof RevisionError) return null;
    throw error;
  }
}

/** The GitHub repository among the remotes: origin's if it is one, else the first that is. */
function gitHubRemote(cwd: string, env: NodeJS.ProcessEnv): string | null {
  const config = git(['config', '--get-regexp', '^remote\\..*\\.url$'], cwd, env);
  if (config === null) return null;
  const remotes = config
    .split('\n')
    .map((line) => /^remote\.(.+)\.url (.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1], repository: gitHubRepository(m[2]) }))
    .filter((r) => r.repository !== null);
  return (remotes.find((r) => r.name === 'origin') ?? remotes[0])?.repository ?? null;
}

function gitHubBase(repository: string, commit: string, prefix: string): string {
  return `https://github.com/${repository}/blob/${commit}/${prefix
    .split('/')
    .filter(Boolean)
    .map(encodeURIComponent)
    .map((s) => `${s}/`)
    .join('')}`;
}

/** Links for a tree on disk at `root`. */
export function diskTreeLinks(root: string, env: NodeJS.ProcessEnv): TreeLinks {
  const local: TreeLinks = { base: `${pathToFileURL(root).href}/`, lineAnchors: false, name: root };
  const head = git(['rev-parse', '--show-prefix', 'HEAD'], root, env);
  if (head === null) return local;
  const [prefix, commit] = head.split('\n');
  if (!/^[0-9a-f]{40,64}$/.test(commit ?? '')) return local;
  // Lines on GitHub are the commit's: a file changed since would be linked to the wrong line.
  const changes = git(['status', '--porcelain', '--untracked-files=no', '--', '.'], root, env);
  if (changes === null || changes.trim() !== '') return local;
  const repository = gitHubRemote(root, env);
  if (repository === null) return local;
  return {
    base: gitHubBase(repository, commit, prefix),
    lineAnchors: true,
    name: `${repository} at ${commit.slice(0, 10)}`,
  };
}

/** Links for the tree of commit `commit` read from the repository at `root` (--rev): GitHub's, or none. */
export function revisionLinks(root: string, commit: string, env: NodeJS.ProcessEnv): TreeLinks | null {
  const repository = gitHubRemote(root, env);
  if (repository === null) return null;
  // --root inside a work tree analyses that folder of the commit.
  const prefix = git(['rev-parse', '--show-prefix'], root, env)?.split('\n')[0] ?? '';
  return {
    base: gitHubBase(repository, commit, prefix),
    lineAnchors: true,
    name: `${repository} at ${commit.slice(0, 10)}`,
  };
}
