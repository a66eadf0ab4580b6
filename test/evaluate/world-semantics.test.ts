// The evaluator's own rules, beyond CPython's: unknowns (where it stops, and
// where it says so), poisoned names, lazy imports, and what it asks its host.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Interpreter } from '../../src/evaluate/interpreter.js';
import { args, Runtime } from '../../src/evaluate/runtime.js';
import { UnknownSignal } from '../../src/evaluate/unknown.js';
import { SourceCache } from '../../src/evaluate/sources.js';
import { MemoryTree } from '../../src/tree/memory-tree.js';
import type { EntryKind, TreePath } from '../../src/tree/tree.js';
import { makeInterpreter, runModule } from './helpers.js';

test('using an opaque value is unknown, with the file and line of the use', () => {
  const result = runModule(
    { 'm.py': 'import numpy as np\n\ndef run():\n    x = np.float32\n    return x(1)\n' },
    { fallback: 'opaque' },
  );
  assert.deepEqual(result, {
    unknown: { code: 'opaque-value', file: 'm.py', line: 5, what: 'numpy.float32()' },
  });
});

test('a module-level statement that meets an unknown poisons the names it binds, and only those', () => {
  const files = {
    'm.py': [
      'import numpy as np',
      'SCALE = np.finfo(1).max',
      'LIMIT = 4',
      'def run():',
      '    return LIMIT',
      'def uses_scale():',
      '    return SCALE',
      '',
    ].join('\n'),
  };
  assert.deepEqual(runModule(files, { fallback: 'opaque' }), { repr: '4' });
  const poisoned = runModule(files, { fallback: 'opaque' }, 'm', 'uses_scale');
  assert.ok('unknown' in poisoned);
  assert.equal(poisoned.unknown.code, 'not-evaluated');
  assert.equal(poisoned.unknown.what, 'SCALE');
  assert.deepEqual(poisoned.unknown.cause, {
    code: 'opaque-value',
    file: 'm.py',
    line: 2,
    what: 'numpy.finfo()',
  });
});

test('a class attribute that meets an unknown is poisoned without losing the class', () => {
  const files = {
    'm.py':
      'import torch\nclass B:\n    dtype = torch.float8()\n    sizes = [16]\ndef run():\n    return B.sizes\ndef dtype():\n    return B.dtype\n',
  };
  assert.deepEqual(runModule(files, { fallback: 'opaque' }), { repr: '[16]' });
  const r = runModule(files, { fallback: 'opaque' }, 'm', 'dtype');
  assert.ok('unknown' in r && r.unknown.code === 'not-evaluated' && r.unknown.what === 'dtype');
});

test('a module-level import of a tree module runs it only when a name from it is used', () => {
  const files = {
    'heavy.py': 'import numpy\nLOADED = numpy.zeros(3)\ndef light():\n    return 1\n',
    'm.py': 'from heavy import light, LOADED\n\ndef run():\n    return 0\n\ndef use():\n    return light()\n',
  };
  const interp = makeInterpreter(files, { fallback: 'opaque' });
  const m = interp.importModule('m');
  assert.equal(interp.modules.has('heavy'), false, 'heavy is not run by importing m');
  assert.equal(interp.call(interp.getAttr(m, 'use'), args()), 1n);
  assert.equal(interp.modules.has('heavy'), true);
});

test('an import inside try runs at once, so except ImportError sees a missing module', () => {
  const files = {
    'kernels.py': 'from compiled_ext import fast\n',
    'm.py': [
      'try:',
      '    from kernels import fast',
      '    HAVE = True',
      'except ImportError as e:',
      '    HAVE = False',
      '    WHY = str(e)',
      'def run():',
      '    return (HAVE, WHY)',
      '',
    ].join('\n'),
  };
  assert.deepEqual(runModule(files, { modules: { compiled_ext: { kind: 'missing' } } }), {
    repr: '(False, "No module named \'compiled_ext\'")',
  });
  assert.deepEqual(runModule(files, { modules: { compiled_ext: { kind: 'opaque' } } }, 'm', 'run'), {
    raised: "NameError: name 'WHY' is not defined",
  });
});

test("ImportError for a name a module does not define, with CPython's message", () => {
  const files = { 'a.py': 'X = 1\n', 'm.py': 'def run():\n    from a import Y\n    return Y\n' };
  assert.deepEqual(runModule(files), { raised: "ImportError: cannot import name 'Y' from 'a' (/t/a.py)" });
});

test('the host supplies modules as source, and the environment', () => {
  const result = runModule(
    {
      'm.py':
        'import os\nimport fake_torch\n\ndef run():\n    return [fake_torch.cap(), os.getenv("VLLM_X", "0"), os.environ.get("HOME"), "VLLM_X" in os.environ]\n',
    },
    {
      modules: {
        fake_torch: {
          kind: 'source',
          path: '<world>/fake_torch.py',
          source: 'def cap():\n    return (9, 0)\n',
          isPackage: false,
        },
      },
      env: { VLLM_X: '1' },
    },
  );
  assert.deepEqual(result, { repr: "[(9, 0), '1', None, True]" });
});

test('importlib.util.find_spec and os.path.exists answer from the host and the tree', () => {
  const result = runModule(
    {
      'pkg/__init__.py': '',
      'pkg/data.txt': 'x',
      'm.py': [
        'import importlib.util, os',
        'import pkg',
        'def run():',
        '    here = os.path.dirname(pkg.__file__)',
        '    return [importlib.util.find_spec("absent") is None, importlib.util.find_spec("pkg") is not None,',
        '            os.path.exists(os.path.join(here, "data.txt")), os.path.exists(os.path.join(here, "nope.txt"))]',
        '',
      ].join('\n'),
    },
    { modules: { absent: { kind: 'missing' } } },
  );
  assert.deepEqual(result, { repr: '[True, True, True, False]' });
});

test('constructs the evaluator does not implement are unknown, never guessed', () => {
  const cases: [string, string][] = [
    ['def run():\n    match 1:\n        case 1:\n            return 1\n', 'Match'],
    ['def gen():\n    yield 1\ndef run():\n    return list(gen())\n', 'generator function gen'],
    ['def run():\n    return id(1)\n', 'id()'],
  ];
  for (const [source, what] of cases) {
    const result = runModule({ 'm.py': source });
    assert.ok('unknown' in result, source);
    assert.equal(result.unknown.what, what);
  }
});

test('runaway recursion stops as an unknown', () => {
  const result = runModule({ 'm.py': 'def f(n):\n    return f(n + 1)\ndef run():\n    return f(0)\n' });
  assert.ok('unknown' in result && result.unknown.code === 'recursion-limit');
});

test('a loop that does not end, or not soon, stops as an unknown at its line', () => {
  const loops = [
    'def run():\n    while True:\n        pass\n',
    'def run():\n    total = 0\n    for i in range(10 ** 12):\n        total += i\n    return total\n',
    'def run():\n    return sum(range(10 ** 12))\n',
    'def run():\n    return [i for i in range(10 ** 12)]\n',
  ];
  for (const source of loops) {
    const result = runModule({ 'm.py': source });
    assert.ok('unknown' in result && result.unknown.code === 'step-limit', source);
    assert.equal(result.unknown.file, 'm.py');
  }
  // A long loop under the budget still runs to its answer.
  assert.deepEqual(runModule({ 'm.py': 'def run():\n    return sum(range(100000))\n' }), {
    repr: '4999950000',
  });
});

test('an operator whose result would be too large to build stops as an unknown', () => {
  const cases: [string, string][] = [
    ['7 ** 10 ** 9', 'int ** int'],
    ['1 << 10 ** 9', 'int << int'],
    ['(1 << 10 ** 7) * (1 << 10 ** 7)', 'int * int'],
    ['"ab" * 10 ** 12', 'str * int'],
    ['[0] * 10 ** 12', 'sequence * int'],
    ['(1, 2) * 10 ** 12', 'sequence * int'],
  ];
  for (const [expression, what] of cases) {
    const result = runModule({ 'm.py': `def run():\n    return ${expression}\n` });
    assert.ok('unknown' in result && result.unknown.code === 'too-large', expression);
    assert.equal(result.unknown.what, what);
    assert.equal(result.unknown.line, 2);
  }
  // Large but buildable values, and the sizes that are no work at all, are computed as Python does.
  const fine: [string, string][] = [
    ['2 ** 100000 > 2 ** 99999', 'True'],
    ['1 ** 10 ** 12', '1'],
    ['(-1) ** (10 ** 12 + 1)', '-1'],
    ['0 << 10 ** 12', '0'],
    ['"" * 10 ** 12', "''"],
    ['"ab" * -5', "''"],
    ['len("ab" * 1000)', '2000'],
  ];
  for (const [expression, repr] of fine)
    assert.deepEqual(runModule({ 'm.py': `def run():\n    return ${expression}\n` }), { repr }, expression);
});

test('each run has its own budget of steps', () => {
  const interp = makeInterpreter({
    'm.py': 'def run(n):\n    for i in range(n):\n        pass\n    return n\n',
  });
  const run = interp.getAttr(interp.importModule('m'), 'run');
  // Each iteration is two steps (the range item, the `pass`): a third of the budget's iterations
  // take two thirds of it, so a second such call in the same run goes past it.
  const third = BigInt(Math.floor(Runtime.MAX_STEPS / 3));
  interp.resetSteps();
  assert.equal(interp.call(run, args(third)), third);
  assert.throws(() => interp.call(run, args(third)), UnknownSignal);
  interp.resetSteps();
  assert.equal(interp.call(run, args(third)), third);
});

test('an observer sees each Python call with its bound arguments and result', () => {
  const interp = makeInterpreter({
    'm.py': 'def inner(a, b=2):\n    return a + b\ndef run():\n    return inner(1)\n',
  });
  const seen: string[] = [];
  interp.observer = {
    onCall: (fn, frame) =>
      seen.push(`call ${fn.name} ${[...frame.locals].map(([k, v]) => `${k}=${interp.repr(v)}`).join(',')}`),
    onReturn: (fn, _frame, result) => seen.push(`return ${fn.name} ${interp.repr(result)}`),
  };
  interp.call(interp.getAttr(interp.importModule('m'), 'run'), args());
  assert.deepEqual(seen, ['call run ', 'call inner a=1,b=2', 'return inner 3', 'return run 3']);
});

test('an import that might fail in the world runs at once, so its ImportError reaches the importer', () => {
  const files = {
    'kern.py': 'import os\nif os.getenv("X") is None:\n    import missing_ext\nVALUE = 1\n',
    'uses_kern.py': 'from kern import VALUE\n\ndef f():\n    return 1\n',
    'm.py':
      'try:\n    import uses_kern\n    OK = True\nexcept ImportError as e:\n    OK = str(e)\n\ndef run():\n    return OK\n',
  };
  assert.deepEqual(runModule(files, { modules: { missing_ext: { kind: 'missing' } } }), {
    repr: '"No module named \'missing_ext\'"',
  });
  assert.deepEqual(runModule(files, { modules: { missing_ext: { kind: 'opaque' } } }), { repr: 'True' });
});

test('imports in function bodies, TYPE_CHECKING blocks and guarded try blocks do not make a module at risk', () => {
  const files = {
    'safe.py': [
      'from typing import TYPE_CHECKING',
      'if TYPE_CHECKING:',
      '    import missing_ext',
      'try:',
      '    import missing_ext',
      'except ImportError:',
      '    pass',
      'def f(',
      '    x,',
      '):',
      '    import missing_ext',
      'def g():',
      '    return 2',
      '',
    ].join('\n'),
    'm.py': 'from safe import g\n\ndef run():\n    return 0\n',
  };
  const interp = makeInterpreter(files, { modules: { missing_ext: { kind: 'missing' } } });
  interp.importModule('m');
  assert.equal(interp.modules.has('safe'), false, 'safe stays lazily imported');
});

test('`from m import x` of a module file m.py is no submodule import: the tree is not asked for m/x.py', () => {
  const files = {
    'pkg/__init__.py': '',
    'pkg/plain.py': 'Name = 1\n',
    // Beside plain.py, never imported by `from pkg.plain import Name` (CPython finds plain.py).
    'pkg/plain/Name.py': 'import missing_ext\n',
    'user.py': 'from pkg.plain import Name\n',
    'm.py': 'from user import Name\n\ndef run():\n    return Name\n',
  };
  const asked: string[] = [];
  class AskedTree extends MemoryTree {
    override stat(treePath: TreePath): EntryKind {
      asked.push(treePath);
      return super.stat(treePath);
    }
  }
  const interp = new Interpreter(new SourceCache(new AskedTree(files, '/t')), {
    module: (name) => (name === 'missing_ext' ? { kind: 'missing' } : undefined),
    fallback: () => 'missing',
    environ: new Map(),
    which: () => null,
  });
  interp.importModule('m');
  // user.py cannot fail to import: it stays lazily imported, as any module not at risk.
  assert.equal(interp.modules.has('user'), false);
  assert.ok(asked.includes('pkg/plain.py'));
  assert.ok(!asked.some((p) => p.startsWith('pkg/plain/')), asked.join(' '));
  assert.equal(interp.call(interp.getAttr(interp.importModule('m'), 'run'), args()), 1n);
});
