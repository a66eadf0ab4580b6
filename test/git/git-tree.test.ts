// GitTree must give exactly what a checkout of the commit gives: the same
// analysis (matrix, warnings and their texts, or the same error) on every
// fixture tree committed to a repository, through a work tree, a folder
// inside one and a bare clone; and the same answer to every stat and read on
// a tree of symbolic links, submodules and files used as folders.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/analyze.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { DiskTree } from '../../src/tree/disk-tree.js';
import { GitRepository, openRevisionTree } from '../../src/tree/git-repository.js';
import {
  commitAll,
  demoTree,
  fixtureTrees,
  git,
  initRepository,
  outcomeOf,
  replaceWorkTree,
  scratchDir,
  writeFiles,
} from './repo-builder.js';

const scratch = scratchDir('tree');
const fixtureNames = fs.readdirSync(fixtureTrees).sort();

// One repository, one commit per fixture tree (each replacing the whole tree), then a
// commit of the demo tree with links, a submodule and a file used as a folder.
const repo = initRepository(path.join(scratch, 'repo'));
const fixtureCommits = fixtureNames.map((name, i) => {
  replaceWorkTree(repo, path.join(fixtureTrees, name));
  return {
    name,
    commit: commitAll(repo, `fixture ${name}`, `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`),
  };
});

const backends = 'vllm/v1/attention/backends';
replaceWorkTree(repo, demoTree);
writeFiles(repo, { [`${backends}/moved/triton_impl.py`]: 'class X:\n    pass\n', 'plain.txt': 'text\n' });
const links: Record<string, string> = {
  // Followed inside the tree: a backend file, a folder, a chain, a climb that comes back in.
  [`${backends}/triton_link.py`]: 'moved/triton_impl.py',
  [`${backends}/moved_dir`]: 'moved',
  [`${backends}/chain.py`]: 'triton_link.py',
  [`${backends}/back_in.py`]: '../backends/moved/triton_impl.py',
  'vllm/v1/via_dir_link.py': 'attention/backends/moved_dir/triton_impl.py',
  // Missing: dangling, looping, self-looping, empty-segment rules.
  [`${backends}/dangling.py`]: 'no_such_file.py',
  [`${backends}/loop_a.py`]: 'loop_b.py',
  [`${backends}/loop_b.py`]: 'loop_a.py',
  [`${backends}/self.py`]: 'self.py',
  [`${backends}/file_as_dir.py`]: 'moved/triton_impl.py/',
  [`${backends}/double_slash.py`]: 'moved//triton_impl.py',
  // Leading out: climbing above the repository (to a file that exists beside the checkout).
  'up.py': '../outside.py',
  'absolute.py': path.join(scratch, 'sandbox', 'outside.py'),
  [`${backends}/up_far.py`]: '../../../../../outside.py',
};
for (const [name, target] of Object.entries(links)) fs.symlinkSync(target, path.join(repo, name));
// A submodule: a checkout shows an empty folder. (Staged after `add -A`, which would drop it.)
const someCommit = fixtureCommits[0].commit;
git(repo, ['add', '-A']);
git(repo, ['update-index', '--add', '--cacheinfo', `160000,${someCommit},vllm/submodule`]);
const linksCommit = commitAll(repo, 'links', '2026-01-02T00:00:00Z', { stage: false });

// Beside the checkout: what a link leading out would reach.
const checkout = path.join(scratch, 'sandbox', 'checkout');
fs.mkdirSync(path.dirname(checkout), { recursive: true });
fs.writeFileSync(path.join(scratch, 'sandbox', 'outside.py'), 'class Outside:\n    pass\n');
git(repo, ['worktree', 'add', '-q', '--detach', checkout, someCommit]);

const repository = GitRepository.open(repo);
test.after(() => repository.close());

function checkOut(commit: string): void {
  git(checkout, ['checkout', '-q', '--detach', '-f', commit]);
  git(checkout, ['clean', '-q', '-f', '-d', '-x']);
}

test('every fixture tree: the analysis through git equals the analysis of a checkout', () => {
  assert.ok(fixtureCommits.length >= 60, 'the fixtures are there');
  for (const { name, commit } of fixtureCommits) {
    checkOut(commit);
    const onDisk = outcomeOf(checkout);
    const throughGit = outcomeOf(repository.tree(commit, { label: checkout }));
    assert.deepEqual(throughGit, onDisk, `fixture ${name}`);
  }
});

test('every fixture tree through a bare clone: the same analysis as through the work tree', () => {
  const bare = path.join(scratch, 'bare.git');
  git(scratch, ['clone', '-q', '--bare', repo, bare]);
  const bareRepository = GitRepository.open(bare);
  try {
    assert.equal(bareRepository.prefix, '');
    for (const { name, commit } of fixtureCommits) {
      const viaBare = outcomeOf(bareRepository.tree(commit, { label: checkout }));
      const viaWorkTree = outcomeOf(repository.tree(commit, { label: checkout }));
      assert.deepEqual(viaBare, viaWorkTree, `fixture ${name}`);
    }
  } finally {
    bareRepository.close();
  }
});

const PROBES = [
  '',
  'vllm',
  'plain.txt',
  'plain.txt/x.py',
  'nothing_here.py',
  'nothing/here.py',
  ...Object.keys(links),
  `${backends}/moved_dir/triton_impl.py`,
  `${backends}/moved_dir/nothing.py`,
  `${backends}/loop_a.py/x.py`,
  'vllm/submodule',
  'vllm/submodule/x.py',
  `${backends}/registry.py`,
];

test('symbolic links, a submodule, files used as folders: every stat and read as on a checkout', () => {
  checkOut(linksCommit);
  const disk = new DiskTree(checkout);
  const viaGit = repository.tree(linksCommit, { label: checkout });
  for (const probe of PROBES) {
    assert.equal(viaGit.stat(probe), disk.stat(probe), `stat ${probe}`);
    const fromGit = viaGit.readFile(probe);
    const fromDisk = disk.readFile(probe);
    assert.deepEqual(
      fromGit.ok ? { ok: true, text: Buffer.from(fromGit.bytes).toString('latin1') } : fromGit,
      fromDisk.ok ? { ok: true, text: Buffer.from(fromDisk.bytes).toString('latin1') } : fromDisk,
      `read ${probe}`,
    );
  }
  // The probes do reach every kind of answer.
  const kinds = new Set(PROBES.map((p) => viaGit.stat(p)));
  assert.deepEqual([...kinds].sort(), ['directory', 'file', 'missing', 'outside']);
  const reasons = new Set(PROBES.map((p) => viaGit.readFile(p)).map((r) => (r.ok ? 'ok' : r.reason)));
  assert.deepEqual([...reasons].sort(), ['directory', 'io', 'missing', 'ok', 'outside']);
  assert.deepEqual(outcomeOf(viaGit), outcomeOf(checkout));
});

test('a folder inside a work tree as the root: the tree starts there, as a checkout would', () => {
  const nested = initRepository(path.join(scratch, 'nested'));
  fs.cpSync(demoTree, path.join(nested, 'sub/tree'), { recursive: true });
  // A link in the subfolder that climbs out of it (but stays in the repository) leads outside.
  fs.symlinkSync('../../../../../../outer.py', path.join(nested, `sub/tree/${backends}/outer_link.py`));
  fs.writeFileSync(path.join(nested, 'outer.py'), 'class Outer:\n    pass\n');
  const commit = commitAll(nested, 'nested', '2026-01-03T00:00:00Z');
  const root = path.join(nested, 'sub/tree');
  const tree = openRevisionTree(root, 'HEAD', { label: root });
  try {
    assert.equal(tree.commit, commit);
    assert.equal(tree.stat(`${backends}/outer_link.py`), 'outside');
    assert.equal(
      tree.stat(`${backends}/outer_link.py`),
      new DiskTree(root).stat(`${backends}/outer_link.py`),
    );
    assert.deepEqual(outcomeOf(tree), outcomeOf(root));
    assert.equal(
      renderMarkdown(analyze(tree)),
      fs.readFileSync(path.join(demoTree, 'docs/design/attention_backends.md'), 'utf8'),
    );
    const named = openRevisionTree(root, 'HEAD');
    assert.equal(named.displayPath('vllm/x.py'), 'HEAD:sub/tree/vllm/x.py', 'as git show takes it');
    named.close();
  } finally {
    tree.close();
  }
});

test('each object is read from git once: a second tree of the same commit reads nothing new', () => {
  const store = repository.objects();
  analyze(repository.tree(fixtureCommits[1].commit, { label: 'x' }));
  const afterFirst = store.objectsRead;
  analyze(repository.tree(fixtureCommits[1].commit, { label: 'x' }));
  assert.equal(store.objectsRead, afterFirst);
});

test('messages name files REV:path unless told otherwise', () => {
  const tree = openRevisionTree(repo, 'HEAD~1');
  try {
    assert.equal(tree.displayPath('vllm/x.py'), 'HEAD~1:vllm/x.py');
    assert.equal(tree.displayPath(''), 'HEAD~1');
  } finally {
    tree.close();
  }
});
