// reparseChanged (src/python/outline.ts): after an edit, only the top-level statements
// that changed are parsed, and the outline of the new text is put together from the old
// one. Whenever it answers, the full parse of the new text must accept it without
// warnings and give exactly that outline, and the statements it parsed must be the full
// parse's; where it cannot tell (null), the caller parses whole. Checked on files shaped
// like vLLM's backends that we write here, through thousands of random edits (including
// ones that break the syntax: brackets and strings left open, indentation, a backslash).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';
import { parseModule } from '../../src/python/parse.js';
import {
  parseModuleWithOutline,
  prepareOutlineSource,
  reparseChanged,
  type ModuleOutline,
} from '../../src/python/outline.js';
import { makeRandom } from '../../scripts/mutation-test.js';

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** A top-level statement as vLLM's backend files have them. */
const STATEMENTS: readonly ((random: Random, n: number) => string)[] = [
  () => 'import torch\n',
  (_, n) => `from vllm.v1.attention.backend import AttentionBackend${n}, AttentionImpl\n`,
  (_, n) => `logger = init_logger(__name__)  # module ${n}\n`,
  (_, n) => `_CONSTANT_${n} = (1 << ${n % 7}) + 0x${(n * 37).toString(16)}\n`,
  (_, n) =>
    `if TYPE_CHECKING:\n    from vllm.config import VllmConfig${n}\nelse:\n    VllmConfig${n} = None\n`,
  (_, n) => `try:\n    import flash_attn_${n}\nexcept ImportError:\n    flash_attn_${n} = None\n`,
  (random, n) =>
    `@dataclass\nclass Metadata${n}:\n    """Per-batch data."""\n\n    seq_lens: torch.Tensor\n` +
    `    max_len: int = ${Math.floor(random() * 100)}\n    causal: bool = True\n`,
  (random, n) =>
    `class Backend${n}(AttentionBackend):\n    accept_output_buffer: bool = True\n` +
    `    supported_dtypes: ClassVar[list[torch.dtype]] = [torch.float16, torch.bfloat16]\n\n` +
    `    @staticmethod\n    def get_name() -> str:\n        return "BACKEND_${n}"\n\n` +
    `    @classmethod\n    def get_supported_head_sizes(cls) -> list[int]:\n` +
    `        return [${[32, 64, 128].slice(0, 1 + Math.floor(random() * 3)).join(', ')}]\n\n` +
    `    @classmethod\n    def supports_compute_capability(cls, capability) -> bool:\n` +
    `        return capability >= DeviceCapability(8, 0)\n`,
  (_, n) =>
    `class Impl${n}(AttentionImpl):\n    can_return_lse_for_decode: bool = ${n % 2 ? 'True' : 'False'}\n\n` +
    `    def __init__(\n        self,\n        num_heads: int,\n        head_size: int,\n    ) -> None:\n` +
    `        self.num_heads = num_heads\n        self.scale = float(head_size) ** -0.5\n` +
    `        if self.num_heads % 2:\n            raise ValueError(\n                f"odd heads: {num_heads=}"\n            )\n\n` +
    `    def forward(self, q, k, v, out=None):\n        """Compute.\n\n        Args: q, k, v.\n        """\n` +
    `        with torch.no_grad():\n            for i in range(len(q)):\n                out[i] = q[i] @ k[i].T\n` +
    `        return out\n`,
  (_, n) =>
    `def helper_${n}(\n    x: int,\n    *args,\n    flag: bool = False,\n    **kwargs,\n) -> list[int]:\n` +
    `    values = [\n        x,\n        x + 1,  # next\n    ]\n    return [v for v in values if v or flag]\n`,
  (_, n) => `# section ${n}\n\n`,
  (_, n) => `MAPPING_${n} = {\n    "a": 1,\n    "b": (2,\n          3),\n}\n`,
  (_, n) => `text_${n} = """multi\nline ${n}\n"""\n`,
  (_, n) => `value_${n} = compute(1,\n                  2) \\\n    + 3\n`,
];

function makeFile(random: Random): string {
  const count = 3 + Math.floor(random() * 12);
  let text = '# SPDX-License-Identifier: Apache-2.0\n\n';
  for (let i = 0; i < count; i++) text += `${pick(random, STATEMENTS)(random, i)}\n`;
  return text;
}

/** Fragments an edit inserts: valid code, and pieces that break it in the usual ways. */
const FRAGMENTS = [
  '\n',
  '    ',
  '\t',
  '\f',
  '# comment\n',
  'x = 1\n',
  '    y = 2\n',
  'def added():\n    return 1\n',
  'class Added:\n    pass\n',
  '(',
  ')',
  '[',
  ']',
  '"""',
  "'",
  '\\\n',
  ':',
  'f"{x}"',
  '1if x else 2',
  'return',
  '@decorator\n',
  'pass\n',
  '\n\n\n',
  ', extra',
  'async ',
  '\u00e9t\u00e9 = 1\n',
];

function edit(text: string, random: Random): string {
  const at = Math.floor(random() * (text.length + 1));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  switch (Math.floor(random() * 6)) {
    case 0:
      return text.slice(0, at) + pick(random, FRAGMENTS) + text.slice(at);
    case 1: {
      // At a line start: where statements and blocks begin.
      return text.slice(0, lineStart) + pick(random, FRAGMENTS) + text.slice(lineStart);
    }
    case 2: {
      const end = Math.min(text.length, at + Math.floor(random() * 40));
      return text.slice(0, at) + text.slice(end);
    }
    case 3: {
      const lineEnd = text.indexOf('\n', at);
      const end = lineEnd < 0 ? text.length : lineEnd + 1;
      return text.slice(0, lineStart) + text.slice(end);
    }
    case 4:
      return `${text}${pick(random, FRAGMENTS)}`;
    default: {
      const digits = [...text.matchAll(/\d+/g)];
      if (digits.length === 0) return text;
      const m = pick(random, digits);
      return text.slice(0, m.index) + String(Number(m[0]) + 1) + text.slice(m.index + m[0].length);
    }
  }
}

interface Tally {
  partial: number;
  whole: number;
  rejected: number;
}

/** One edit of `before` (valid, outlined) into `after`: reparseChanged agrees with the full parse. */
function check(before: string, outline: ModuleOutline, after: string, tally: Tally, label: string): void {
  const changed = reparseChanged(outline, prepareOutlineSource(after), 0);
  const full = parseModuleWithOutline(after);
  if (!full.ok) tally.rejected++;
  if (changed === null) {
    tally.whole++;
    return;
  }
  tally.partial++;
  if (!full.ok)
    assert.fail(
      `${label}: taken as valid, but the full parse rejects it: ${JSON.stringify(full.error)}\n--- after\n${after}`,
    );
  assert.deepEqual(full.warnings, [], `${label}: the full parse warns`);
  assert.equal(full.astDepth, null, `${label}: deep`);
  const expected = full.outline;
  assert.deepEqual(
    changed.outline.groups,
    expected.groups,
    `${label}: outline groups differ\n--- before\n${before}\n--- after\n${after}`,
  );
  assert.equal(changed.outline.textLength, expected.textLength);
  // The depth terms only ever bound the full parse's from above.
  for (const term of ['lineTokens', 'blocks', 'elifs'] as const)
    assert.ok(changed.outline.depthTerms[term] >= expected.depthTerms[term], `${label}: ${term}`);
  // The statements parsed now are the full parse's, group for group.
  const body = full.module.body;
  for (const [index, statements] of changed.parsed) {
    const group = expected.groups[index];
    const first = body.findIndex((s) => s.lineno >= group.lineno);
    const slice = body.slice(first, first + statements.length);
    if (!isDeepStrictEqual(slice, statements))
      assert.deepStrictEqual(statements, slice, `${label}: statements of group ${index}`);
  }
}

test('random edits of backend-shaped files: the partial parse is the full parse, or it defers', () => {
  const tally: Tally = { partial: 0, whole: 0, rejected: 0 };
  for (let seed = 1; seed <= 120; seed++) {
    const random = makeRandom(seed);
    let text = makeFile(random);
    let parsed = parseModuleWithOutline(text);
    assert.ok(parsed.ok, `seed ${seed}: the generated file parses`);
    for (let step = 0; step < 25; step++) {
      const next = edit(text, random);
      check(text, parsed.outline, next, tally, `seed ${seed}, step ${step}`);
      // Go on from the edited text when it is valid (the cache keeps only valid outlines).
      const again = parseModuleWithOutline(next);
      if (again.ok && again.warnings.length === 0) {
        text = next;
        parsed = again;
      }
    }
  }
  // Not vacuous: most valid edits are handled in part, and broken ones reach the check.
  assert.ok(tally.partial > 1000, JSON.stringify(tally));
  assert.ok(tally.rejected > 300, JSON.stringify(tally));
});

test('edits that only a full parse can judge defer to it', () => {
  const base = 'import os\n\nclass A:\n    x = 1\n\ndef f():\n    return (1,\n            2)\n\ny = 3\n';
  const parsed = parseModuleWithOutline(base);
  assert.ok(parsed.ok);
  const outline = parsed.outline;
  const defers = (after: string): void =>
    assert.equal(reparseChanged(outline, prepareOutlineSource(after), 0), null, JSON.stringify(after));
  defers(base.replace('return (1,', 'return (1,,')); // a syntax error in the changed statement
  defers(base.replace('y = 3', '    y = 3')); // indented: continues f's block in a full parse, or not
  defers(base.replace('    x = 1\n', '    x = (1\n')); // a bracket left open swallows what follows
  defers(base.replace('y = 3', 'y = 1if x else 2')); // a SyntaxWarning: the full parse tells where
  defers(base.replace('import os', 'import os\0')); // a null byte fails the whole text
  assert.equal(reparseChanged(outline, prepareOutlineSource(base), 1), null, 'the earlier parse warned');
  // A backslash-continued last line read on into a comment line; without it, the end of input.
  const continued = 'import os\n\nx = 1 \\\n# c\n';
  const before = parseModuleWithOutline(continued);
  assert.ok(before.ok);
  assert.equal(parseModule('import os\n\nx = 1 \\\n').ok, false);
  assert.equal(reparseChanged(before.outline, prepareOutlineSource('import os\n\nx = 1 \\\n'), 0), null);
  // And those it handles: a changed number, comments added at the end or after a statement.
  for (const after of [
    base.replace('x = 1', 'x = 2'),
    `${base}# more\n`,
    base.replace('    x = 1\n', '    x = 1\n# a comment\n\n'),
  ]) {
    const changed = reparseChanged(outline, prepareOutlineSource(after), 0);
    assert.ok(changed !== null, after);
    const full = parseModuleWithOutline(after);
    assert.ok(full.ok);
    assert.deepEqual(changed.outline, { ...full.outline, depthTerms: changed.outline.depthTerms });
    assert.ok(isDeepStrictEqual(parseModule(after).ok, true));
  }
});
