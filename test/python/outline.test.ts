// Module outlines (src/python/outline.ts): parsing only some top-level statements of a
// source already known to parse must give exactly the nodes of the full parse.
//
// The corpus check runs on a deterministic sample of python3's stdlib; OUTLINE_SWEEP=all
// checks every file, OUTLINE_CORPUS=<dir or file> another corpus:
//   OUTLINE_SWEEP=all [OUTLINE_CORPUS=/path/to/vllm] node --import tsx --test test/python/outline.test.ts

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { Node, StmtNode } from '../../src/python/ast.js';
import { parseModule, parseModuleBytes } from '../../src/python/parse.js';
import {
  parseModuleBytesWithOutline,
  parseModuleWithOutline,
  parseOutlineGroup,
  prepareOutlineSource,
  prepareOutlineSourceBytes,
  type ModuleOutline,
  type OutlineGroup,
} from '../../src/python/outline.js';
import { decodeSourceBytes, translateNewlines } from '../../src/python/source.js';
import { Tokenizer } from '../../src/python/tokenizer.js';
import type { Token } from '../../src/python/token.js';
import { walk } from '../../src/python/walk.js';
import { dump } from '../../src/python/dump.js';
import { collectCorpus } from '../../scripts/corpus.js';

/** Names and ImportFrom presence by ast.walk over the statements (expressions included). */
function namesByFullWalk(statements: readonly StmtNode[]): {
  classNames: string[];
  functionNames: string[];
  hasImportFrom: boolean;
} {
  const classNames = new Set<string>();
  const functionNames = new Set<string>();
  let hasImportFrom = false;
  for (const statement of statements) {
    for (const node of walk(statement as Node)) {
      if (node._type === 'ClassDef') classNames.add(node.name);
      else if (node._type === 'FunctionDef') functionNames.add(node.name);
      else if (node._type === 'ImportFrom') hasImportFrom = true;
    }
  }
  return { classNames: [...classNames].sort(), functionNames: [...functionNames].sort(), hasImportFrom };
}

/** Line numbers of offsets in `text`, counted independently of the parser (offsets asked in increasing order). */
function lineCounter(text: string): (offset: number) => number {
  let line = 1;
  let counted = 0;
  return (offset) => {
    for (; counted < offset; counted++) if (text.charCodeAt(counted) === 10) line++;
    return line;
  };
}

/**
 * Every property the outline promises, for one source the full parse accepts; returns the
 * outline. `label` names the source in failure messages.
 */
function checkOutline(source: string, label: string, options: { compareModules: boolean }): ModuleOutline {
  const withOutline = parseModuleWithOutline(source);
  assert.ok(withOutline.ok, `${label}: parseModuleWithOutline rejects it`);
  if (options.compareModules) {
    const full = parseModule(source);
    assert.ok(full.ok && isDeepStrictEqual(withOutline.module, full.module), `${label}: modules differ`);
  }
  // JSON-serialisable: a round trip changes nothing.
  const outline = JSON.parse(JSON.stringify(withOutline.outline)) as ModuleOutline;
  assert.deepEqual(outline, withOutline.outline, `${label}: outline is not plain data`);

  const text = translateNewlines(source);
  const prepared = prepareOutlineSource(source);
  const body = withOutline.module.body;
  const reparsed: StmtNode[] = [];
  let previousOffset = -1;
  const lineOf = lineCounter(text);
  for (const group of outline.groups) {
    const where = `${label}: group at line ${group.lineno}`;
    assert.ok(group.offset > previousOffset, `${where}: offsets do not increase`);
    previousOffset = group.offset;
    assert.ok(group.offset === 0 || text[group.offset - 1] === '\n', `${where}: not a line start`);
    assert.equal(group.lineno, lineOf(group.offset), `${where}: wrong line number`);
    const parsed = parseOutlineGroup(prepared, group);
    assert.ok(parsed.ok, `${where}: ${parsed.ok ? '' : JSON.stringify(parsed.error)}`);
    assert.ok(parsed.body.length > 0, `${where}: no statements`);
    // The string form (no prepared source) gives the same.
    if (outline.groups.length <= 20) {
      assert.ok(isDeepStrictEqual(parseOutlineGroup(source, group), parsed), `${where}: string form differs`);
    }
    const first = parsed.body[0];
    const decorated =
      (first._type === 'ClassDef' || first._type === 'FunctionDef' || first._type === 'AsyncFunctionDef') &&
      first.decorator_list.length > 0;
    // Before the first token on its line only whitespace that form feeds bring back to column 0.
    const lineText = text.slice(group.offset, text.indexOf('\n', group.offset) >>> 0);
    const leading = /^[ \t\f]*/.exec(lineText)![0].length;
    if (decorated) {
      assert.equal(lineText[leading], '@', `${where}: decorated group does not start at its '@'`);
    } else {
      assert.equal(first.lineno, group.lineno, `${where}: first statement on another line`);
      assert.equal(first.col_offset, new TextEncoder().encode(lineText.slice(0, leading)).length, where);
    }
    const expected = namesByFullWalk(parsed.body);
    assert.deepEqual(
      {
        classNames: [...group.classNames].sort(),
        functionNames: [...group.functionNames].sort(),
        hasImportFrom: group.hasImportFrom,
      },
      expected,
      `${where}: names`,
    );
    assert.equal(new Set(group.classNames).size, group.classNames.length, `${where}: duplicate class names`);
    assert.equal(new Set(group.functionNames).size, group.functionNames.length, `${where}: duplicates`);
    reparsed.push(...parsed.body);
  }
  if (!isDeepStrictEqual(reparsed, body)) {
    assert.deepStrictEqual(reparsed, body, `${label}: groups re-parsed differ from the full parse`);
  }
  return outline;
}

/** The full tokenizer's tokens, stopping at ENDMARKER. */
function allTokens(tokenizer: Tokenizer, limit = Infinity): Token[] {
  const tokens: Token[] = [];
  for (;;) {
    const token = tokenizer.next();
    tokens.push(token);
    if (token.kind === 'EndMarker' || tokens.length >= limit) return tokens;
  }
}

/** A tokenizer resumed at each group start reads the same tokens as the full pass from there on. */
function checkResumedTokens(source: string, outline: ModuleOutline, limit = Infinity): void {
  const full = allTokens(new Tokenizer(source));
  const prepared = prepareOutlineSource(source).prepared;
  let index = 0;
  for (const group of outline.groups) {
    // DEDENTs at the group's first token close the previous group's blocks.
    while (full[index].start < group.offset || full[index].kind === 'Dedent') index++;
    const expected = full.slice(index, index + limit);
    const resumed = allTokens(new Tokenizer(prepared, { offset: group.offset, line: group.lineno }), limit);
    assert.deepEqual(resumed, expected, `tokens resumed at line ${group.lineno}`);
  }
}

function groupLines(outline: ModuleOutline): number[] {
  return outline.groups.map((group) => group.lineno);
}

function group(outline: ModuleOutline, lineno: number): OutlineGroup {
  const found = outline.groups.find((g) => g.lineno === lineno);
  assert.ok(found, `no group at line ${lineno}: ${groupLines(outline).join(', ')}`);
  return found;
}

describe('outline of hand-written sources', () => {
  const check = (source: string, label: string): ModuleOutline => {
    const outline = checkOutline(source, label, { compareModules: true });
    checkResumedTokens(source, outline);
    return outline;
  };

  it('decorators, including a backslash-continued decorator expression, belong to their group', () => {
    const source = [
      'import os',
      '@dec',
      '@\\',
      '  pkg.deco(1,',
      '    2)',
      'class A:',
      '    @staticmethod',
      '    def f(): pass',
      '@a',
      'async def g(): pass',
      '@b',
      'def h(): pass',
      '',
    ].join('\n');
    const outline = check(source, 'decorators');
    assert.deepEqual(groupLines(outline), [1, 2, 9, 11]);
    assert.deepEqual(group(outline, 2).classNames, ['A']);
    assert.deepEqual(group(outline, 2).functionNames, ['f']);
    assert.deepEqual(group(outline, 9).functionNames, []); // async def is not a FunctionDef
    assert.deepEqual(group(outline, 11).functionNames, ['h']);
  });

  it('one group per simple_stmts line, however many statements it has', () => {
    const outline = check('a=1; b=2\nc = 3;\nfrom x import y; import z\n', 'semicolons');
    assert.deepEqual(groupLines(outline), [1, 2, 3]);
    assert.equal(group(outline, 3).hasImportFrom, true);
    assert.equal(group(outline, 1).hasImportFrom, false);
    const parsed = parseOutlineGroup('a=1; b=2\nc = 3;\nfrom x import y; import z\n', group(outline, 1));
    assert.ok(parsed.ok);
    assert.equal(parsed.body.length, 2);
  });

  it('form feeds at line start, tabs, comments and blank lines between groups', () => {
    const source =
      '# comment\n\n\fx = 1\n\f\f  \fclass A:\n\tdef f(self):\n\t\treturn 1\n\n   # indented comment\n\n\f\ny = 2\n';
    const outline = check(source, 'form feeds');
    assert.deepEqual(groupLines(outline), [3, 4, 11]);
    assert.equal(outline.groups[0].offset, source.indexOf('\fx'));
  });

  it('CRLF, lone CR and a final CRLF (which gets one more line in CPython)', () => {
    for (const eol of ['\r\n', '\r']) {
      const source = ['x = 1', 'def f():', '    return (1,', '            2)', 'class C: pass', ''].join(eol);
      const outline = check(source, JSON.stringify(eol));
      assert.deepEqual(groupLines(outline), [1, 2, 5]);
      // Offsets index the translated text.
      assert.equal(outline.groups[1].offset, 'x = 1\n'.length);
    }
    check('if x:\r\n    y = 1\r\n', 'final CRLF');
  });

  it('non-ASCII text before and inside a group keeps byte columns right', () => {
    const source = [
      's = "ünïcödé 😀"  # ê',
      'class Ä:',
      '    ß = "€€" + f"{ß!r:>{é}}"; t = 1',
      '    def 𝔣(self): return "😀", 1',
      'x = "😀"; y = 2',
      '',
    ].join('\n');
    const outline = check(source, 'non-ASCII');
    assert.deepEqual(groupLines(outline), [1, 2, 5]);
    assert.deepEqual(group(outline, 2).classNames, ['Ä']);
    assert.deepEqual(group(outline, 2).functionNames, ['f']); // NFKC-normalised like CPython
    const parsed = parseOutlineGroup(source, group(outline, 5));
    assert.ok(parsed.ok);
    const second = parsed.body[1];
    assert.equal(second.col_offset, Buffer.byteLength('x = "😀"; '));
  });

  it('a file without a final newline, an empty file, a file of comments only', () => {
    assert.deepEqual(groupLines(check('x = 1\ny = (2 +\n 3)', 'no final newline')), [1, 2]);
    assert.deepEqual(groupLines(check('x = 1\nif x:\n    pass', 'no final newline, block')), [1, 2]);
    assert.deepEqual(check('', 'empty').groups, []);
    assert.deepEqual(check('# only\n\n   \n', 'comments only').groups, []);
  });

  it('backslash continuations at and before line starts', () => {
    assert.deepEqual(groupLines(check('x = 1 + \\\n 2', 'last line continued')), [1]);
    assert.deepEqual(groupLines(check('x = 1\n\\\ny = 2', 'continuation line before a statement')), [1, 3]);
    assert.deepEqual(groupLines(check('x = 1\n\\\n\n', 'continuation then blank line')), [1]);
    assert.deepEqual(groupLines(check('if a:\n    pass\n\\\nx = 1\n', 'after a block')), [1, 4]);
    // Indented continuation: `x = 1` joins the block.
    assert.deepEqual(groupLines(check('if a:\n    pass\n    \\\nx = 1\n', 'into a block')), [1]);
  });

  it('nested classes, functions and async defs; duplicates named once', () => {
    const source = [
      'class Outer:',
      '    class Inner:',
      '        def method(self):',
      '            def local(): pass',
      '            async def coro():',
      '                def inside_async(): pass',
      '            class Local: pass',
      '    def method(self): pass',
      'try:',
      '    def f(): pass',
      'except ImportError:',
      '    def f(): pass',
      '    class H: pass',
      'else:',
      '    class E: pass',
      'finally:',
      '    from a import b',
      'while x:',
      '    class W: pass',
      'else:',
      '    def w(): pass',
      'with m() as n:',
      '    lambda: 0',
      '',
    ].join('\n');
    const outline = check(source, 'nested');
    assert.deepEqual(groupLines(outline), [1, 9, 18, 22]);
    assert.deepEqual([...group(outline, 1).classNames].sort(), ['Inner', 'Local', 'Outer']);
    assert.deepEqual([...group(outline, 1).functionNames].sort(), ['inside_async', 'local', 'method']);
    assert.deepEqual(group(outline, 9).functionNames, ['f']);
    assert.deepEqual([...group(outline, 9).classNames].sort(), ['E', 'H']);
    assert.equal(group(outline, 9).hasImportFrom, true);
    assert.deepEqual(group(outline, 18).classNames, ['W']);
    assert.deepEqual(group(outline, 18).functionNames, ['w']);
  });

  it('if TYPE_CHECKING imports, elif/else chains and match statements', () => {
    const source = [
      'from typing import TYPE_CHECKING',
      'if TYPE_CHECKING:',
      '    from x import Y',
      'elif other:',
      '    import z',
      'else:',
      '    class Fallback: pass',
      'match command.split():',
      '    case [action]:',
      '        def handler(): pass',
      '    case {"k": v, **rest} if v:',
      '        from m import n',
      '    case _:',
      '        class Default: pass',
      'match = 1',
      'match(x)',
      '',
    ].join('\n');
    const outline = check(source, 'if/match');
    assert.deepEqual(groupLines(outline), [1, 2, 8, 15, 16]);
    assert.equal(group(outline, 2).hasImportFrom, true);
    assert.deepEqual(group(outline, 2).classNames, ['Fallback']);
    assert.deepEqual(group(outline, 8).functionNames, ['handler']);
    assert.deepEqual(group(outline, 8).classNames, ['Default']);
    assert.equal(group(outline, 8).hasImportFrom, true);
    assert.equal(group(outline, 15).hasImportFrom, false);
  });

  it('multi-line strings and bracketed lines: groups start only at statements', () => {
    const source = 'x = """\ndef not_a_def():\n"""\ny = [\nclass_ := 1,\n]\nclass Real: pass\n';
    const outline = check(source, 'strings');
    assert.deepEqual(groupLines(outline), [1, 4, 7]);
    assert.deepEqual(
      outline.groups.flatMap((g) => g.functionNames),
      [],
    );
  });

  it('the bytes variant decodes as parseModuleBytes does', () => {
    const bytes = Buffer.from('x = "é"\r\nclass A: pass\r\n', 'utf8');
    const result = parseModuleBytesWithOutline(bytes);
    const full = parseModuleBytes(bytes);
    assert.ok(result.ok && full.ok);
    assert.ok(isDeepStrictEqual(result.module, full.module));
    const prepared = prepareOutlineSourceBytes(bytes);
    assert.ok(prepared.ok);
    const parsed = parseOutlineGroup(prepared.source, result.outline.groups[1]);
    assert.ok(parsed.ok);
    assert.ok(isDeepStrictEqual(parsed.body, [full.module.body[1]]));
    const bad = prepareOutlineSourceBytes(Uint8Array.of(0x78, 0xff));
    assert.ok(!bad.ok);
    assert.equal(bad.error.kind, 'UnicodeDecodeError');
  });
});

describe('outline of rejected sources', () => {
  const rejected = [
    '\ufeffx = 1\n', // a BOM kept by read_text()
    'x = 1\n\\',
    'x = 1\n\\\n',
    'x = (1 +\n2) \\\n',
    'x = 1\ny = = 2\n',
    'x = 1\nclass A:\npass\n',
    'x = 1\n  y = 2\n',
    'def f(:\n    pass\nz = "unterminated\n',
    'x = (1,\ny = 2\n',
    'if x:\n\tpass\n        pass\n',
    'x = 1\0\n',
    '('.repeat(300) + ')'.repeat(300) + '\n',
  ];
  it('gives the same error as parseModule', () => {
    for (const source of rejected) {
      const expected = parseModule(source);
      assert.ok(!expected.ok, `${JSON.stringify(source)} should be rejected`);
      assert.deepEqual(parseModuleWithOutline(source), expected, JSON.stringify(source));
    }
  });

  it('gives the same MemoryError as parseModule under a token limit', () => {
    const source = 'x = 1\n'.repeat(100);
    const expected = parseModule(source, { maxTokens: 50 });
    assert.ok(!expected.ok);
    assert.equal(expected.error.kind, 'MemoryError');
    assert.deepEqual(parseModuleWithOutline(source, { maxTokens: 50 }), expected);
    assert.ok(parseModuleWithOutline(source).ok);
  });

  it('bytes: the same decode error as parseModuleBytes', () => {
    const bytes = Uint8Array.of(0x78, 0x3d, 0x31, 0x0a, 0xc3, 0x28);
    const expected = parseModuleBytes(bytes);
    assert.ok(!expected.ok);
    assert.deepEqual(parseModuleBytesWithOutline(bytes), expected);
  });
});

describe('parseOutlineGroup with an outline that does not fit the source', () => {
  const source = 'x = 1\n\ndef f():\n    return 2\n';
  const outline = parseModuleWithOutline(source);
  assert.ok(outline.ok);
  const groups = outline.outline.groups;

  it('errors (as data) on offsets that are not line starts or lie outside the text', () => {
    for (const offset of [-1, 1, 3.5, source.length + 5, Number.NaN]) {
      const result = parseOutlineGroup(source, { ...groups[1], offset });
      assert.ok(!result.ok, `offset ${offset}`);
      assert.equal(result.error.kind, 'ValueError');
    }
    const badLine = parseOutlineGroup(source, { ...groups[1], lineno: 0 });
    assert.ok(!badLine.ok);
  });

  it('errors when no statement starts on the group line (a blank line, the end)', () => {
    const blank = parseOutlineGroup(source, { ...groups[1], offset: source.indexOf('\n\n') + 1 });
    assert.ok(!blank.ok);
    assert.equal(blank.error.kind, 'ValueError');
  });

  it('errors when the group starts inside a block (an unexpected indent)', () => {
    const inside = parseOutlineGroup(source, {
      ...groups[1],
      offset: source.indexOf('    return'),
      lineno: 4,
    });
    assert.ok(!inside.ok);
    assert.equal(inside.error.kind, 'IndentationError');
  });

  it('errors on a source with a null byte', () => {
    const result = parseOutlineGroup('x = 1\0\n', groups[0]);
    assert.ok(!result.ok);
  });

  it('a token limit applies to a group parse as to a full one', () => {
    const result = parseOutlineGroup(source, groups[1], { maxTokens: 3 });
    assert.ok(!result.ok);
    assert.equal(result.error.kind, 'MemoryError');
    assert.ok(parseOutlineGroup(source, groups[1]).ok);
  });
});

describe('outline of a corpus (default: the CPython stdlib)', () => {
  const corpus = process.env.OUTLINE_CORPUS;
  const files = collectCorpus({ targets: corpus !== undefined ? [corpus] : [], python: 'python3' });
  const everyFile = process.env.OUTLINE_SWEEP === 'all';
  // A deterministic sample: every 8th file in path order.
  const sample = everyFile ? files : files.filter((_, index) => index % 8 === 0);
  const expectedFiles = corpus !== undefined ? 1 : everyFile ? 1500 : 200;

  it(`re-parsing every group equals the full parse (${everyFile ? 'all' : 'sampled'} files)`, () => {
    assert.ok(sample.length >= expectedFiles, `only ${sample.length} files found`);
    let accepted = 0;
    let groups = 0;
    for (const path of sample) {
      const bytes = readFileSync(path);
      const full = parseModuleBytes(bytes);
      const result = parseModuleBytesWithOutline(bytes);
      if (!full.ok) {
        assert.deepEqual(result, full, path);
        continue;
      }
      assert.ok(result.ok, path);
      // Compared by dump (no locations), more cheaply than by deep equality.
      assert.equal(dump(result.module), dump(full.module), path);
      const decoded = decodeSourceBytes(bytes);
      assert.ok(decoded.ok, path);
      const outline = checkOutline(decoded.text, path, { compareModules: false });
      checkResumedTokens(decoded.text, outline, 40);
      accepted++;
      groups += outline.groups.length;
    }
    assert.ok(accepted >= sample.length * 0.95, `only ${accepted} of ${sample.length} files parse`);
    assert.ok(groups > accepted, 'suspiciously few groups');
  });
});
