// `--format html` on the command line: where the page goes, and where its
// links lead (GitHub at the commit for a clean checkout of a GitHub
// repository, the files themselves otherwise, GitHub at the revision for --rev).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../src/cli.js';
import { gitHubRepository } from '../../src/tree/source-links.js';
import { makeTempDir } from '../temp-dir.js';
import { buildEnv, git, initRepository } from '../git/repo-builder.js';
import { demoTree } from './paths.js';

function run(argv: string[], cwd: string): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCli(argv, {
    cwd,
    env: { ...buildEnv, VLLM_ATTENTION_DOCS_NO_CACHE: '1' },
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

/** The demo tree as a git repository with one commit; its folder and commit. */
function checkout(remote: string | null): { root: string; commit: string } {
  const root = initRepository(path.join(makeTempDir('html-repo'), 'vllm'));
  fs.cpSync(demoTree, root, { recursive: true });
  if (remote !== null) git(root, ['remote', 'add', 'origin', remote]);
  git(root, ['add', '-A']);
  git(root, ['commit', '-q', '-m', 'tree']);
  return { root, commit: git(root, ['rev-parse', 'HEAD']).trim() };
}

const tritonHref = (html: string): string | undefined =>
  /<th scope="row"><a href="([^"]*)"[^>]*><code>TRITON_ATTN<\/code>/.exec(html)?.[1];

test('-o writes the page; without -o it goes to stdout', () => {
  const out = path.join(makeTempDir('html'), 'page.html');
  const written = run(['--root', demoTree, '--format', 'html', '-o', out], demoTree);
  assert.equal(written.code, 0, written.err);
  assert.equal(written.out, `Generated: ${out}\n`);
  const html = fs.readFileSync(out, 'utf8');
  assert.match(html, /^<!doctype html>/);
  const printed = run(['--root', demoTree, '--format', 'html'], demoTree);
  assert.equal(printed.code, 0);
  assert.equal(printed.out, html);
});

test('a clean checkout of a GitHub repository links to GitHub at its commit, at the line', () => {
  const { root, commit } = checkout('git@github.com:example/vllm.git');
  const { out, code } = run(['--root', root, '--format', 'html'], root);
  assert.equal(code, 0);
  assert.equal(
    tritonHref(out),
    `https://github.com/example/vllm/blob/${commit}/vllm/v1/attention/backends/triton_attn.py#L8`,
  );
  assert.match(out, new RegExp(`from <strong>example/vllm at ${commit.slice(0, 10)}</strong>`));

  // An edit not committed: GitHub's lines may be other lines, so the files themselves.
  fs.appendFileSync(path.join(root, 'vllm/v1/attention/backends/triton_attn.py'), '\n# edited\n');
  const edited = run(['--root', root, '--format', 'html'], root);
  assert.equal(
    tritonHref(edited.out),
    `${pathToFileURL(root).href}/vllm/v1/attention/backends/triton_attn.py`,
  );

  // --rev: GitHub at that revision.
  const revision = run(['--root', root, '--rev', 'HEAD', '--format', 'html'], root);
  assert.equal(revision.code, 0, revision.err);
  assert.equal(
    tritonHref(revision.out),
    `https://github.com/example/vllm/blob/${commit}/vllm/v1/attention/backends/triton_attn.py#L8`,
  );
});

test('a checkout without a GitHub remote, or no checkout, links to the files', () => {
  const { root } = checkout('https://gitlab.com/example/vllm.git');
  assert.equal(
    tritonHref(run(['--root', root, '--format', 'html'], root).out),
    `${pathToFileURL(root).href}/vllm/v1/attention/backends/triton_attn.py`,
  );
  const plain = path.join(makeTempDir('html-plain'), 'vllm-tree');
  fs.cpSync(demoTree, plain, { recursive: true });
  assert.equal(
    tritonHref(run(['--root', plain, '--format', 'html'], plain).out),
    `${pathToFileURL(plain).href}/vllm/v1/attention/backends/triton_attn.py`,
  );
});

test('GitHub remotes in their usual spellings', () => {
  assert.equal(gitHubRepository('https://github.com/vllm-project/vllm.git'), 'vllm-project/vllm');
  assert.equal(gitHubRepository('https://github.com/vllm-project/vllm'), 'vllm-project/vllm');
  assert.equal(gitHubRepository('https://user@github.com/a/b/'), 'a/b');
  assert.equal(gitHubRepository('git@github.com:a/b.c.git'), 'a/b.c');
  assert.equal(gitHubRepository('ssh://git@github.com/a/b.git'), 'a/b');
  assert.equal(gitHubRepository('https://gitlab.com/a/b.git'), null);
  assert.equal(gitHubRepository('https://github.com.evil.example/a/b'), null);
});
