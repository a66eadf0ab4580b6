import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import type { BinOp, Constant, Expr, ExprNode, Module, Name, Node } from '../../src/python/ast.js';
import { dump } from '../../src/python/dump.js';
import { ELLIPSIS, type PyConstant } from '../../src/python/values.js';
import { findFirst, iterChildNodes, walk } from '../../src/python/walk.js';
import { pythonTrees } from './py-tree.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/constructs/', import.meta.url));

const loc = { lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 1 };
const load = { _type: 'Load' } as const;
const name = (id: string): Name => ({ _type: 'Name', id, ctx: load, ...loc });
const constant = (value: PyConstant, kind: string | null = null): Constant => ({
  _type: 'Constant',
  value,
  kind,
  ...loc,
});
const expr = (value: ExprNode): Expr => ({ _type: 'Expr', value, ...loc });
const moduleOf = (...body: Module['body']): Module => ({ _type: 'Module', body, type_ignores: [] });

describe('dump on hand-built nodes', () => {
  it('prints fields in order, omits None only for optional fields, and reprs values', () => {
    const tree = moduleOf(
      expr(constant("it's", 'u')),
      expr(constant(1.0)),
      expr(constant(10n ** 30n)),
      expr(constant(ELLIPSIS)),
      expr(constant({ pyType: 'complex', real: 0, imag: 2 })),
      expr(constant({ pyType: 'bytes', bytes: Uint8Array.from([0, 0x27]) })),
      expr(constant(null)),
      expr(constant(true)),
      {
        _type: 'ImportFrom',
        module: null,
        names: [{ _type: 'alias', name: 'x', asname: null, ...loc }],
        level: 2,
        ...loc,
      },
      { _type: 'Return', value: null, ...loc },
      expr({
        _type: 'Dict',
        keys: [null as unknown as ExprNode, name('k')],
        values: [name('a'), name('b')],
        ...loc,
      }),
      {
        _type: 'Match',
        subject: name('s'),
        cases: [
          {
            _type: 'match_case',
            pattern: { _type: 'MatchSingleton', value: null, ...loc },
            guard: null,
            body: [],
          },
        ],
        ...loc,
      },
    );
    assert.equal(
      dump(tree),
      'Module(body=[' +
        "Expr(value=Constant(value=\"it's\", kind='u')), " +
        'Expr(value=Constant(value=1.0)), ' +
        'Expr(value=Constant(value=1000000000000000000000000000000)), ' +
        'Expr(value=Constant(value=Ellipsis)), ' +
        'Expr(value=Constant(value=2j)), ' +
        'Expr(value=Constant(value=b"\\x00\'")), ' +
        'Expr(value=Constant(value=None)), ' +
        'Expr(value=Constant(value=True)), ' +
        "ImportFrom(names=[alias(name='x')], level=2), " +
        'Return(), ' +
        "Expr(value=Dict(keys=[None, Name(id='k', ctx=Load())], values=[Name(id='a', ctx=Load()), Name(id='b', ctx=Load())])), " +
        "Match(subject=Name(id='s', ctx=Load()), cases=[match_case(pattern=MatchSingleton(value=None), body=[])])" +
        '], type_ignores=[])',
    );
  });

  it('handles a 5000-level tree without recursion', () => {
    let chain: ExprNode = name('a');
    for (let i = 0; i < 5000; i++) {
      const next: BinOp = { _type: 'BinOp', left: chain, op: { _type: 'Add' }, right: name('a'), ...loc };
      chain = next;
    }
    const text = dump(expr(chain));
    const leaf = "Name(id='a', ctx=Load())";
    const expected =
      'Expr(value=' + 'BinOp(left='.repeat(5000) + leaf + `, op=Add(), right=${leaf})`.repeat(5000) + ')';
    assert.equal(text, expected);
    const order = walk(expr(chain));
    assert.equal(order.length, 1 + 5000 * 3 + 1 + 5000 + 1); // Expr, BinOps+Adds+right Names, leaf, ctx Loads
  });
});

describe('walk / iterChildNodes / findFirst on hand-built nodes', () => {
  const a = name('a');
  const b = name('b');
  const add: BinOp = { _type: 'BinOp', left: a, op: { _type: 'Add' }, right: b, ...loc };
  const tree = moduleOf(expr(add), expr(constant(1n)));

  it('iterChildNodes yields node fields and list items in field order, ctx and operators included', () => {
    assert.deepEqual(
      iterChildNodes(add).map((n) => n._type),
      ['Name', 'Add', 'Name'],
    );
    assert.deepEqual(iterChildNodes(a), [load]);
    assert.deepEqual(iterChildNodes(constant(1n)), []);
  });

  it('walk is breadth-first from the start node', () => {
    assert.deepEqual(
      walk(tree).map((n) => n._type),
      ['Module', 'Expr', 'Expr', 'BinOp', 'Constant', 'Name', 'Add', 'Name', 'Load', 'Load'],
    );
  });

  it('findFirst returns the first match in walk order and stops there', () => {
    const visited: string[] = [];
    const found = findFirst(tree, (n: Node) => {
      visited.push(n._type);
      return n._type === 'Name';
    });
    assert.equal(found, a);
    assert.deepEqual(visited, ['Module', 'Expr', 'Expr', 'BinOp', 'Constant', 'Name']);
    assert.equal(
      findFirst(tree, (n) => n._type === 'Yield'),
      undefined,
    );
  });
});

describe('dump and walk agree with CPython on trees CPython built', () => {
  const fixtureFiles = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.py'))
    .filter((f) => !readFileSync(join(FIXTURES, f.replace(/\.py$/, '.dump')), 'utf8').match(/^\w+Error: /))
    .map((f) => join(FIXTURES, f));
  const stdlibRoot = execFileSync(
    'python3',
    ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"],
    {
      encoding: 'utf8',
    },
  ).trim();
  const stdlib = ['ast.py', 'typing.py', 'dataclasses.py', 'json/decoder.py'].map((f) => join(stdlibRoot, f));
  const trees = pythonTrees([...fixtureFiles, ...stdlib]);

  it('dump(tree) is ast.dump(tree), character for character', () => {
    assert.equal(trees.length, fixtureFiles.length + stdlib.length);
    for (const record of trees) assert.equal(dump(record.tree), record.dump, record.path);
  });

  it("walk order and each node's children match ast.walk / ast.iter_child_nodes", () => {
    for (const record of trees) {
      const order = walk(record.tree);
      assert.deepEqual(
        order.map((n) => n._type),
        record.walk,
        record.path,
      );
      order.forEach((node, i) =>
        assert.deepEqual(
          iterChildNodes(node).map((n) => n._type),
          record.children[i],
          `${record.path} node #${i}`,
        ),
      );
    }
  });
});
