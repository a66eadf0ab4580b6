// Which names a function body binds (its locals), as CPython's symbol table
// decides at compile time: assignment targets, loop and `with` targets,
// `except ... as`, imports, nested def/class names and parameters, less the
// names declared `global` or `nonlocal`. Comprehensions have their own scope.

import type { Arguments, ExprNode, FunctionDef, Lambda, StmtNode } from '../python/ast.js';

export interface FunctionScope {
  readonly locals: ReadonlySet<string>;
  readonly globals: ReadonlySet<string>;
  readonly nonlocals: ReadonlySet<string>;
  /** Whether the body yields: a generator function. */
  readonly isGenerator: boolean;
}

const cache = new WeakMap<FunctionDef | Lambda, FunctionScope>();

export function functionScope(node: FunctionDef | Lambda): FunctionScope {
  const cached = cache.get(node);
  if (cached !== undefined) return cached;
  const collector = new Collector();
  collector.addParams(node.args);
  if (node._type === 'Lambda') collector.expr(node.body);
  else collector.block(node.body);
  const locals = new Set(
    [...collector.bound].filter((n) => !collector.globals.has(n) && !collector.nonlocals.has(n)),
  );
  const scope: FunctionScope = {
    locals,
    globals: collector.globals,
    nonlocals: collector.nonlocals,
    isGenerator: collector.yields,
  };
  cache.set(node, scope);
  return scope;
}

/** The names a list of statements binds in the namespace it runs in (module or class body). */
export function boundNames(statements: readonly StmtNode[]): Set<string> {
  const collector = new Collector();
  collector.block(statements);
  return collector.bound;
}

/** The names one assignment target binds. */
export function targetNames(target: ExprNode): string[] {
  const collector = new Collector();
  collector.target(target);
  return [...collector.bound];
}

class Collector {
  readonly bound = new Set<string>();
  readonly globals = new Set<string>();
  readonly nonlocals = new Set<string>();
  yields = false;

  addParams(args: Arguments): void {
    for (const a of [...args.posonlyargs, ...args.args, ...args.kwonlyargs]) this.bound.add(a.arg);
    if (args.vararg) this.bound.add(args.vararg.arg);
    if (args.kwarg) this.bound.add(args.kwarg.arg);
  }

  block(statements: readonly StmtNode[]): void {
    for (const s of statements) this.stmt(s);
  }

  stmt(s: StmtNode): void {
    switch (s._type) {
      case 'FunctionDef':
      case 'AsyncFunctionDef':
        this.bound.add(s.name);
        for (const d of s.decorator_list) this.expr(d);
        for (const d of [...s.args.defaults, ...s.args.kw_defaults]) if (d) this.expr(d);
        return;
      case 'ClassDef':
        this.bound.add(s.name);
        for (const d of [...s.decorator_list, ...s.bases]) this.expr(d);
        for (const k of s.keywords) this.expr(k.value);
        return;
      case 'Return':
        if (s.value) this.expr(s.value);
        return;
      case 'Delete':
        for (const t of s.targets) this.target(t);
        return;
      case 'Assign':
        for (const t of s.targets) this.target(t);
        this.expr(s.value);
        return;
      case 'AugAssign':
        this.target(s.target);
        this.expr(s.value);
        return;
      case 'AnnAssign':
        if (s.target._type === 'Name') this.bound.add(s.target.id);
        else this.target(s.target);
        if (s.value) this.expr(s.value);
        return;
      case 'For':
      case 'AsyncFor':
        this.target(s.target);
        this.expr(s.iter);
        this.block(s.body);
        this.block(s.orelse);
        return;
      case 'While':
        this.expr(s.test);
        this.block(s.body);
        this.block(s.orelse);
        return;
      case 'If':
        this.expr(s.test);
        this.block(s.body);
        this.block(s.orelse);
        return;
      case 'With':
      case 'AsyncWith':
        for (const item of s.items) {
          this.expr(item.context_expr);
          if (item.optional_vars) this.target(item.optional_vars);
        }
        this.block(s.body);
        return;
      case 'Match':
        this.expr(s.subject);
        for (const c of s.cases) this.block(c.body);
        return;
      case 'Raise':
        if (s.exc) this.expr(s.exc);
        if (s.cause) this.expr(s.cause);
        return;
      case 'Try':
      case 'TryStar':
        this.block(s.body);
        for (const h of s.handlers) {
          if (h.name) this.bound.add(h.name);
          if (h.type) this.expr(h.type);
          this.block(h.body);
        }
        this.block(s.orelse);
        this.block(s.finalbody);
        return;
      case 'Assert':
        this.expr(s.test);
        if (s.msg) this.expr(s.msg);
        return;
      case 'Import':
      case 'ImportFrom':
        for (const alias of s.names) {
          if (alias.name === '*') continue;
          this.bound.add(alias.asname ?? alias.name.split('.')[0]);
        }
        return;
      case 'Global':
        for (const n of s.names) this.globals.add(n);
        return;
      case 'Nonlocal':
        for (const n of s.names) this.nonlocals.add(n);
        return;
      case 'Expr':
        this.expr(s.value);
        return;
      default:
        return;
    }
  }

  target(t: ExprNode): void {
    switch (t._type) {
      case 'Name':
        this.bound.add(t.id);
        return;
      case 'Tuple':
      case 'List':
        for (const e of t.elts) this.target(e);
        return;
      case 'Starred':
        this.target(t.value);
        return;
      default:
        this.expr(t);
        return;
    }
  }

  /** Walks an expression for walrus targets and yields (not into nested scopes, except comprehension walruses). */
  expr(e: ExprNode): void {
    switch (e._type) {
      case 'NamedExpr':
        this.target(e.target);
        this.expr(e.value);
        return;
      case 'Yield':
      case 'YieldFrom':
        this.yields = true;
        if (e.value) this.expr(e.value);
        return;
      case 'Lambda':
        for (const d of [...e.args.defaults, ...e.args.kw_defaults]) if (d) this.expr(d);
        return;
      case 'ListComp':
      case 'SetComp':
      case 'GeneratorExp':
        this.comprehensionWalrus([e.elt], e.generators);
        return;
      case 'DictComp':
        this.comprehensionWalrus([e.key, e.value], e.generators);
        return;
      default:
        for (const child of childExprs(e)) this.expr(child);
    }
  }

  private comprehensionWalrus(
    elements: readonly ExprNode[],
    generators: readonly { target: ExprNode; iter: ExprNode; ifs: ExprNode[] }[],
  ): void {
    // Only a walrus inside a comprehension binds in the enclosing function; its targets do not.
    const inner = new Collector();
    for (const el of elements) inner.expr(el);
    for (const g of generators) {
      inner.expr(g.iter);
      for (const cond of g.ifs) inner.expr(cond);
    }
    for (const name of inner.bound) this.bound.add(name);
    if (inner.yields) this.yields = true;
  }
}

/** The direct sub-expressions of an expression (enough for the walks above). */
export function childExprs(e: ExprNode): ExprNode[] {
  switch (e._type) {
    case 'BoolOp':
      return e.values;
    case 'BinOp':
      return [e.left, e.right];
    case 'UnaryOp':
      return [e.operand];
    case 'IfExp':
      return [e.test, e.body, e.orelse];
    case 'Dict':
      return [...(e.keys.filter((k) => k !== null) as ExprNode[]), ...e.values];
    case 'Set':
    case 'List':
    case 'Tuple':
      return e.elts;
    case 'Await':
      return [e.value];
    case 'Compare':
      return [e.left, ...e.comparators];
    case 'Call':
      return [e.func, ...e.args, ...e.keywords.map((k) => k.value)];
    case 'FormattedValue':
      return e.format_spec ? [e.value, e.format_spec] : [e.value];
    case 'JoinedStr':
      return e.values;
    case 'Attribute':
      return [e.value];
    case 'Subscript':
      return [e.value, e.slice];
    case 'Starred':
      return [e.value];
    case 'Slice':
      return [e.lower, e.upper, e.step].filter((x) => x !== null) as ExprNode[];
    default:
      return [];
  }
}
