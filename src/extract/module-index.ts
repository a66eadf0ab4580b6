// What the reference's lookups ask of a parsed module (classes, functions,
// `from ... import`), answered in ast.walk order. The reference walks the
// whole tree for each lookup; here a module is indexed once, either from its
// full tree or, when an earlier full parse of the same bytes left an outline,
// by parsing only the top-level statements that hold what is asked for.
//
// All three are statements, and a statement's parent is always a statement,
// an ExceptHandler, a match_case or the Module: no expression lies between.
// So a breadth-first pass over just those containers, children in `_fields`
// order, meets statements in exactly the relative order ast.walk does, while
// skipping every expression node. Leaving out whole top-level statements
// keeps the relative order of the rest (breadth-first order is depth, then
// position), which is what makes the outline-backed index exact.

import type { ClassDef, FunctionDef, ImportFrom, Module, Node, StmtNode } from '../python/ast.js';

export interface ModuleIndex {
  /** The first ClassDef of that name in walk order (find_class_in_ast on the module), or null. */
  firstClassNamed(name: string): ClassDef | null;
  /** FunctionDefs (not async) of one name, in walk order. */
  functionsNamed(name: string): readonly FunctionDef[];
  /** Every FunctionDef (not async) in walk order. */
  allFunctions(): readonly FunctionDef[];
  /** Every ImportFrom in walk order. */
  importFroms(): readonly ImportFrom[];
}

/** What a top-level statement holds, as an outline records it (see src/python/outline.ts). */
export interface StatementSummary {
  readonly classNames: readonly string[];
  readonly functionNames: readonly string[];
  readonly hasImportFrom: boolean;
}

/** A question asked of a module index: what ModuleIndex's methods answer. */
export type ModuleQuery =
  | { readonly kind: 'class'; readonly name: string }
  | { readonly kind: 'function'; readonly name: string }
  | { readonly kind: 'all-functions' }
  | { readonly kind: 'import-froms' };

/**
 * Whether a top-level statement can hold part of the answer to `query`. The answer is
 * made of exactly these statements (in walk order), so two versions of a module whose
 * selected statements are the same (same text, same lines) answer it the same.
 */
export function answersQuery(summary: StatementSummary, query: ModuleQuery): boolean {
  switch (query.kind) {
    case 'class':
      return summary.classNames.includes(query.name);
    case 'function':
      return summary.functionNames.includes(query.name);
    case 'all-functions':
      return summary.functionNames.length > 0;
    case 'import-froms':
      return summary.hasImportFrom;
  }
}

/** `index`, telling `onQuery` of each question asked. */
export function observedIndex(index: ModuleIndex, onQuery: (query: ModuleQuery) => void): ModuleIndex {
  return {
    firstClassNamed(name) {
      onQuery({ kind: 'class', name });
      return index.firstClassNamed(name);
    },
    functionsNamed(name) {
      onQuery({ kind: 'function', name });
      return index.functionsNamed(name);
    },
    allFunctions() {
      onQuery({ kind: 'all-functions' });
      return index.allFunctions();
    },
    importFroms() {
      onQuery({ kind: 'import-froms' });
      return index.importFroms();
    },
  };
}

/** An index over a whole parsed module: one breadth-first pass over its statements. */
export function indexModule(module: Module): ModuleIndex {
  return new StatementIndex(statementsInWalkOrder(module.body));
}

/**
 * An index that parses top-level statements on demand: `parseStatement(i)`
 * gives the statements of `summaries[i]`, which must be what a full parse put
 * in the module body there. Should one not parse (an outline that does not
 * fit the text), every answer from then on comes from `fullIndex()`.
 */
export function indexOutlinedModule(
  summaries: readonly StatementSummary[],
  parseStatement: (index: number) => readonly StmtNode[] | null,
  fullIndex: () => ModuleIndex,
): ModuleIndex {
  return new OutlinedIndex(summaries, parseStatement, fullIndex);
}

class StatementIndex implements ModuleIndex {
  private readonly firstClassByName = new Map<string, ClassDef>();
  private readonly functions: FunctionDef[] = [];
  private readonly imports: ImportFrom[] = [];

  constructor(statements: readonly Node[]) {
    for (const node of statements) {
      if (node._type === 'ClassDef') {
        if (!this.firstClassByName.has(node.name)) this.firstClassByName.set(node.name, node);
      } else if (node._type === 'FunctionDef') {
        this.functions.push(node);
      } else if (node._type === 'ImportFrom') {
        this.imports.push(node);
      }
    }
  }

  firstClassNamed(name: string): ClassDef | null {
    return this.firstClassByName.get(name) ?? null;
  }

  functionsNamed(name: string): readonly FunctionDef[] {
    return this.functions.filter((f) => f.name === name);
  }

  allFunctions(): readonly FunctionDef[] {
    return this.functions;
  }

  importFroms(): readonly ImportFrom[] {
    return this.imports;
  }
}

class OutlinedIndex implements ModuleIndex {
  private readonly parsed = new Map<number, readonly StmtNode[]>();
  private readonly classes = new Map<string, ClassDef | null>();
  private readonly functionsByName = new Map<string, readonly FunctionDef[]>();
  private functions: readonly FunctionDef[] | undefined;
  private imports: readonly ImportFrom[] | undefined;
  private fallback: ModuleIndex | undefined;

  constructor(
    private readonly summaries: readonly StatementSummary[],
    private readonly parseStatement: (index: number) => readonly StmtNode[] | null,
    private readonly fullIndex: () => ModuleIndex,
  ) {}

  firstClassNamed(name: string): ClassDef | null {
    let found = this.classes.get(name);
    if (found === undefined) {
      found = this.indexOf({ kind: 'class', name }).firstClassNamed(name);
      this.classes.set(name, found);
    }
    return found;
  }

  functionsNamed(name: string): readonly FunctionDef[] {
    let found = this.functionsByName.get(name);
    if (found === undefined) {
      found = this.indexOf({ kind: 'function', name }).functionsNamed(name);
      this.functionsByName.set(name, found);
    }
    return found;
  }

  allFunctions(): readonly FunctionDef[] {
    this.functions ??= this.indexOf({ kind: 'all-functions' }).allFunctions();
    return this.functions;
  }

  importFroms(): readonly ImportFrom[] {
    this.imports ??= this.indexOf({ kind: 'import-froms' }).importFroms();
    return this.imports;
  }

  /** An index over just the top-level statements that answer `query`, parsed once each. */
  private indexOf(query: ModuleQuery): ModuleIndex {
    if (this.fallback !== undefined) return this.fallback;
    const body: StmtNode[] = [];
    for (let i = 0; i < this.summaries.length; i++) {
      if (!answersQuery(this.summaries[i], query)) continue;
      let statements = this.parsed.get(i);
      if (statements === undefined) {
        const parsed = this.parseStatement(i);
        if (parsed === null) {
          this.fallback = this.fullIndex();
          return this.fallback;
        }
        statements = parsed;
        this.parsed.set(i, statements);
      }
      for (const statement of statements) body.push(statement);
    }
    return new StatementIndex(statementsInWalkOrder(body));
  }
}

/** The fields that hold statements, handlers or match cases, in `_fields` order for every class. */
const STATEMENT_LIST_FIELDS = ['body', 'handlers', 'orelse', 'finalbody', 'cases'] as const;

/** Statements, ExceptHandlers and match_cases under a module body, in ast.walk's relative order. */
function statementsInWalkOrder(body: readonly StmtNode[]): Node[] {
  const queue: Node[] = [...body];
  for (let read = 0; read < queue.length; read++) {
    const record = queue[read] as unknown as Record<string, unknown>;
    for (const field of STATEMENT_LIST_FIELDS) {
      const list = record[field];
      if (Array.isArray(list)) for (const child of list as Node[]) queue.push(child);
    }
  }
  return queue;
}
