// The evaluator proper: runs modules of a SourceTree (and the world's
// modules) statement by statement, with Python's scoping, calls, classes and
// imports. Two deliberate departures from CPython, both documented in
// docs/design/explain.md:
//  - a module-level `from m import x` / `import m as x` of a tree module binds
//    x lazily: m runs when x is first read (evaluating only what the selection
//    touches keeps the run small). Imports inside `try` run at once, so an
//    `except ImportError` sees what CPython would;
//  - a module-level or class-level statement that meets something unknown is
//    skipped and the names it binds are poisoned: reading one reports the
//    unknown. Annotations are never evaluated.

import type {
  Arguments,
  ClassDef,
  Comprehension,
  ExprNode,
  FunctionDef,
  Import,
  ImportFrom,
  Lambda,
  StmtNode,
  Try,
} from '../python/ast.js';
import { PyDeferred, PyPoison, PyLazyImport } from './bindings.js';
import { installBuiltins } from './builtins.js';
import { PyRaise, type Completion } from './errors.js';
import type { Host } from './host.js';
import {
  ELLIPSIS_VALUE,
  Frame,
  PyBoundMethod,
  PyBuiltin,
  PyCachedFunction,
  PyClass,
  PyClassMethod,
  PyDict,
  PyFunction,
  PyInstance,
  PyIterator,
  PyList,
  PyModule,
  PyObject,
  PyOpaque,
  PyProperty,
  PySet,
  PySlice,
  PyStaticMethod,
  PySuper,
  PyTuple,
  PyTypingForm,
  type CallArgs,
  type ParamSpec,
  type PyValue,
  type SourceRef,
} from './objects.js';
import { args, c3Mro, Runtime, type CompareOp } from './runtime.js';
import { boundNames, functionScope } from './scope.js';
import type { SourceCache } from './sources.js';
import { ImportRisk } from './import-risk.js';
import { classFactories, moduleExists, stdlibModule } from './stdlib.js';
import { UnknownSignal, type Unknown } from './unknown.js';

/** How statements run: at module level (poisoning, lazy imports) or in a class body (poisoning). */
interface RunMode {
  /** Skip a statement that meets an unknown, poisoning the names it binds. */
  readonly poison: boolean;
  /** Also skip (and poison) a statement that raises an exception other than ImportError. */
  readonly poisonExceptions: boolean;
  readonly lazyImports: boolean;
}
const IN_FUNCTION: RunMode = { poison: false, poisonExceptions: false, lazyImports: false };
const MODULE_LEVEL: RunMode = { poison: true, poisonExceptions: true, lazyImports: true };
// Inside a module-level try, exceptions must reach its handlers.
const MODULE_LEVEL_IN_TRY: RunMode = { poison: true, poisonExceptions: false, lazyImports: false };
const CLASS_BODY: RunMode = { poison: true, poisonExceptions: true, lazyImports: false };

/** Watches calls of Python functions (explain reads the selection's intermediate results this way). */
export interface CallObserver {
  /** A Python function was entered; `frame.locals` holds its bound arguments. */
  onCall?(func: PyFunction, frame: Frame): void;
  /** A Python function returned normally. */
  onReturn?(func: PyFunction, frame: Frame, result: PyValue): void;
}

export class Interpreter extends Runtime {
  /** sys.modules. */
  readonly modules = new Map<string, PyModule>();
  readonly builtins: PyModule;
  /** Module-level statements skipped because of an unknown (their names are poisoned). */
  readonly skipped: Unknown[] = [];
  observer: CallObserver | null = null;
  /** Every functools.cache / lru_cache made, so that a new run can start with them empty. */
  private readonly caches: PyCachedFunction[] = [];
  private readonly pending = new Set<string>();
  /** Modules whose code is running (CPython's `__spec__._initializing`): ImportError messages say so. */
  private readonly initializing = new Set<string>();
  private file = '<evaluator>';
  private line = 0;
  private readonly frames: Frame[] = [];
  private readonly handling: PyRaise[] = [];
  private returnValue: PyValue = null;
  private readonly treePackages = new Set<string>();

  constructor(
    readonly sources: SourceCache,
    readonly host: Host,
  ) {
    super();
    this.builtins = new PyModule('builtins', null);
    installBuiltins(this, this.builtins);
    this.modules.set('builtins', this.builtins);
  }

  /** functools.cache(func): a cache this interpreter can empty (clearCaches). */
  newCache(func: PyValue): PyCachedFunction {
    const cached = new PyCachedFunction(func);
    this.caches.push(cached);
    return cached;
  }

  /** Empties every functools cache, as a fresh process would have them. */
  clearCaches(): void {
    for (const cached of this.caches) cached.results.clear();
  }

  here(): SourceRef {
    return { file: this.file, line: this.line };
  }

  /** Runs `fn` with the current location set to `at` (for calls made from outside evaluated code). */
  at<T>(where: SourceRef, fn: () => T): T {
    const saved = [this.file, this.line] as const;
    this.file = where.file;
    this.line = where.line;
    try {
      return fn();
    } finally {
      [this.file, this.line] = saved;
    }
  }

  currentFrame(): Frame | undefined {
    return this.frames[this.frames.length - 1];
  }

  // --- modules ----------------------------------------------------------------

  importModule(name: string): PyModule {
    const existing = this.modules.get(name);
    if (existing !== undefined) return existing;
    const dot = name.lastIndexOf('.');
    const parent = dot < 0 ? null : this.importModule(name.slice(0, dot));
    const again = this.modules.get(name);
    if (again !== undefined) return again;
    const module = this.loadModule(name);
    if (parent !== null) parent.dict.set(name.slice(dot + 1), module);
    return module;
  }

  /** Whether `name` would be found in the tree (not overridden by the host). */
  isTreeModule(name: string): boolean {
    return this.treeFile(name) !== null;
  }

  /** The tree file of module `name`, or null when it is not a tree module (or the host overrides it). */
  treeFile(name: string): string | null {
    if (this.host.module(name) !== undefined) return null;
    const path = name.replace(/\./g, '/');
    if (this.sources.isFile(`${path}.py`)) return `${path}.py`;
    if (this.sources.isFile(`${path}/__init__.py`)) return `${path}/__init__.py`;
    return null;
  }

  private importRisk: ImportRisk | null = null;

  /**
   * A module-level import of a tree module is lazy unless importing it might
   * fail in this world (import-risk.ts): then it runs at once, as in CPython.
   */
  private importsLazily(name: string): boolean {
    if (!this.isTreeModule(name)) return false;
    this.importRisk ??= new ImportRisk(this.sources, {
      isLoaded: (n) => this.modules.has(n),
      treeFile: (n) => this.treeFile(n),
      isMissing: (n) => !moduleExists(this, n),
    });
    return !this.importRisk.atRisk(name);
  }

  private loadModule(name: string): PyModule {
    const hosted = this.host.module(name);
    if (hosted !== undefined) {
      switch (hosted.kind) {
        case 'missing':
          return this.raise('ModuleNotFoundError', `No module named '${name}'`);
        case 'opaque':
          return this.opaqueModule(name);
        case 'native': {
          const module = new PyModule(name, null);
          this.initModuleDict(module, `<world>/${name}`, hosted.isPackage === true);
          this.modules.set(name, module);
          hosted.build(this, module);
          this.host.afterExecute?.(name, module, this);
          return module;
        }
        case 'source': {
          const parsed = this.sources.hostModule(name, hosted.source);
          return this.executeModule(name, hosted.path, hosted.path, parsed, hosted.isPackage);
        }
      }
    }
    const path = name.replace(/\./g, '/');
    if (this.sources.isFile(`${path}.py`)) {
      const file = `${path}.py`;
      return this.executeModule(
        name,
        file,
        this.sources.tree.displayPath(file),
        this.sources.treeModule(file),
        false,
      );
    }
    if (this.sources.isFile(`${path}/__init__.py`)) {
      const file = `${path}/__init__.py`;
      return this.executeModule(
        name,
        file,
        this.sources.tree.displayPath(file),
        this.sources.treeModule(file),
        true,
      );
    }
    if (this.sources.isDirectory(path) && (name.includes('.') || this.treePackages.has(name) || true)) {
      // A folder without __init__.py: an implicit namespace package.
      const module = new PyModule(name, null);
      this.initModuleDict(module, null, true);
      module.dict.set('__path__', new PyList([this.sources.tree.displayPath(path)]));
      this.modules.set(name, module);
      return module;
    }
    const native = stdlibModule(name);
    if (native !== undefined) {
      const module = new PyModule(name, null);
      this.initModuleDict(module, null, native.isPackage);
      this.modules.set(name, module);
      native.build(this, module);
      return module;
    }
    if (this.host.fallback(name) === 'opaque') return this.opaqueModule(name);
    return this.raise('ModuleNotFoundError', `No module named '${name}'`);
  }

  private opaqueModule(name: string): PyModule {
    const module = new PyModule(name, null);
    module.opaque = true;
    this.initModuleDict(module, null, true);
    this.modules.set(name, module);
    return module;
  }

  private initModuleDict(module: PyModule, shownFile: string | null, isPackage: boolean): void {
    const dot = module.name.lastIndexOf('.');
    module.dict.set('__name__', module.name);
    module.dict.set('__package__', isPackage ? module.name : dot < 0 ? '' : module.name.slice(0, dot));
    module.dict.set('__doc__', null);
    module.dict.set('__spec__', new PyOpaque(`${module.name}.__spec__`));
    if (shownFile !== null) module.dict.set('__file__', shownFile);
    if (isPackage && shownFile !== null)
      module.dict.set('__path__', new PyList([shownFile.slice(0, shownFile.lastIndexOf('/'))]));
  }

  private executeModule(
    name: string,
    file: string,
    shownFile: string,
    parsed: ReturnType<SourceCache['treeModule']>,
    isPackage: boolean,
  ): PyModule {
    const module = new PyModule(name, file);
    this.initModuleDict(module, shownFile, isPackage);
    if (parsed === null) return this.raise('ModuleNotFoundError', `No module named '${name}'`);
    if (!parsed.ok) {
      return this.at({ file, line: parsed.error.lineno }, () =>
        this.raise('SyntaxError', `${parsed.error.msg} (${file}, line ${parsed.error.lineno})`),
      );
    }
    this.modules.set(name, module);
    const frame = new Frame('module', null, module, null, null, '');
    const saved = [this.file, this.line] as const;
    this.file = file;
    this.initializing.add(name);
    try {
      this.execBlock(parsed.module.body, frame, MODULE_LEVEL);
    } catch (error) {
      if (error instanceof PyRaise) this.modules.delete(name);
      throw error;
    } finally {
      this.initializing.delete(name);
      [this.file, this.line] = saved;
    }
    this.host.afterExecute?.(name, module, this);
    return module;
  }

  resolveLazy(lazy: PyLazyImport): PyValue {
    return this.at(lazy.at, () => {
      const module = this.importModule(lazy.module);
      return lazy.attr === null ? module : this.importName(module, lazy.attr);
    });
  }

  pendingSubmodule(module: PyModule, name: string): PyValue | undefined {
    const full = `${module.name}.${name}`;
    for (const pending of this.pending) {
      if (pending === full || pending.startsWith(`${full}.`)) {
        const child = this.importModule(full);
        return child;
      }
    }
    return undefined;
  }

  /** `from module import name`: an attribute, else a submodule, else ImportError. */
  importName(module: PyModule, name: string): PyValue {
    const direct = this.findAttr(module, name);
    if (direct !== undefined) return direct;
    const getattr = module.dict.get('__getattr__');
    if (getattr !== undefined) {
      try {
        return this.call(this.resolveEntry(getattr), args(name));
      } catch (error) {
        if (!(
          error instanceof PyRaise &&
          this.isInstance(error.exception, this.exceptions.get('AttributeError') as PyClass)
        ))
          throw error;
      }
    }
    const full = `${module.name}.${name}`;
    try {
      return this.importModule(full);
    } catch (error) {
      if (!(error instanceof PyRaise) || !this.isModuleNotFound(error, full)) throw error;
    }
    const where = module.dict.get('__file__');
    if (typeof where === 'string' && this.initializing.has(module.name))
      return this.raise(
        'ImportError',
        `cannot import name '${name}' from partially initialized module '${module.name}' (most likely due to a circular import) (${where})`,
      );
    const suffix = typeof where === 'string' ? ` (${where})` : module.opaque ? '' : ' (unknown location)';
    return this.raise('ImportError', `cannot import name '${name}' from '${module.name}'${suffix}`);
  }

  private isImportError(error: PyRaise): boolean {
    return this.isInstance(error.exception, this.exceptions.get('ImportError') as PyClass);
  }

  private isModuleNotFound(error: PyRaise, name: string): boolean {
    const cls = this.exceptions.get('ModuleNotFoundError') as PyClass;
    if (!this.isInstance(error.exception, cls)) return false;
    const payload = error.exception.payload;
    return payload?.kind === 'exception' && payload.args[0] === `No module named '${name}'`;
  }

  private absoluteModuleName(frame: Frame, module: string | null, level: number): string {
    if (level === 0) return module ?? '';
    const pkg = frame.module.dict.get('__package__');
    const parts = typeof pkg === 'string' && pkg !== '' ? pkg.split('.') : [];
    if (level - 1 > parts.length - 1 && parts.length < level)
      this.raise('ImportError', 'attempted relative import beyond top-level package');
    const base = parts.slice(0, parts.length - (level - 1));
    return [...base, ...(module === null ? [] : [module])].join('.');
  }

  // --- statements --------------------------------------------------------------

  execBlock(body: readonly StmtNode[], frame: Frame, mode: RunMode): Completion {
    for (const stmt of body) {
      let completion: Completion;
      if (mode.poison) {
        try {
          completion = this.execStmt(stmt, frame, mode);
        } catch (error) {
          if (error instanceof UnknownSignal) this.poison(stmt, frame, error.unknown);
          else if (mode.poisonExceptions && error instanceof PyRaise && !this.isImportError(error))
            this.poison(stmt, frame, {
              code: 'import-time-exception',
              file: error.file,
              line: error.line,
              what: `${error.exception.cls.name}: ${this.str(error.exception)}`,
            });
          else throw error;
          continue;
        }
      } else completion = this.execStmt(stmt, frame, mode);
      if (completion !== 'normal') return completion;
    }
    return 'normal';
  }

  private poison(stmt: StmtNode, frame: Frame, unknown: Unknown): void {
    this.skipped.push(unknown);
    const cause: Unknown = {
      code: 'not-evaluated',
      file: this.file,
      line: stmt.lineno,
      what: '',
      cause: unknown,
    };
    for (const name of boundNames([stmt])) {
      this.storeName(frame, name, new PyPoison({ ...cause, what: name }));
    }
  }

  private execStmt(s: StmtNode, frame: Frame, mode: RunMode): Completion {
    this.line = s.lineno;
    this.tick();
    switch (s._type) {
      case 'Expr':
        this.evalExpr(s.value, frame);
        return 'normal';
      case 'Assign': {
        const value = this.evalExpr(s.value, frame);
        for (const target of s.targets) this.assign(target, value, frame);
        return 'normal';
      }
      case 'AnnAssign':
        if (frame.kind === 'class' && s.target._type === 'Name' && s.simple) {
          frame.annotations.push(s.target.id);
          if (isClassVarAnnotation(s.annotation)) frame.classVars.add(s.target.id);
        }
        if (s.value !== null) this.assign(s.target, this.evalExpr(s.value, frame), frame);
        return 'normal';
      case 'AugAssign':
        this.augAssign(s.target, s.op._type, s.value, frame);
        return 'normal';
      case 'Return':
        this.returnValue = s.value === null ? null : this.evalExpr(s.value, frame);
        return 'return';
      case 'Pass':
      case 'Global':
      case 'Nonlocal':
        return 'normal';
      case 'Break':
        return 'break';
      case 'Continue':
        return 'continue';
      case 'If':
        return this.truthy(this.evalExpr(s.test, frame))
          ? this.execBlock(s.body, frame, mode)
          : this.execBlock(s.orelse, frame, mode);
      case 'While':
        while (this.truthy(this.evalExpr(s.test, frame))) {
          const c = this.execBlock(s.body, frame, mode);
          if (c === 'break') return 'normal';
          if (c === 'return') return c;
        }
        return this.execBlock(s.orelse, frame, mode);
      case 'For': {
        const iterable = this.evalExpr(s.iter, frame);
        for (const item of this.iterate(iterable)) {
          this.assign(s.target, item, frame);
          const c = this.execBlock(s.body, frame, mode);
          if (c === 'break') return 'normal';
          if (c === 'return') return c;
        }
        return this.execBlock(s.orelse, frame, mode);
      }
      case 'FunctionDef':
        this.storeName(frame, s.name, this.defineFunction(s, frame));
        return 'normal';
      case 'AsyncFunctionDef': {
        let value: PyValue = new PyBuiltin(s.name, () =>
          this.unknown('unsupported-syntax', `async def ${s.name}`),
        );
        const decorators = s.decorator_list.map((d) => this.evalExpr(d, frame));
        for (const d of decorators.reverse()) value = this.call(d, args(value));
        this.storeName(frame, s.name, value);
        return 'normal';
      }
      case 'ClassDef':
        this.storeName(frame, s.name, this.defineClass(s, frame));
        return 'normal';
      case 'Import':
        this.execImport(s, frame, mode);
        return 'normal';
      case 'ImportFrom':
        this.execImportFrom(s, frame, mode);
        return 'normal';
      case 'Raise':
        return this.execRaise(s.exc, frame);
      case 'Try':
        return this.execTry(s, frame, mode);
      case 'Assert':
        if (!this.truthy(this.evalExpr(s.test, frame))) {
          const cls = this.exceptions.get('AssertionError') as PyClass;
          const message = s.msg === null ? [] : [this.evalExpr(s.msg, frame)];
          this.raiseInstance(new PyInstance(cls, { kind: 'exception', args: message }));
        }
        return 'normal';
      case 'Delete':
        for (const target of s.targets) this.deleteTarget(target, frame);
        return 'normal';
      case 'With':
        return this.execWith(s.items, s.body, frame, mode);
      default:
        return this.unknown('unsupported-syntax', s._type);
    }
  }

  private execRaise(exc: ExprNode | null, frame: Frame): Completion {
    if (exc === null) {
      const current = this.handling[this.handling.length - 1];
      if (current === undefined) this.raise('RuntimeError', 'No active exception to reraise');
      throw current;
    }
    const value = this.evalExpr(exc, frame);
    const baseException = this.exceptions.get('BaseException') as PyClass;
    if (value instanceof PyClass && this.isSubclass(value, baseException)) {
      const instance = this.call(value, args());
      if (instance instanceof PyInstance) this.raiseInstance(instance);
    }
    if (value instanceof PyInstance && this.isSubclass(value.cls, baseException)) this.raiseInstance(value);
    if (value instanceof PyOpaque) this.unknown('opaque-value', `raise ${value.origin}`);
    return this.raise('TypeError', 'exceptions must derive from BaseException');
  }

  private execTry(s: Try, frame: Frame, mode: RunMode): Completion {
    const inner: RunMode = mode.lazyImports ? MODULE_LEVEL_IN_TRY : mode;
    let completion: Completion = 'normal';
    let pendingRaise: PyRaise | null = null;
    let savedReturn: PyValue = null;
    try {
      completion = this.execBlock(s.body, frame, inner);
      if (completion === 'normal') completion = this.execBlock(s.orelse, frame, inner);
    } catch (error) {
      if (!(error instanceof PyRaise)) throw error;
      const handler = this.matchHandler(s, error, frame);
      if (handler === null) pendingRaise = error;
      else {
        if (handler.name !== null) this.storeName(frame, handler.name, error.exception);
        this.handling.push(error);
        try {
          completion = this.execBlock(handler.body, frame, inner);
        } catch (inHandler) {
          if (!(inHandler instanceof PyRaise)) throw inHandler;
          pendingRaise = inHandler;
        } finally {
          this.handling.pop();
          if (handler.name !== null) this.deleteName(frame, handler.name, true);
        }
      }
    }
    if (s.finalbody.length > 0) {
      savedReturn = this.returnValue;
      const finalCompletion = this.execBlock(s.finalbody, frame, inner);
      if (finalCompletion !== 'normal') return finalCompletion;
      this.returnValue = savedReturn;
    }
    if (pendingRaise !== null) throw pendingRaise;
    return completion;
  }

  private matchHandler(
    s: Try,
    error: PyRaise,
    frame: Frame,
  ): { name: string | null; body: StmtNode[] } | null {
    for (const handler of s.handlers) {
      if (handler.type === null) return handler;
      const classes = this.evalExpr(handler.type, frame);
      if (this.isInstance(error.exception, classes)) return handler;
    }
    return null;
  }

  private execWith(
    items: readonly { context_expr: ExprNode; optional_vars: ExprNode | null }[],
    body: readonly StmtNode[],
    frame: Frame,
    mode: RunMode,
  ): Completion {
    if (items.length === 0) return this.execBlock(body, frame, mode);
    const [first, ...rest] = items;
    const manager = this.evalExpr(first.context_expr, frame);
    const enter = this.getAttr(manager, '__enter__');
    const exit = this.getAttr(manager, '__exit__');
    const entered = this.call(enter, args());
    if (first.optional_vars !== null) this.assign(first.optional_vars, entered, frame);
    let completion: Completion;
    try {
      completion = this.execWith(rest, body, frame, mode);
    } catch (error) {
      if (!(error instanceof PyRaise)) throw error;
      const suppress = this.call(exit, args(error.exception.cls, error.exception, null));
      if (this.truthy(suppress)) return 'normal';
      throw error;
    }
    this.call(exit, args(null, null, null));
    return completion;
  }

  private execImport(s: Import, frame: Frame, mode: RunMode): void {
    for (const alias of s.names) {
      const name = alias.name;
      const lazy = mode.lazyImports && this.importsLazily(name);
      if (alias.asname !== null) {
        const value = lazy ? new PyLazyImport(name, null, this.here()) : this.importModule(name);
        this.storeName(frame, alias.asname, value);
        continue;
      }
      const top = name.split('.')[0];
      if (lazy) {
        if (name.includes('.')) this.pending.add(name);
        const existing = this.modules.get(top);
        this.storeName(frame, top, existing ?? new PyLazyImport(top, null, this.here()));
      } else {
        this.importModule(name);
        this.storeName(frame, top, this.importModule(top));
      }
    }
  }

  private execImportFrom(s: ImportFrom, frame: Frame, mode: RunMode): void {
    const moduleName = this.absoluteModuleName(frame, s.module, s.level ?? 0);
    if (s.names.length === 1 && s.names[0].name === '*') {
      const module = this.importModule(moduleName);
      const all = module.dict.get('__all__');
      const names =
        all !== undefined
          ? [...this.iterate(this.resolveEntry(all))].map((n) => this.str(n))
          : [...module.dict.keys()].filter((k) => !k.startsWith('_'));
      for (const name of names) this.storeName(frame, name, this.importName(module, name));
      return;
    }
    if (mode.lazyImports && this.importsLazily(moduleName)) {
      const loaded = this.modules.get(moduleName);
      for (const alias of s.names) {
        // A name the loaded module itself still holds lazily stays lazy here too.
        const entry = loaded?.dict.get(alias.name);
        const value =
          loaded === undefined
            ? new PyLazyImport(moduleName, alias.name, this.here())
            : entry instanceof PyLazyImport || entry instanceof PyPoison
              ? entry
              : this.importName(loaded, alias.name);
        this.storeName(frame, alias.asname ?? alias.name, value);
      }
      return;
    }
    const module = this.importModule(moduleName);
    for (const alias of s.names) {
      // A name poisoned in its module stays poisoned here, without taking its neighbours with it.
      const entry = module.dict.get(alias.name);
      const value = entry instanceof PyPoison ? entry : this.importName(module, alias.name);
      this.storeName(frame, alias.asname ?? alias.name, value);
    }
  }

  // --- definitions ---------------------------------------------------------------

  private closureOf(frame: Frame): Frame | null {
    if (frame.kind === 'function' || frame.kind === 'comprehension') return frame;
    if (frame.kind === 'class') return frame.parent;
    return null;
  }

  private params(a: Arguments, frame: Frame): ParamSpec[] {
    const positional = [...a.posonlyargs, ...a.args];
    const defaults = a.defaults.map((d) => this.evalExpr(d, frame));
    const firstDefault = positional.length - defaults.length;
    const out: ParamSpec[] = positional.map((p, i) => ({
      name: p.arg,
      kind: i < a.posonlyargs.length ? 'positional-only' : 'positional',
      default: i >= firstDefault ? defaults[i - firstDefault] : undefined,
    }));
    if (a.vararg !== null) out.push({ name: a.vararg.arg, kind: 'var-positional', default: undefined });
    a.kwonlyargs.forEach((p, i) => {
      const d = a.kw_defaults[i] as ExprNode | null | undefined;
      out.push({ name: p.arg, kind: 'keyword-only', default: d ? this.evalExpr(d, frame) : undefined });
    });
    if (a.kwarg !== null) out.push({ name: a.kwarg.arg, kind: 'var-keyword', default: undefined });
    return out;
  }

  private defineFunction(s: FunctionDef, frame: Frame): PyValue {
    const decorators = s.decorator_list.map((d) => this.evalExpr(d, frame));
    const qualname = frame.qualname === '' ? s.name : `${frame.qualname}.${s.name}`;
    const fn = new PyFunction(
      s.name,
      qualname,
      s,
      s.body,
      this.params(s.args, frame),
      this.closureOf(frame),
      frame.module,
      this.file,
    );
    let value: PyValue = fn;
    for (let i = decorators.length - 1; i >= 0; i--) {
      this.line = s.decorator_list[i].lineno;
      value = this.call(decorators[i], args(value));
    }
    return value;
  }

  private defineLambda(e: Lambda, frame: Frame): PyFunction {
    const qualname = frame.qualname === '' ? '<lambda>' : `${frame.qualname}.<lambda>`;
    return new PyFunction(
      '<lambda>',
      qualname,
      e,
      e.body,
      this.params(e.args, frame),
      this.closureOf(frame),
      frame.module,
      this.file,
    );
  }

  private defineClass(s: ClassDef, frame: Frame): PyValue {
    const decorators = s.decorator_list.map((d) => this.evalExpr(d, frame));
    const bases: PyValue[] = [];
    for (const b of s.bases) {
      if (b._type === 'Starred') bases.push(...this.iterate(this.evalExpr(b.value, frame)));
      else bases.push(this.evalExpr(b, frame));
    }
    let metaclass: PyValue | undefined;
    const classKwargs = new Map<string, PyValue>();
    for (const k of s.keywords) {
      if (k.arg === 'metaclass') metaclass = this.evalExpr(k.value, frame);
      else if (k.arg !== null) classKwargs.set(k.arg, this.evalExpr(k.value, frame));
    }
    const qualname = frame.qualname === '' ? s.name : `${frame.qualname}.${s.name}`;
    const body = new Frame('class', this.closureOf(frame), frame.module, null, null, qualname);
    body.locals.set('__module__', this.moduleName(frame.module));
    body.locals.set('__qualname__', qualname);
    this.execBlock(s.body, body, CLASS_BODY);
    this.line = s.lineno;
    let value: PyValue = this.createClass(s.name, qualname, bases, body, metaclass, classKwargs);
    for (let i = decorators.length - 1; i >= 0; i--) value = this.call(decorators[i], args(value));
    return value;
  }

  private moduleName(module: PyModule): string {
    const name = module.dict.get('__name__');
    return typeof name === 'string' ? name : module.name;
  }

  /** type(name, bases, namespace), with NamedTuple, Generic[...] and metaclasses handled. */
  createClass(
    name: string,
    qualname: string,
    baseValues: readonly PyValue[],
    body: Frame,
    explicitMeta: PyValue | undefined,
    classKwargs: ReadonlyMap<string, PyValue>,
  ): PyClass {
    for (const base of baseValues) {
      const factory = base instanceof PyObject ? classFactories.get(base) : undefined;
      if (factory !== undefined) return factory(this, name, qualname, body);
    }
    const bases: PyClass[] = [];
    for (const base of baseValues) {
      if (base instanceof PyClass) bases.push(base);
      // Base[T], list[int]: __mro_entries__ gives the class subscripted.
      else if (base instanceof PyTypingForm && base.origin !== null) {
        if (!bases.includes(base.origin)) bases.push(base.origin);
      } else if (base instanceof PyTypingForm)
        continue; // Generic[T], Protocol[...]: their __mro_entries__ add nothing we model
      else if (base instanceof PyOpaque) this.unknown('opaque-value', `class ${name}(${base.origin})`);
      else this.raise('TypeError', `bases must be types`);
    }
    if (bases.length === 0) bases.push(this.types.object);
    let metaclass: PyClass | null = null;
    if (explicitMeta instanceof PyClass) {
      metaclass = explicitMeta === this.types.type ? null : explicitMeta;
    } else if (explicitMeta instanceof PyOpaque)
      this.unknown('opaque-value', `metaclass ${explicitMeta.origin}`);
    for (const base of bases) {
      const m = base.metaclass;
      if (m !== null && (metaclass === null || this.isSubclass(m, metaclass))) metaclass = m;
    }
    if (metaclass !== null && plainMetaclasses.has(metaclass)) metaclass = null;
    const cls = new PyClass(name, qualname, this.moduleName(body.module), bases, metaclass, null);
    const mro = c3Mro(cls, bases);
    if (mro === null) this.raise('TypeError', 'Cannot create a consistent method resolution order (MRO)');
    cls.mro = mro;
    for (const [key, value] of body.locals) {
      cls.dict.set(key, value);
      this.setDefiningClass(value, cls);
    }
    annotationsOf.set(
      cls,
      body.annotations.filter((n) => !body.classVars.has(n)),
    );
    const native = cls.mro.slice(1).find((c) => c.native?.initSubclass !== undefined);
    native?.native?.initSubclass?.(cls);
    const hook = cls.mro.slice(1).find((c) => c.dict.has('__init_subclass__'));
    if (hook !== undefined) {
      const fn = this.resolveEntry(hook.dict.get('__init_subclass__') as PyValue);
      const func = fn instanceof PyClassMethod ? fn.func : fn;
      if (func instanceof PyFunction)
        this.call(new PyBoundMethod(cls, func), { args: [], kwargs: classKwargs });
    }
    return cls;
  }

  private setDefiningClass(value: PyValue, cls: PyClass): void {
    if (value instanceof PyFunction) value.definingClass ??= cls;
    else if (value instanceof PyClassMethod || value instanceof PyStaticMethod)
      this.setDefiningClass(value.func, cls);
    else if (value instanceof PyProperty) this.setDefiningClass(value.fget, cls);
    else if (value instanceof PyCachedFunction) this.setDefiningClass(value.func, cls);
  }

  // --- calls -------------------------------------------------------------------------

  callFunction(fn: PyFunction, call: CallArgs): PyValue {
    if (this.depth >= Runtime.MAX_DEPTH) this.unknown('recursion-limit', fn.qualname);
    const scope = functionScope(fn.node);
    if (scope.isGenerator) this.unknown('unsupported-syntax', `generator function ${fn.qualname}`);
    const frame = new Frame('function', fn.closure, fn.module, scope, fn, `${fn.qualname}.<locals>`);
    this.bindArguments(fn, call, frame);
    this.observer?.onCall?.(fn, frame);
    const saved = [this.file, this.line] as const;
    this.file = fn.file;
    this.depth++;
    this.frames.push(frame);
    let result: PyValue;
    try {
      if (Array.isArray(fn.body)) {
        const completion = this.execBlock(fn.body as StmtNode[], frame, IN_FUNCTION);
        result = completion === 'return' ? this.returnValue : null;
        this.returnValue = null;
      } else result = this.evalExpr(fn.body as ExprNode, frame);
    } finally {
      this.frames.pop();
      this.depth--;
      [this.file, this.line] = saved;
    }
    this.observer?.onReturn?.(fn, frame, result);
    return result;
  }

  private bindArguments(fn: PyFunction, call: CallArgs, frame: Frame): void {
    const params = fn.params;
    const locals = frame.locals;
    const name = `${fn.qualname}()`;
    const positional = params.filter((p) => p.kind === 'positional-only' || p.kind === 'positional');
    const varPositional = params.find((p) => p.kind === 'var-positional');
    const varKeyword = params.find((p) => p.kind === 'var-keyword');
    const given = call.args;
    if (given.length > positional.length && varPositional === undefined) {
      this.raise(
        'TypeError',
        `${name} takes ${positional.length} positional argument${positional.length === 1 ? '' : 's'} but ${given.length} ${given.length === 1 ? 'was' : 'were'} given`,
      );
    }
    for (let i = 0; i < Math.min(given.length, positional.length); i++)
      locals.set(positional[i].name, given[i]);
    if (varPositional !== undefined)
      locals.set(varPositional.name, new PyTuple(given.slice(positional.length)));
    const extra = new PyDict();
    for (const [key, value] of call.kwargs) {
      const param = params.find(
        (p) =>
          p.name === key &&
          p.kind !== 'positional-only' &&
          p.kind !== 'var-positional' &&
          p.kind !== 'var-keyword',
      );
      if (param === undefined) {
        if (varKeyword === undefined)
          this.raise('TypeError', `${name} got an unexpected keyword argument '${key}'`);
        this.dictSet(extra, key, value);
        continue;
      }
      if (locals.has(key)) this.raise('TypeError', `${name} got multiple values for argument '${key}'`);
      locals.set(key, value);
    }
    if (varKeyword !== undefined) locals.set(varKeyword.name, extra);
    const missing: string[] = [];
    for (const p of params) {
      if (p.kind === 'var-positional' || p.kind === 'var-keyword' || locals.has(p.name)) continue;
      if (p.default !== undefined) locals.set(p.name, p.default);
      else missing.push(p.name);
    }
    if (missing.length > 0) {
      const kind =
        params.find((p) => p.name === missing[0])?.kind === 'keyword-only' ? 'keyword-only' : 'positional';
      const quoted = missing.map((m) => `'${m}'`);
      const list =
        quoted.length === 1
          ? quoted[0]
          : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
      this.raise(
        'TypeError',
        `${name} missing ${missing.length} required ${kind} argument${missing.length === 1 ? '' : 's'}: ${list}`,
      );
    }
  }

  /** super() without arguments, from the calling frame's __class__ and first argument. */
  zeroArgSuper(): PySuper {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const frame = this.frames[i];
      const fn = frame.func;
      if (fn === null || fn.definingClass === null) continue;
      const first = fn.params[0];
      if (first === undefined) break;
      const self = frame.locals.get(first.name);
      if (self === undefined) break;
      const thisClass = fn.definingClass;
      const startType =
        self instanceof PyClass && this.isSubclass(self, thisClass) ? self : this.typeOf(self);
      return new PySuper(thisClass, self, startType);
    }
    return this.raise('RuntimeError', 'super(): no arguments');
  }

  // --- names and targets ---------------------------------------------------------------

  loadName(frame: Frame, name: string): PyValue {
    const found = this.lookupName(frame, name);
    if (found !== undefined) return found;
    return this.raise('NameError', `name '${name}' is not defined`);
  }

  private lookupName(frame: Frame, name: string): PyValue | undefined {
    switch (frame.kind) {
      case 'module':
        return this.globalName(frame.module, name);
      case 'class': {
        const own = frame.locals.get(name);
        if (own !== undefined) return this.resolveLocal(frame.locals, name, own);
        return this.freeName(frame.parent, frame.module, name);
      }
      case 'function': {
        const scope = frame.scope;
        if (scope !== null && scope.globals.has(name)) return this.globalName(frame.module, name);
        if (scope !== null && scope.locals.has(name)) {
          const value = frame.locals.get(name);
          if (value === undefined)
            return this.raise(
              'UnboundLocalError',
              `cannot access local variable '${name}' where it is not associated with a value`,
            );
          return value;
        }
        return this.freeName(frame.parent, frame.module, name);
      }
      case 'comprehension': {
        const own = frame.locals.get(name);
        if (own !== undefined) return own;
        return this.freeName(frame.parent, frame.module, name);
      }
    }
  }

  private resolveLocal(map: Map<string, PyValue>, name: string, value: PyValue): PyValue {
    if (value instanceof PyLazyImport || value instanceof PyDeferred) {
      const resolved = this.resolveEntry(value);
      map.set(name, resolved);
      return resolved;
    }
    return this.resolveEntry(value);
  }

  private freeName(start: Frame | null, module: PyModule, name: string): PyValue | undefined {
    for (let f = start; f !== null; f = f.parent) {
      if (f.kind === 'function' && f.scope !== null) {
        if (f.scope.locals.has(name)) {
          const value = f.locals.get(name);
          if (value === undefined)
            return this.raise(
              'NameError',
              `cannot access free variable '${name}' where it is not associated with a value in enclosing scope`,
            );
          return value;
        }
      } else if (f.kind === 'comprehension' && f.locals.has(name)) return f.locals.get(name);
    }
    return this.globalName(module, name);
  }

  private globalName(module: PyModule, name: string): PyValue | undefined {
    const entry = module.dict.get(name);
    if (entry !== undefined) return this.resolveLocal(module.dict, name, entry);
    const builtin = this.builtins.dict.get(name);
    return builtin;
  }

  storeName(frame: Frame, name: string, value: PyValue): void {
    switch (frame.kind) {
      case 'module':
        frame.module.dict.set(name, value);
        return;
      case 'class':
      case 'comprehension':
        frame.locals.set(name, value);
        return;
      case 'function': {
        const scope = frame.scope;
        if (scope !== null && scope.globals.has(name)) {
          frame.module.dict.set(name, value);
          return;
        }
        if (scope !== null && scope.nonlocals.has(name)) {
          for (let f = frame.parent; f !== null; f = f.parent) {
            if (f.kind === 'function' && f.scope?.locals.has(name)) {
              f.locals.set(name, value);
              return;
            }
          }
        }
        frame.locals.set(name, value);
      }
    }
  }

  private deleteName(frame: Frame, name: string, quiet = false): void {
    const map = frame.kind === 'module' ? frame.module.dict : frame.locals;
    if (!map.delete(name) && !quiet) this.raise('NameError', `name '${name}' is not defined`);
  }

  private assign(target: ExprNode, value: PyValue, frame: Frame): void {
    switch (target._type) {
      case 'Name':
        this.storeName(frame, target.id, value);
        return;
      case 'Attribute':
        this.setAttr(this.evalExpr(target.value, frame), target.attr, value);
        return;
      case 'Subscript':
        this.setItem(this.evalExpr(target.value, frame), this.evalExpr(target.slice, frame), value);
        return;
      case 'Tuple':
      case 'List': {
        const items = [...this.iterate(value)];
        const star = target.elts.findIndex((e) => e._type === 'Starred');
        if (star < 0) {
          if (items.length !== target.elts.length) {
            if (items.length > target.elts.length)
              this.raise('ValueError', `too many values to unpack (expected ${target.elts.length})`);
            this.raise(
              'ValueError',
              `not enough values to unpack (expected ${target.elts.length}, got ${items.length})`,
            );
          }
          target.elts.forEach((e, i) => this.assign(e, items[i], frame));
          return;
        }
        const after = target.elts.length - star - 1;
        if (items.length < target.elts.length - 1)
          this.raise(
            'ValueError',
            `not enough values to unpack (expected at least ${target.elts.length - 1}, got ${items.length})`,
          );
        for (let i = 0; i < star; i++) this.assign(target.elts[i], items[i], frame);
        const starred = target.elts[star];
        if (starred._type === 'Starred')
          this.assign(starred.value, new PyList(items.slice(star, items.length - after)), frame);
        for (let i = 0; i < after; i++)
          this.assign(target.elts[star + 1 + i], items[items.length - after + i], frame);
        return;
      }
      case 'Starred':
        this.assign(target.value, value, frame);
        return;
      default:
        this.unknown('unsupported-syntax', `assignment to ${target._type}`);
    }
  }

  private augAssign(target: ExprNode, op: string, valueNode: ExprNode, frame: Frame): void {
    const inPlace = (current: PyValue, operand: PyValue): PyValue => {
      if (current instanceof PyList && op === 'Add') {
        current.items.push(...this.iterate(operand));
        return current;
      }
      if (
        current instanceof PySet &&
        operand instanceof PySet &&
        (op === 'BitOr' || op === 'BitAnd' || op === 'Sub')
      ) {
        const result = this.binaryOp(op, current, operand) as PySet;
        current.entries.clear();
        for (const [k, v] of result.entries) current.entries.set(k, v);
        return current;
      }
      if (current instanceof PyDict && op === 'BitOr' && operand instanceof PyDict) {
        for (const e of operand.entries.values()) this.dictSet(current, e.key, e.value);
        return current;
      }
      return this.binaryOp(op, current, operand);
    };
    switch (target._type) {
      case 'Name': {
        const current = this.loadName(frame, target.id);
        this.storeName(frame, target.id, inPlace(current, this.evalExpr(valueNode, frame)));
        return;
      }
      case 'Attribute': {
        const obj = this.evalExpr(target.value, frame);
        const current = this.getAttr(obj, target.attr);
        this.setAttr(obj, target.attr, inPlace(current, this.evalExpr(valueNode, frame)));
        return;
      }
      case 'Subscript': {
        const obj = this.evalExpr(target.value, frame);
        const key = this.evalExpr(target.slice, frame);
        const current = this.getItem(obj, key);
        this.setItem(obj, key, inPlace(current, this.evalExpr(valueNode, frame)));
        return;
      }
      default:
        this.unknown('unsupported-syntax', `augmented assignment to ${target._type}`);
    }
  }

  private deleteTarget(target: ExprNode, frame: Frame): void {
    switch (target._type) {
      case 'Name':
        this.deleteName(frame, target.id);
        return;
      case 'Subscript':
        this.deleteItem(this.evalExpr(target.value, frame), this.evalExpr(target.slice, frame));
        return;
      case 'Attribute': {
        const obj = this.evalExpr(target.value, frame);
        if (obj instanceof PyInstance && obj.dict.delete(target.attr)) return;
        if (obj instanceof PyModule && obj.dict.delete(target.attr)) return;
        if (obj instanceof PyClass && obj.dict.delete(target.attr)) return;
        this.raise('AttributeError', target.attr);
        return;
      }
      case 'Tuple':
      case 'List':
        for (const e of target.elts) this.deleteTarget(e, frame);
        return;
      default:
        this.unknown('unsupported-syntax', `del ${target._type}`);
    }
  }

  // --- expressions ------------------------------------------------------------------------

  evalExpr(e: ExprNode, frame: Frame): PyValue {
    switch (e._type) {
      case 'Constant':
        return this.constant(e.value);
      case 'Name':
        return this.loadName(frame, e.id);
      case 'Attribute':
        return this.getAttr(this.evalExpr(e.value, frame), e.attr);
      case 'Call':
        return this.evalCall(e.func, e.args, e.keywords, frame);
      case 'BoolOp': {
        let value: PyValue = null;
        for (const operand of e.values) {
          value = this.evalExpr(operand, frame);
          const truth = this.truthy(value);
          if (e.op._type === 'And' ? !truth : truth) return value;
        }
        return value;
      }
      case 'UnaryOp': {
        const operand = this.evalExpr(e.operand, frame);
        switch (e.op._type) {
          case 'Not':
            return !this.truthy(operand);
          case 'USub':
            return this.unaryMinus(operand);
          case 'UAdd':
            return (
              this.intValue(operand) ??
              (typeof operand === 'number' ? operand : this.unknown('unsupported-builtin', '+x'))
            );
          case 'Invert': {
            const n = this.intValue(operand);
            if (n === undefined)
              return this.raise('TypeError', `bad operand type for unary ~: '${this.typeName(operand)}'`);
            return ~n;
          }
        }
        return null;
      }
      case 'BinOp':
        return this.binaryOp(e.op._type, this.evalExpr(e.left, frame), this.evalExpr(e.right, frame));
      case 'Compare': {
        let left = this.evalExpr(e.left, frame);
        for (let i = 0; i < e.ops.length; i++) {
          const right = this.evalExpr(e.comparators[i], frame);
          if (!this.compareOp(e.ops[i]._type, left, right)) return false;
          left = right;
        }
        return true;
      }
      case 'IfExp':
        return this.truthy(this.evalExpr(e.test, frame))
          ? this.evalExpr(e.body, frame)
          : this.evalExpr(e.orelse, frame);
      case 'List':
        return new PyList(this.evalElements(e.elts, frame));
      case 'Tuple':
        return new PyTuple(this.evalElements(e.elts, frame));
      case 'Set':
        return this.newSet(this.evalElements(e.elts, frame));
      case 'Dict': {
        const d = new PyDict();
        e.keys.forEach((keyNode, i) => {
          if (keyNode === null) {
            const other = this.evalExpr(e.values[i], frame);
            for (const key of this.iterate(other)) this.dictSet(d, key, this.getItem(other, key));
          } else this.dictSet(d, this.evalExpr(keyNode, frame), this.evalExpr(e.values[i], frame));
        });
        return d;
      }
      case 'JoinedStr':
        return e.values
          .map((v) =>
            v._type === 'Constant' ? this.str(this.constant(v.value)) : this.str(this.evalExpr(v, frame)),
          )
          .join('');
      case 'FormattedValue': {
        const value = this.evalExpr(e.value, frame);
        const converted =
          e.conversion === 114
            ? this.repr(value)
            : e.conversion === 115
              ? this.str(value)
              : e.conversion === 97
                ? this.repr(value)
                : value;
        const spec = e.format_spec === null ? '' : this.str(this.evalExpr(e.format_spec, frame));
        return this.format(converted, spec);
      }
      case 'Subscript':
        return this.getItem(this.evalExpr(e.value, frame), this.evalExpr(e.slice, frame));
      case 'Slice':
        return new PySlice(
          e.lower === null ? null : this.evalExpr(e.lower, frame),
          e.upper === null ? null : this.evalExpr(e.upper, frame),
          e.step === null ? null : this.evalExpr(e.step, frame),
        );
      case 'Lambda':
        return this.defineLambda(e, frame);
      case 'ListComp':
        return new PyList([...this.comprehension(e.generators, frame, (f) => this.evalExpr(e.elt, f))]);
      case 'SetComp':
        return this.newSet(this.comprehension(e.generators, frame, (f) => this.evalExpr(e.elt, f)));
      case 'GeneratorExp':
        return new PyIterator(this.comprehension(e.generators, frame, (f) => this.evalExpr(e.elt, f)));
      case 'DictComp': {
        const d = new PyDict();
        for (const [k, v] of this.comprehension(
          e.generators,
          frame,
          (f) => [this.evalExpr(e.key, f), this.evalExpr(e.value, f)] as const,
        ))
          this.dictSet(d, k, v);
        return d;
      }
      case 'NamedExpr': {
        const value = this.evalExpr(e.value, frame);
        let target = frame;
        while (target.kind === 'comprehension' && target.parent !== null) target = target.parent;
        if (e.target._type === 'Name')
          this.storeName(target.kind === 'comprehension' ? frame : target, e.target.id, value);
        return value;
      }
      case 'Starred':
        return this.unknown('unsupported-syntax', 'starred expression');
      default:
        return this.unknown('unsupported-syntax', e._type);
    }
  }

  private constant(value: import('../python/values.js').PyConstant): PyValue {
    if (value === null || typeof value !== 'object') return value;
    if (value.pyType === 'ellipsis') return ELLIPSIS_VALUE;
    return this.unknown('unsupported-syntax', `${value.pyType} literal`);
  }

  private unaryMinus(operand: PyValue): PyValue {
    const n = this.intValue(operand);
    if (n !== undefined) return -n;
    if (typeof operand === 'number') return -operand;
    const method = this.userMethod(operand, '__neg__');
    if (method !== undefined) return this.call(method, args());
    if (operand instanceof PyOpaque) return this.unknown('opaque-value', `-${operand.origin}`);
    return this.raise('TypeError', `bad operand type for unary -: '${this.typeName(operand)}'`);
  }

  private compareOp(op: string, left: PyValue, right: PyValue): boolean {
    switch (op) {
      case 'Eq':
        return this.equals(left, right);
      case 'NotEq': {
        const ne = this.userMethod(left, '__ne__');
        if (ne !== undefined) return this.truthy(this.call(ne, args(right)));
        return !this.equals(left, right);
      }
      case 'Is':
        return this.identical(left, right);
      case 'IsNot':
        return !this.identical(left, right);
      case 'In':
        return this.contains(right, left);
      case 'NotIn':
        return !this.contains(right, left);
      default:
        return this.compare(op as CompareOp, left, right);
    }
  }

  /** `a is b`: identity; equal small scalars are the same object in CPython (None, bools, interned values). */
  identical(a: PyValue, b: PyValue): boolean {
    if (a instanceof PyOpaque || b instanceof PyOpaque) {
      if (a === b) return true;
      return this.unknown('opaque-value', `${a instanceof PyOpaque ? a.origin : (b as PyOpaque).origin} is`);
    }
    if (a === null || b === null || typeof a === 'boolean' || typeof b === 'boolean') return a === b;
    if (a instanceof PyObject || b instanceof PyObject) return a === b;
    if (typeof a === 'bigint' && typeof b === 'bigint' && a === b && a >= -5n && a <= 256n) return true;
    if (typeof a === 'string' && typeof b === 'string' && a === b) return true;
    return this.unknown('unsupported-builtin', '`is` between equal numbers');
  }

  private evalElements(elements: readonly ExprNode[], frame: Frame): PyValue[] {
    const out: PyValue[] = [];
    for (const el of elements) {
      if (el._type === 'Starred') out.push(...this.iterate(this.evalExpr(el.value, frame)));
      else out.push(this.evalExpr(el, frame));
    }
    return out;
  }

  private evalCall(
    funcNode: ExprNode,
    argNodes: readonly ExprNode[],
    keywordNodes: readonly { arg: string | null; value: ExprNode }[],
    frame: Frame,
  ): PyValue {
    const callee = this.evalExpr(funcNode, frame);
    const line = this.line;
    const positional = this.evalElements(argNodes, frame);
    const kwargs = new Map<string, PyValue>();
    for (const k of keywordNodes) {
      const value = this.evalExpr(k.value, frame);
      if (k.arg !== null) {
        if (kwargs.has(k.arg)) this.raise('TypeError', `keyword argument repeated: ${k.arg}`);
        kwargs.set(k.arg, value);
        continue;
      }
      for (const key of this.iterate(value)) {
        if (typeof key !== 'string') this.raise('TypeError', 'keywords must be strings');
        if (kwargs.has(key)) this.raise('TypeError', `got multiple values for keyword argument '${key}'`);
        kwargs.set(key, this.getItem(value, key));
      }
    }
    this.line = line;
    if (callee === this.superBuiltin && positional.length === 0) return this.zeroArgSuper();
    return this.call(callee, { args: positional, kwargs });
  }

  /** The builtin super, recognised at call sites for its zero-argument form. */
  superBuiltin: PyValue = null;

  private *comprehension<T>(
    generators: readonly Comprehension[],
    frame: Frame,
    produce: (f: Frame) => T,
  ): Generator<T, void, undefined> {
    // The first iterable is evaluated in the enclosing scope, at once.
    const firstIterable = this.evalExpr(generators[0].iter, frame);
    const parent = frame.kind === 'class' ? frame.parent : frame;
    const inner = new Frame('comprehension', parent, frame.module, null, null, frame.qualname);
    yield* this.comprehensionLevel(generators, 0, firstIterable, inner, produce);
  }

  private *comprehensionLevel<T>(
    generators: readonly Comprehension[],
    index: number,
    iterable: PyValue,
    inner: Frame,
    produce: (f: Frame) => T,
  ): Generator<T, void, undefined> {
    const g = generators[index];
    for (const item of this.iterate(iterable)) {
      this.assign(g.target, item, inner);
      if (!g.ifs.every((cond) => this.truthy(this.evalExpr(cond, inner)))) continue;
      if (index + 1 === generators.length) yield produce(inner);
      else
        yield* this.comprehensionLevel(
          generators,
          index + 1,
          this.evalExpr(generators[index + 1].iter, inner),
          inner,
          produce,
        );
    }
  }
}

/** Metaclasses that behave as `type` for the evaluator (ABCMeta). */
export const plainMetaclasses = new WeakSet<PyClass>();

/** Annotated names of a class body, in order (dataclass fields). */
export const annotationsOf = new WeakMap<PyClass, readonly string[]>();

/** `ClassVar[...]`, `typing.ClassVar[...]` or a bare ClassVar, read from the annotation's syntax (never evaluated). */
function isClassVarAnnotation(annotation: ExprNode): boolean {
  const head = annotation._type === 'Subscript' ? annotation.value : annotation;
  if (head._type === 'Name') return head.id === 'ClassVar';
  if (head._type === 'Attribute') return head.attr === 'ClassVar';
  if (annotation._type === 'Constant' && typeof annotation.value === 'string')
    return /^(typing\.)?ClassVar\b/.test(annotation.value);
  return false;
}
