// How deep a file may nest before the reference's ast.parse raises
// RecursionError ("maximum recursion depth exceeded during ast construction")
// depends on where the reference calls it: 3 nodes fewer per Python frame on
// its stack, and 3 fewer again for each of the process's first 7 calls (before
// CPython 3.11 specializes ast.parse's call of compile()). Each case puts
// `_d = ------...1` (n unary minuses) into one file the reference parses, at
// the last n that parses there and the first that does not. The thresholds
// were recorded by running the reference (CPython 3.11.7) on these trees: the
// document changes exactly between the two, and ours must be the same as for a
// shallow file at the first and as for an unparsable file at the second.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/analyze.js';
import { analyzeCached } from '../../src/cache/result-cache.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { addBackend, backendsDir, copyBaseTree, makeTempDir, registryFile, runInProcess } from './helpers.js';
import { VersionedTree } from '../unit/versioned-tree.js';

const RECURSION = 'maximum recursion depth exceeded during ast construction';

interface DepthCase {
  readonly name: string;
  /** The file the deep line goes into (after `setup`). */
  readonly file: string;
  /** The largest n the reference parses there; n + 1 fails. */
  readonly lastParsed: number;
  readonly setup?: (root: string) => void;
}

const CASES: readonly DepthCase[] = [
  // Call 1 of the process, 4 frames (<module>, main, generate_docs, parse_registry): cold.
  { name: 'registry.py (1st call: cold)', file: registryFile, lastParsed: 2979 },
  { name: 'cuda.py (2nd call: cold)', file: 'vllm/platforms/cuda.py', lastParsed: 2979 },
  { name: 'fa_utils.py (3rd call: cold)', file: `${backendsDir}/fa_utils.py`, lastParsed: 2979 },
  { name: 'flashinfer.py (4th call: cold)', file: 'vllm/utils/flashinfer.py', lastParsed: 2979 },
  {
    name: 'mla_attention.py (5th call: cold)',
    file: 'vllm/model_executor/layers/attention/mla_attention.py',
    lastParsed: 2979,
  },
  {
    // The last backend of the registry: well past the 7th call, 4 frames.
    name: 'a backend file (warm)',
    file: `${backendsDir}/deep.py`,
    lastParsed: 2982,
    setup: (root) =>
      addBackend(root, {
        name: 'DEEP',
        module: 'vllm.v1.attention.backends.deep',
        className: 'DeepBackend',
        contents: 'class DeepBackend:\n    pass\n',
      }),
  },
  {
    // _parse_fa4_supported_caps is one frame deeper, and call 4 (fa_utils has no FA4 capability).
    name: 'flash_attn_interface.py (5 frames, 4th call: cold)',
    file: 'vllm/vllm_flash_attn/flash_attn_interface.py',
    lastParsed: 2976,
    setup: (root) => {
      const faUtils = path.join(root, backendsDir, 'fa_utils.py');
      fs.writeFileSync(faUtils, fs.readFileSync(faUtils, 'utf8').replace('major >= 10', 'major >= x'));
      fs.mkdirSync(path.join(root, 'vllm/vllm_flash_attn'));
      fs.writeFileSync(
        path.join(root, 'vllm/vllm_flash_attn/flash_attn_interface.py'),
        'def _is_fa4_supported(cc):\n    return cc not in [9, 10, 11]\n',
      );
    },
  },
  ...[1, 2].map((call): DepthCase => ({
    // parse_impl_bool_attr's first frame is the 5th; each base followed adds one.
    name: `a base class's file, parsed in parse_impl_bool_attr's call ${call} (${4 + call} frames, warm)`,
    file: `${backendsDir}/base.py`,
    lastParsed: 2982 - 3 * call,
    setup: (root) => {
      const [mid, first] =
        call === 2 ? ['class MidImpl(BaseImpl):\n    pass\n', 'MidImpl'] : ['', 'BaseImpl'];
      addBackend(root, {
        name: 'CHILD',
        module: 'vllm.v1.attention.backends.child',
        className: 'ChildBackend',
        contents:
          `from vllm.v1.attention.backends.base import BaseImpl\n${mid}class ChildImpl(${first}):\n    pass\n` +
          'class ChildBackend:\n    @staticmethod\n    def get_impl_cls():\n        return ChildImpl\n',
      });
      fs.writeFileSync(
        path.join(root, backendsDir, 'base.py'),
        'class BaseImpl:\n    can_return_lse_for_decode = True\n',
      );
    },
  })),
];

/** The demo tree with the case's setup and `line` appended to its file; the CLI's result. */
function runWith(c: DepthCase, line: string): { code: number | null; stdout: string; stderr: string } {
  const root = copyBaseTree('depth');
  c.setup?.(root);
  fs.appendFileSync(path.join(root, c.file), line);
  const r = runInProcess(['--root', root, '-o', '-'], root);
  return { ...r, stderr: r.stderr.replaceAll(root, '<ROOT>') };
}

const deepLine = (n: number): string => `_d = ${'-'.repeat(n)}1\n`;

for (const c of CASES) {
  test(`${c.name}: parses at n = ${c.lastParsed}, RecursionError at n = ${c.lastParsed + 1}`, () => {
    const shallow = runWith(c, '_d = 1\n');
    const broken = runWith(c, '_d = (\n'); // unparsable: what the reference does with a file it cannot parse
    const parsed = runWith(c, deepLine(c.lastParsed));
    const failed = runWith(c, deepLine(c.lastParsed + 1));
    assert.deepEqual(parsed, shallow, 'deep but within the limit: as a shallow file');
    if (c.file === registryFile) {
      assert.equal(failed.code, 2);
      assert.equal(
        failed.stderr,
        `vllm-attention-docs: error: cannot parse <ROOT>/${registryFile}: ${RECURSION}\n`,
      );
      return;
    }
    assert.equal(failed.code, 0, failed.stderr);
    assert.equal(failed.stdout, broken.stdout, 'as an unparsable file');
    assert.notEqual(failed.stdout, shallow.stdout, 'the document changes at the limit');
    assert.equal(failed.stderr.split('\n').length, 2, failed.stderr);
    assert.ok(failed.stderr.includes(c.file) && failed.stderr.includes(`: ${RECURSION}`), failed.stderr);
  });
}

test('cached runs keep the limit where it is: a stage replayed after an earlier stage changed its call count', () => {
  // TRITON_ATTN's file is the 8th ast.parse call (warm: n = 2980 parses) with all five section
  // files present (registry, cuda, fa_utils, flashinfer, mla, FLASH_ATTN, FLASHINFER before it);
  // without cuda.py it is the 7th (cold: it fails). Removing cuda.py and putting it back, the
  // cached and fresh analyses must agree at every step.
  const demo = copyBaseTree('depth-cache');
  const files: Record<string, Uint8Array> = {};
  for (const entry of fs.readdirSync(demo, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(demo, full)] = fs.readFileSync(full);
  }
  const triton = `${backendsDir}/triton_attn.py`;
  files[triton] = Buffer.concat([files[triton], Buffer.from(deepLine(2980))]);
  const tree = new VersionedTree(files);
  const options = { cacheDir: makeTempDir('depth-cachedir'), toolVersion: 'test' };
  const cuda = 'vllm/platforms/cuda.py';
  const cudaBytes = files[cuda];
  const states: string[] = [];
  for (const step of ['all', 'no cuda.py', 'all again', 'no cuda.py again']) {
    if (step.startsWith('no')) tree.remove(cuda);
    else tree.write(cuda, cudaBytes);
    const fresh = renderMarkdown(analyze(tree));
    assert.equal(renderMarkdown(analyzeCached(tree, options)), fresh, step);
    states.push(fresh);
  }
  assert.notEqual(states[0], states[1], 'the call count decides whether TRITON_ATTN parses');
  assert.match(states[0], /TRITON_ATTN/);
});
