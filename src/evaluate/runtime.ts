// Python's object protocols over the evaluator's values: types, attribute
// lookup and descriptors, calls and instantiation, operators, comparison,
// hashing, iteration, str() and repr(). The interpreter (statements and
// expressions) extends this class; builtins and the standard library call it.

import { compareStrings, pyEquals, pyFloorDiv, pyRepr, pyTruthy, PyValueError } from '../python/values.js';
import { PyRaise } from './errors.js';
import {
  formatFloatSpec,
  formatInt,
  formatStr,
  parseFormatSpec,
  parsePercentTemplate,
  percentToSpec,
  type FormatSpec,
} from './format.js';
import {
  ELLIPSIS_VALUE,
  NOT_IMPLEMENTED,
  PyBoundMethod,
  PyBuiltin,
  PyCachedFunction,
  PyClass,
  PyClassMethod,
  PyDict,
  PyDictView,
  PyFunction,
  PyHashValue,
  PyInstance,
  PyIterator,
  PyList,
  PyModule,
  PyObject,
  PyOpaque,
  PyPartial,
  PyProperty,
  PyRange,
  PySet,
  PySlice,
  PyStaticMethod,
  PySuper,
  PyTuple,
  PyTypingForm,
  type CallArgs,
  type NativeClass,
  type PyValue,
  type SourceRef,
} from './objects.js';
import { PyDeferred, PyPoison, PyLazyImport } from './bindings.js';
import { UnknownSignal, type UnknownCode } from './unknown.js';

const NO_KWARGS: ReadonlyMap<string, PyValue> = new Map();

export function args(...values: PyValue[]): CallArgs {
  return { args: values, kwargs: NO_KWARGS };
}

/** The names of the builtin exception classes, child -> parent (CPython 3.11's hierarchy, as used). */
const EXCEPTION_TREE: readonly (readonly [string, string | null])[] = [
  ['BaseException', null],
  ['Exception', 'BaseException'],
  ['SystemExit', 'BaseException'],
  ['KeyboardInterrupt', 'BaseException'],
  ['GeneratorExit', 'BaseException'],
  ['ArithmeticError', 'Exception'],
  ['ZeroDivisionError', 'ArithmeticError'],
  ['OverflowError', 'ArithmeticError'],
  ['AssertionError', 'Exception'],
  ['AttributeError', 'Exception'],
  ['BufferError', 'Exception'],
  ['EOFError', 'Exception'],
  ['ImportError', 'Exception'],
  ['SyntaxError', 'Exception'],
  ['IndentationError', 'SyntaxError'],
  ['ModuleNotFoundError', 'ImportError'],
  ['LookupError', 'Exception'],
  ['IndexError', 'LookupError'],
  ['KeyError', 'LookupError'],
  ['MemoryError', 'Exception'],
  ['NameError', 'Exception'],
  ['UnboundLocalError', 'NameError'],
  ['OSError', 'Exception'],
  ['FileNotFoundError', 'OSError'],
  ['PermissionError', 'OSError'],
  ['TimeoutError', 'OSError'],
  ['ConnectionError', 'OSError'],
  ['RuntimeError', 'Exception'],
  ['NotImplementedError', 'RuntimeError'],
  ['RecursionError', 'RuntimeError'],
  ['StopIteration', 'Exception'],
  ['TypeError', 'Exception'],
  ['ValueError', 'Exception'],
  ['UnicodeError', 'ValueError'],
  ['Warning', 'Exception'],
  ['UserWarning', 'Warning'],
  ['DeprecationWarning', 'Warning'],
  ['FutureWarning', 'Warning'],
  ['RuntimeWarning', 'Warning'],
];

/** The builtin types the runtime needs by name. */
export interface BuiltinTypes {
  readonly object: PyClass;
  readonly type: PyClass;
  readonly NoneType: PyClass;
  readonly bool: PyClass;
  readonly int: PyClass;
  readonly float: PyClass;
  readonly str: PyClass;
  readonly list: PyClass;
  readonly tuple: PyClass;
  readonly dict: PyClass;
  readonly set: PyClass;
  readonly frozenset: PyClass;
  readonly function: PyClass;
  readonly builtinFunction: PyClass;
  readonly method: PyClass;
  readonly module: PyClass;
  readonly range: PyClass;
  readonly slice: PyClass;
  readonly iterator: PyClass;
  readonly property: PyClass;
  readonly classmethod: PyClass;
  readonly staticmethod: PyClass;
  readonly super: PyClass;
  readonly cachedFunction: PyClass;
  readonly partial: PyClass;
  readonly typingForm: PyClass;
  readonly notImplementedType: PyClass;
  readonly ellipsis: PyClass;
  readonly dictView: PyClass;
}

/** The hook names of binary operators: op -> [method, reflected method, symbol]. */
export const BINARY_DUNDERS: Readonly<Record<string, readonly [string, string, string]>> = {
  Add: ['__add__', '__radd__', '+'],
  Sub: ['__sub__', '__rsub__', '-'],
  Mult: ['__mul__', '__rmul__', '*'],
  Div: ['__truediv__', '__rtruediv__', '/'],
  FloorDiv: ['__floordiv__', '__rfloordiv__', '//'],
  Mod: ['__mod__', '__rmod__', '%'],
  Pow: ['__pow__', '__rpow__', '**'],
  LShift: ['__lshift__', '__rlshift__', '<<'],
  RShift: ['__rshift__', '__rrshift__', '>>'],
  BitOr: ['__or__', '__ror__', '|'],
  BitXor: ['__xor__', '__rxor__', '^'],
  BitAnd: ['__and__', '__rand__', '&'],
  MatMult: ['__matmul__', '__rmatmul__', '@'],
};

export type CompareOp = 'Lt' | 'LtE' | 'Gt' | 'GtE';
const COMPARE_DUNDERS: Record<CompareOp, readonly [string, string, string]> = {
  Lt: ['__lt__', '__gt__', '<'],
  LtE: ['__le__', '__ge__', '<='],
  Gt: ['__gt__', '__lt__', '>'],
  GtE: ['__ge__', '__le__', '>='],
};

/** C3 linearisation; null where Python raises "Cannot create a consistent method resolution order". */
export function c3Mro(cls: PyClass, bases: readonly PyClass[]): PyClass[] | null {
  const sequences = [...bases.map((b) => [...b.mro]), [...bases]].filter((s) => s.length > 0);
  const result: PyClass[] = [cls];
  for (;;) {
    const live = sequences.filter((s) => s.length > 0);
    if (live.length === 0) return result;
    let candidate: PyClass | null = null;
    for (const sequence of live) {
      const head = sequence[0];
      if (!live.some((s) => s.indexOf(head) > 0)) {
        candidate = head;
        break;
      }
    }
    if (candidate === null) return null;
    result.push(candidate);
    for (const sequence of live) if (sequence[0] === candidate) sequence.shift();
  }
}

export abstract class Runtime {
  readonly types: BuiltinTypes;
  readonly exceptions = new Map<string, PyClass>();
  /** Python call depth, bounded well below what the JS stack holds. */
  depth = 0;
  static readonly MAX_DEPTH = 180;
  /**
   * Statements run and range items iterated in one run (WorldSession.begin
   * starts one): a tree whose selection code loops forever, or for hours,
   * gets an Unknown at the statement, not a hang (1 M steps take 0.1-1.2 s,
   * the most for set(range(...))). The largest run seen (explain on three real
   * trees, 5 GPUs, 3 head sizes) took 3,862 steps: the bound is 250 times that.
   */
  static readonly MAX_STEPS = 1_000_000;
  /** Ints, strings and sequences built by an operator, in bits, characters or items. */
  static readonly MAX_BUILT_SIZE = 1 << 24;
  private steps = 0;
  /** Where this run went past its budget: every later step stops with this same Unknown. */
  private overBudget: UnknownSignal | null = null;

  /** A new run: its own budget of steps. */
  resetSteps(): void {
    this.steps = 0;
    this.overBudget = null;
  }

  /**
   * One more step of the run; past the budget, the run stops with an Unknown
   * here, and so does anything the run evaluates after (with the line that
   * went past it, not the line it happens to be at).
   */
  tick(): void {
    if (++this.steps <= Runtime.MAX_STEPS) return;
    if (this.overBudget === null) {
      const at = this.here();
      this.overBudget = new UnknownSignal({
        code: 'step-limit',
        file: at.file,
        line: at.line,
        what: `${Runtime.MAX_STEPS} steps`,
      });
    }
    throw this.overBudget;
  }

  /**
   * A builtin or a format that JS cannot build (a string or array past its
   * engine's size, `"x".ljust(10 ** 12)`) is an Unknown 'too-large' too, not
   * an internal error; a stack overflow is not this and goes on.
   */
  buildingAtMost<T>(build: () => T, what: string): T {
    try {
      return build();
    } catch (error) {
      if (
        error instanceof RangeError &&
        /^(Invalid (string|array|typed array) length|Maximum BigInt size)/.test(error.message)
      )
        return this.unknown('too-large', what);
      throw error;
    }
  }

  /** An operator's result would be larger than MAX_BUILT_SIZE: an Unknown, not minutes of work. */
  private checkBuiltSize(size: bigint | number, what: string): void {
    if (size > Runtime.MAX_BUILT_SIZE) this.unknown('too-large', what);
  }

  constructor() {
    const object = new PyClass('object', 'object', 'builtins', [], null, {
      construct: (cls) => new PyInstance(cls, null),
    });
    object.mro = [object];
    const make = (name: string, base: PyClass = object, native: NativeClass | null = null): PyClass => {
      const cls = new PyClass(name, name, 'builtins', [base], null, native);
      cls.mro = [cls, ...base.mro];
      return cls;
    };
    const int = make('int');
    this.types = {
      object,
      type: make('type'),
      NoneType: make('NoneType'),
      bool: make('bool', int),
      int,
      float: make('float'),
      str: make('str'),
      list: make('list'),
      tuple: make('tuple', object, {
        construct: (cls, a) => this.constructTupleSubclass(cls, a),
      }),
      dict: make('dict', object, {
        construct: (cls) => new PyInstance(cls, { kind: 'dict', dict: new PyDict() }),
      }),
      set: make('set'),
      frozenset: make('frozenset'),
      function: make('function'),
      builtinFunction: make('builtin_function_or_method'),
      method: make('method'),
      module: make('module'),
      range: make('range'),
      slice: make('slice'),
      iterator: make('iterator'),
      property: make('property'),
      classmethod: make('classmethod'),
      staticmethod: make('staticmethod'),
      super: make('super'),
      cachedFunction: make('_lru_cache_wrapper'),
      partial: make('partial'),
      typingForm: make('_GenericAlias'),
      notImplementedType: make('NotImplementedType'),
      ellipsis: make('ellipsis'),
      dictView: make('dict_view'),
    };
    for (const [name, parent] of EXCEPTION_TREE) {
      const base = parent === null ? object : (this.exceptions.get(parent) as PyClass);
      const cls = make(name, base, {
        construct: (c, a) => new PyInstance(c, { kind: 'exception', args: [...a.args] }),
      });
      cls.dict.set(
        '__init__',
        new PyBuiltin(
          '__init__',
          (a) => {
            const self = a.args[0];
            if (self instanceof PyInstance && self.payload?.kind === 'exception')
              self.payload.args = a.args.slice(1);
            return null;
          },
          true,
        ),
      );
      this.exceptions.set(name, cls);
    }
  }

  // --- hooks the interpreter provides ---------------------------------------

  /** Runs a Python function (the interpreter's job). */
  abstract callFunction(func: PyFunction, call: CallArgs): PyValue;
  /** Where evaluation is now, for Unknowns and raised exceptions. */
  abstract here(): SourceRef;
  /** Resolves a lazily imported name (imports its module). */
  abstract resolveLazy(lazy: PyLazyImport): PyValue;
  /** Imports a submodule `parent.name` named on first attribute access, if one was imported lazily. */
  abstract pendingSubmodule(module: PyModule, name: string): PyValue | undefined;

  // --- errors -----------------------------------------------------------------

  unknown(code: UnknownCode, what: string): never {
    const at = this.here();
    throw new UnknownSignal({ code, file: at.file, line: at.line, what });
  }

  /** Raises a builtin Python exception with one message argument. */
  raise(name: string, message?: string): never {
    const cls = this.exceptions.get(name);
    if (cls === undefined) throw new Error(`no builtin exception ${name}`);
    const at = this.here();
    throw new PyRaise(
      new PyInstance(cls, { kind: 'exception', args: message === undefined ? [] : [message] }),
      at.file,
      at.line,
    );
  }

  raiseInstance(exception: PyInstance): never {
    const at = this.here();
    throw new PyRaise(exception, at.file, at.line);
  }

  /** Reads a namespace entry, resolving lazy imports and raising poisoned names. */
  resolveEntry(value: PyValue): PyValue {
    if (value instanceof PyPoison) throw new UnknownSignal(value.unknown);
    if (value instanceof PyLazyImport) return this.resolveLazy(value);
    if (value instanceof PyDeferred) return value.compute();
    return value;
  }

  // --- types ----------------------------------------------------------------

  typeOf(value: PyValue): PyClass {
    const t = this.types;
    if (value === null) return t.NoneType;
    switch (typeof value) {
      case 'boolean':
        return t.bool;
      case 'bigint':
        return t.int;
      case 'number':
        return t.float;
      case 'string':
        return t.str;
    }
    if (value instanceof PyInstance) return value.cls;
    if (value instanceof PyList) return t.list;
    if (value instanceof PyTuple) return t.tuple;
    if (value instanceof PyDict) return t.dict;
    if (value instanceof PyDictView) return t.dictView;
    if (value instanceof PySet) return value.frozen ? t.frozenset : t.set;
    if (value instanceof PyClass) return value.metaclass ?? t.type;
    if (value instanceof PyFunction) return t.function;
    if (value instanceof PyBuiltin) return t.builtinFunction;
    if (value instanceof PyBoundMethod) return t.method;
    if (value instanceof PyModule) return t.module;
    if (value instanceof PyRange) return t.range;
    if (value instanceof PyIterator) return t.iterator;
    if (value instanceof PySlice) return t.slice;
    if (value instanceof PyProperty) return t.property;
    if (value instanceof PyClassMethod) return t.classmethod;
    if (value instanceof PyStaticMethod) return t.staticmethod;
    if (value instanceof PySuper) return t.super;
    if (value instanceof PyCachedFunction) return t.cachedFunction;
    if (value instanceof PyPartial) return t.partial;
    if (value instanceof PyTypingForm) return t.typingForm;
    if (value === NOT_IMPLEMENTED) return t.notImplementedType;
    if (value === ELLIPSIS_VALUE) return t.ellipsis;
    if (value instanceof PyOpaque) return this.unknown('opaque-value', `type(${value.origin})`);
    return this.unknown('unsupported-builtin', 'type()');
  }

  typeName(value: PyValue): string {
    if (value instanceof PyOpaque) return this.unknown('opaque-value', value.origin);
    return this.typeOf(value).name;
  }

  isSubclass(cls: PyClass, base: PyClass): boolean {
    return cls === base || cls.mro.includes(base);
  }

  isInstance(value: PyValue, classinfo: PyValue): boolean {
    if (classinfo instanceof PyTuple) return classinfo.items.some((c) => this.isInstance(value, c));
    if (classinfo instanceof PyClass) {
      if (value instanceof PyOpaque) return this.unknown('opaque-value', `isinstance(${value.origin})`);
      return this.isSubclass(this.typeOf(value), classinfo);
    }
    if (classinfo instanceof PyOpaque)
      return this.unknown('opaque-value', `isinstance(..., ${classinfo.origin})`);
    if (classinfo instanceof PyTypingForm)
      return this.unknown('unsupported-builtin', `isinstance(..., ${classinfo.name})`);
    return this.raise('TypeError', 'isinstance() arg 2 must be a type, a tuple of types, or a union');
  }

  /** The str a value stands for: a str, or an instance of a str subclass (a str-mixin Enum member). */
  strValue(value: PyValue): string | undefined {
    if (typeof value === 'string') return value;
    if (
      value instanceof PyInstance &&
      value.payload?.kind === 'enum' &&
      typeof value.payload.value === 'string' &&
      value.cls.mro.includes(this.types.str)
    )
      return value.payload.value;
    return undefined;
  }

  /** The int a value stands for: int, bool, or an int-mixin Enum member. */
  intValue(value: PyValue): bigint | undefined {
    if (typeof value === 'bigint') return value;
    if (typeof value === 'boolean') return value ? 1n : 0n;
    if (
      value instanceof PyInstance &&
      value.payload?.kind === 'enum' &&
      typeof value.payload.value === 'bigint' &&
      value.cls.mro.includes(this.types.int)
    )
      return value.payload.value;
    return undefined;
  }

  /** The items of a tuple or of a tuple subclass instance (NamedTuple). */
  tupleItems(value: PyValue): readonly PyValue[] | undefined {
    if (value instanceof PyTuple) return value.items;
    if (value instanceof PyInstance && value.payload?.kind === 'tuple') return value.payload.items;
    return undefined;
  }

  // --- attributes -------------------------------------------------------------

  /** The first definition of `name` along a class's MRO. */
  lookupMro(cls: PyClass, name: string): PyValue | undefined {
    for (const c of cls.mro) {
      const v = c.dict.get(name);
      if (v !== undefined) return this.resolveEntry(v);
    }
    return undefined;
  }

  /** The class along the MRO that defines `name`. */
  definingClass(cls: PyClass, name: string): PyClass | undefined {
    return cls.mro.find((c) => c.dict.has(name));
  }

  /** A user-defined (Python) method of the value's class, if any. */
  userMethod(value: PyValue, name: string): PyValue | undefined {
    if (!(value instanceof PyInstance) && !(value instanceof PyClass)) return undefined;
    const cls = this.typeOf(value);
    const found = this.lookupMro(cls, name);
    if (found === undefined || found instanceof PyBuiltin) return undefined;
    return this.bind(found, value, cls);
  }

  /** Binds a class attribute found for an instance (the descriptor protocol). */
  bind(descriptor: PyValue, instance: PyValue, owner: PyClass): PyValue {
    if (descriptor instanceof PyFunction) return new PyBoundMethod(instance, descriptor);
    if (descriptor instanceof PyBuiltin && descriptor.binds) return new PyBoundMethod(instance, descriptor);
    if (descriptor instanceof PyClassMethod) return new PyBoundMethod(owner, descriptor.func);
    if (descriptor instanceof PyStaticMethod) return descriptor.func;
    if (descriptor instanceof PyProperty) return this.call(descriptor.fget, args(instance));
    return descriptor;
  }

  getAttr(obj: PyValue, name: string): PyValue {
    const found = this.findAttr(obj, name);
    if (found !== undefined) return found;
    if (obj instanceof PyModule) {
      const getattr = obj.dict.get('__getattr__');
      if (getattr !== undefined) return this.call(this.resolveEntry(getattr), args(name));
      return this.raise('AttributeError', `module '${obj.name}' has no attribute '${name}'`);
    }
    if (obj instanceof PyClass)
      return this.raise('AttributeError', `type object '${obj.name}' has no attribute '${name}'`);
    if (obj instanceof PyInstance) {
      const hook = this.lookupMro(obj.cls, '__getattr__');
      if (hook !== undefined) return this.call(this.bind(hook, obj, obj.cls), args(name));
    }
    return this.raise('AttributeError', `'${this.typeName(obj)}' object has no attribute '${name}'`);
  }

  /** getattr without the AttributeError: undefined when absent (hasattr, getattr with a default). */
  findAttr(obj: PyValue, name: string): PyValue | undefined {
    if (obj instanceof PyOpaque) return this.unknown('opaque-value', `${obj.origin}.${name}`);
    if (obj instanceof PyModule) return this.moduleAttr(obj, name);
    if (obj instanceof PyClass) return this.classAttr(obj, name);
    if (obj instanceof PySuper) return this.superAttr(obj, name);
    const type = this.typeOf(obj);
    if (name === '__class__') return type;
    if (obj instanceof PyInstance) {
      const fields = namedTupleFields.get(obj.cls);
      if (fields !== undefined && obj.payload?.kind === 'tuple') {
        const index = fields.indexOf(name);
        if (index >= 0) return obj.payload.items[index];
      }
      const descriptor = this.lookupMro(type, name);
      if (descriptor instanceof PyProperty) {
        if (descriptor.cached) {
          const stored = obj.dict.get(name);
          if (stored !== undefined) return stored;
          const value = this.call(descriptor.fget, args(obj));
          obj.dict.set(name, value);
          return value;
        }
        return this.call(descriptor.fget, args(obj));
      }
      const own = obj.dict.get(name);
      if (own !== undefined) return this.resolveEntry(own);
      if (descriptor !== undefined) return this.bind(descriptor, obj, type);
      return this.payloadAttr(obj, name);
    }
    if (obj instanceof PyFunction) return this.functionAttr(obj, name);
    if (obj instanceof PyCachedFunction) {
      if (name === 'cache_clear')
        return new PyBuiltin('cache_clear', () => {
          obj.results.clear();
          return null;
        });
      if (name === '__wrapped__') return obj.func;
      return this.findAttr(obj.func, name);
    }
    if (obj instanceof PyBoundMethod) {
      if (name === '__self__') return obj.self;
      if (name === '__func__') return obj.func;
      return this.findAttr(obj.func, name);
    }
    if (obj instanceof PyBuiltin && name === '__name__') return obj.name;
    if (obj instanceof PyProperty && name === 'fget') return obj.fget;
    if ((obj instanceof PyClassMethod || obj instanceof PyStaticMethod) && name === '__func__')
      return obj.func;
    if (obj instanceof PyTypingForm) {
      if (name === '__args__') return new PyTuple(obj.args);
      if (name === '__name__') return obj.name;
      return this.unknown('unsupported-builtin', `typing ${obj.name}.${name}`);
    }
    const descriptor = this.lookupMro(type, name);
    if (descriptor !== undefined) return this.bind(descriptor, obj, type);
    return undefined;
  }

  private payloadAttr(obj: PyInstance, name: string): PyValue | undefined {
    const payload = obj.payload;
    if (payload?.kind === 'exception' && name === 'args') return new PyTuple(payload.args);
    if (payload?.kind === 'enum') {
      if (name === 'name' || name === '_name_') return payload.name;
      if (name === 'value' || name === '_value_') return payload.value;
    }
    if (name === '__dict__') {
      const d = new PyDict();
      for (const [k, v] of obj.dict) this.dictSet(d, k, v);
      return d;
    }
    return undefined;
  }

  private functionAttr(func: PyFunction, name: string): PyValue | undefined {
    switch (name) {
      case '__name__':
        return func.name;
      case '__qualname__':
        return func.qualname;
      case '__module__':
        return func.module.name;
      case '__doc__':
        return null;
    }
    return func.attributes.get(name);
  }

  private moduleAttr(module: PyModule, name: string): PyValue | undefined {
    const entry = module.dict.get(name);
    if (entry !== undefined) {
      const value = this.resolveEntry(entry);
      module.dict.set(name, value);
      return value;
    }
    if (name === '__dict__') {
      const d = new PyDict();
      for (const key of [...module.dict.keys()]) {
        const value = this.moduleAttr(module, key);
        if (value !== undefined) this.dictSet(d, key, value);
      }
      return d;
    }
    const submodule = this.pendingSubmodule(module, name);
    if (submodule !== undefined) return submodule;
    if (module.opaque && !name.startsWith('__')) return new PyOpaque(`${module.name}.${name}`);
    return undefined;
  }

  private classAttr(cls: PyClass, name: string): PyValue | undefined {
    switch (name) {
      case '__name__':
        return cls.name;
      case '__qualname__':
        return cls.qualname;
      case '__module__': {
        const own = cls.dict.get('__module__');
        return own !== undefined ? own : cls.moduleName;
      }
      case '__mro__':
        return new PyTuple(cls.mro);
      case '__bases__':
        return new PyTuple(cls.bases);
      case '__class__':
        return this.typeOf(cls);
      case '__dict__': {
        const d = new PyDict();
        for (const [k, v] of cls.dict) this.dictSet(d, k, v);
        return d;
      }
    }
    const found = this.lookupMro(cls, name);
    if (found !== undefined) {
      if (found instanceof PyClassMethod) return new PyBoundMethod(cls, found.func);
      if (found instanceof PyStaticMethod) return found.func;
      return found;
    }
    const meta = cls.metaclass;
    if (meta !== null) {
      const onMeta = this.lookupMro(meta, name);
      if (onMeta !== undefined) return this.bind(onMeta, cls, meta);
    }
    const root = this.hookRoot(cls);
    return root === undefined ? undefined : classAttrHooks.get(root)?.(cls, name);
  }

  /** The native class whose attribute hook serves `cls` (Enum classes: __members__). */
  private hookRoot(cls: PyClass): PyClass | undefined {
    return cls.mro.find((c) => classAttrHooks.has(c));
  }

  private superAttr(sup: PySuper, name: string): PyValue | undefined {
    const mro = sup.startType.mro;
    const start = mro.indexOf(sup.thisClass);
    for (let i = start + 1; i < mro.length; i++) {
      const entry = mro[i].dict.get(name);
      if (entry === undefined) continue;
      const found = this.resolveEntry(entry);
      if (sup.self instanceof PyClass && sup.startType === sup.self) {
        // super() inside a classmethod: bind classmethods to the class, leave functions unbound.
        if (found instanceof PyClassMethod) return new PyBoundMethod(sup.self, found.func);
        if (found instanceof PyStaticMethod) return found.func;
        return found;
      }
      return this.bind(found, sup.self, sup.startType);
    }
    return undefined;
  }

  setAttr(obj: PyValue, name: string, value: PyValue): void {
    if (obj instanceof PyInstance) {
      const descriptor = this.lookupMro(obj.cls, '__setattr__');
      if (descriptor instanceof PyFunction) {
        this.call(new PyBoundMethod(obj, descriptor), args(name, value));
        return;
      }
      if (namedTupleFields.has(obj.cls) && namedTupleFields.get(obj.cls)?.includes(name))
        this.raise('AttributeError', "can't set attribute");
      obj.dict.set(name, value);
      return;
    }
    if (obj instanceof PyClass) {
      obj.dict.set(name, value);
      return;
    }
    if (obj instanceof PyModule) {
      obj.dict.set(name, value);
      return;
    }
    if (obj instanceof PyFunction) {
      obj.attributes.set(name, value);
      return;
    }
    if (obj instanceof PyOpaque) this.unknown('opaque-value', `${obj.origin}.${name} =`);
    this.raise('AttributeError', `'${this.typeName(obj)}' object has no attribute '${name}'`);
  }

  // --- calls ------------------------------------------------------------------

  call(callee: PyValue, call: CallArgs): PyValue {
    if (callee instanceof PyFunction) return this.callFunction(callee, call);
    if (callee instanceof PyBoundMethod) {
      return this.call(callee.func, { args: [callee.self, ...call.args], kwargs: call.kwargs });
    }
    if (callee instanceof PyBuiltin) return this.buildingAtMost(() => callee.call(call), `${callee.name}()`);
    if (callee instanceof PyClass) return this.instantiate(callee, call);
    if (callee instanceof PyCachedFunction) return this.callCached(callee, call);
    if (callee instanceof PyPartial) {
      const kwargs = new Map(callee.kwargs);
      for (const [k, v] of call.kwargs) kwargs.set(k, v);
      return this.call(callee.func, { args: [...callee.args, ...call.args], kwargs });
    }
    if (callee instanceof PyOpaque) return this.unknown('opaque-value', `${callee.origin}()`);
    if (callee instanceof PyInstance) {
      const method = this.lookupMro(callee.cls, '__call__');
      if (method !== undefined) return this.call(this.bind(method, callee, callee.cls), call);
    }
    if (callee instanceof PyClassMethod || callee instanceof PyStaticMethod)
      return this.call(callee.func, call);
    if (callee instanceof PyTypingForm) return this.unknown('unsupported-builtin', `${callee.name}()`);
    return this.raise('TypeError', `'${this.typeName(callee)}' object is not callable`);
  }

  private callCached(cached: PyCachedFunction, call: CallArgs): PyValue {
    const parts = call.args.map((a) => this.hashKey(a));
    for (const [k, v] of call.kwargs) parts.push(`${k}=${this.hashKey(v)}`);
    const key = parts.join('|');
    const hit = cached.results.get(key);
    if (hit !== undefined) return hit;
    const result = this.call(cached.func, call);
    cached.results.set(key, result);
    return result;
  }

  instantiate(cls: PyClass, call: CallArgs): PyValue {
    const metaCall = cls.metaclass === null ? undefined : this.lookupMro(cls.metaclass, '__call__');
    if (metaCall !== undefined) return this.call(this.bind(metaCall, cls, cls.metaclass as PyClass), call);
    const userNew = this.lookupMro(cls, '__new__');
    if (userNew instanceof PyFunction || userNew instanceof PyStaticMethod)
      return this.unknown('unsupported-builtin', `${cls.name}.__new__`);
    const nativeClass = cls.mro.find((c) => c.native?.construct !== undefined);
    const construct = nativeClass?.native?.construct;
    if (construct === undefined) return this.unknown('unsupported-builtin', `${cls.name}()`);
    const init = this.lookupMro(cls, '__init__');
    const initOwner = this.definingClass(cls, '__init__');
    // object.__init__ does nothing; any other __init__ (Python, dataclass, exception) runs after construction.
    const runInit = init !== undefined && initOwner !== undefined && initOwner !== this.types.object;
    const instance = construct(cls, runInit && nativeClass === this.types.object ? args() : call);
    if (runInit && instance instanceof PyInstance && this.isSubclass(instance.cls, cls))
      this.call(this.bind(init, instance, cls), call);
    return instance;
  }

  private constructTupleSubclass(cls: PyClass, call: CallArgs): PyValue {
    const fields = namedTupleFields.get(cls);
    if (fields === undefined) {
      const items = call.args.length === 0 ? [] : [...this.iterate(call.args[0])];
      return cls === this.types.tuple ? new PyTuple(items) : new PyInstance(cls, { kind: 'tuple', items });
    }
    const defaults = namedTupleDefaults.get(cls) ?? new Map<string, PyValue>();
    if (call.args.length > fields.length)
      this.raise(
        'TypeError',
        `${cls.name}.__new__() takes ${fields.length + 1} positional arguments but ${call.args.length + 1} were given`,
      );
    const items: PyValue[] = [];
    for (let i = 0; i < fields.length; i++) {
      const name = fields[i];
      if (i < call.args.length) {
        if (call.kwargs.has(name))
          this.raise('TypeError', `${cls.name}.__new__() got multiple values for argument '${name}'`);
        items.push(call.args[i]);
      } else if (call.kwargs.has(name)) items.push(call.kwargs.get(name) as PyValue);
      else if (defaults.has(name)) items.push(defaults.get(name) as PyValue);
      else this.raise('TypeError', `${cls.name}.__new__() missing 1 required positional argument: '${name}'`);
    }
    for (const key of call.kwargs.keys())
      if (!fields.includes(key))
        this.raise('TypeError', `${cls.name}.__new__() got an unexpected keyword argument '${key}'`);
    return new PyInstance(cls, { kind: 'tuple', items });
  }

  // --- truth, equality, hashing, ordering -------------------------------------

  truthy(value: PyValue): boolean {
    // None, bool, int, float, str: the parser's constant semantics.
    if (value === null || typeof value !== 'object') return pyTruthy(value);
    if (value instanceof PyList) return value.items.length > 0;
    if (value instanceof PyTuple) return value.items.length > 0;
    if (value instanceof PyDict) return value.entries.size > 0;
    if (value instanceof PySet) return value.entries.size > 0;
    if (value instanceof PyDictView) return value.dict.entries.size > 0;
    if (value instanceof PyRange) return this.rangeLength(value) > 0n;
    if (value instanceof PyOpaque) return this.unknown('opaque-value', `bool(${value.origin})`);
    if (value instanceof PyInstance) {
      const bool = this.userMethod(value, '__bool__');
      if (bool !== undefined) return this.truthy(this.call(bool, args()));
      const len = this.userMethod(value, '__len__');
      if (len !== undefined) return this.truthy(this.call(len, args()));
      const s = this.strValue(value);
      if (s !== undefined) return s.length > 0;
      const n = this.intValue(value);
      if (n !== undefined) return n !== 0n;
      if (value.payload?.kind === 'tuple') return value.payload.items.length > 0;
    }
    return true;
  }

  equals(a: PyValue, b: PyValue): boolean {
    if (a === b && !(typeof a === 'number' && Number.isNaN(a))) return true;
    if (a instanceof PyInstance || b instanceof PyInstance) {
      const viaA = this.userMethod(a, '__eq__');
      if (viaA !== undefined) {
        const result = this.call(viaA, args(b));
        if (result !== NOT_IMPLEMENTED) return this.truthy(result);
      }
      const viaB = this.userMethod(b, '__eq__');
      if (viaB !== undefined) {
        const result = this.call(viaB, args(a));
        if (result !== NOT_IMPLEMENTED) return this.truthy(result);
      }
    }
    if (a instanceof PyOpaque || b instanceof PyOpaque)
      return this.unknown('opaque-value', `${a instanceof PyOpaque ? a.origin : (b as PyOpaque).origin} ==`);
    const sa = this.strValue(a);
    const sb = this.strValue(b);
    if (sa !== undefined || sb !== undefined) return sa === sb;
    const ia = this.intValue(a);
    const ib = this.intValue(b);
    if (ia !== undefined && ib !== undefined) return ia === ib;
    const prim = (v: PyValue): v is null | boolean | bigint | number | string => !(v instanceof PyObject);
    if (prim(a) && prim(b)) return pyEquals(a, b);
    if ((ia !== undefined && typeof b === 'number') || (ib !== undefined && typeof a === 'number'))
      return pyEquals((ia ?? a) as bigint | number, (ib ?? b) as bigint | number);
    const ta = this.tupleItems(a);
    const tb = this.tupleItems(b);
    if (ta !== undefined && tb !== undefined) return this.sequenceEquals(ta, tb);
    if (a instanceof PyList && b instanceof PyList) return this.sequenceEquals(a.items, b.items);
    if (a instanceof PyDict && b instanceof PyDict) {
      if (a.entries.size !== b.entries.size) return false;
      for (const [key, entry] of a.entries) {
        const other = b.entries.get(key);
        if (other === undefined || !this.equals(entry.value, other.value)) return false;
      }
      return true;
    }
    if (a instanceof PySet && b instanceof PySet) {
      if (a.entries.size !== b.entries.size) return false;
      for (const key of a.entries.keys()) if (!b.entries.has(key)) return false;
      return true;
    }
    if (a instanceof PyRange && b instanceof PyRange)
      return this.sequenceEquals([...this.iterate(a)], [...this.iterate(b)]);
    if (a instanceof PyBoundMethod && b instanceof PyBoundMethod)
      return a.self === b.self && a.func === b.func;
    return false;
  }

  private sequenceEquals(a: readonly PyValue[], b: readonly PyValue[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!this.equals(a[i], b[i])) return false;
    return true;
  }

  /** A string equal for values Python hashes and compares equal (dict and set keys). */
  hashKey(value: PyValue): string {
    if (value === null) return 'N';
    switch (typeof value) {
      case 'boolean':
        return value ? 'n:1' : 'n:0';
      case 'bigint':
        return `n:${value}`;
      case 'number':
        if (Number.isInteger(value)) return `n:${BigInt(value)}`;
        return `f:${value}`;
      case 'string':
        return `s${JSON.stringify(value)}`;
    }
    const s = this.strValue(value);
    if (s !== undefined) return `s${JSON.stringify(s)}`;
    const n = this.intValue(value);
    if (n !== undefined) return `n:${n}`;
    const items = this.tupleItems(value);
    if (
      items !== undefined &&
      !(value instanceof PyInstance && this.userMethod(value, '__hash__') !== undefined)
    )
      return `t(${items.map((i) => this.hashKey(i)).join(',')})`;
    if (value instanceof PyList || value instanceof PyDict || (value instanceof PySet && !value.frozen))
      return this.raise('TypeError', `unhashable type: '${this.typeName(value)}'`);
    if (value instanceof PySet) return `fs(${[...value.entries.keys()].sort().join(',')})`;
    if (value instanceof PyOpaque) return this.unknown('opaque-value', `hash(${value.origin})`);
    if (value instanceof PyHashValue) return value.key;
    if (value instanceof PyInstance) {
      const hash = this.userMethod(value, '__hash__');
      if (hash !== undefined) return `h:${this.hashKey(this.call(hash, args()))}`;
      if (this.userMethod(value, '__eq__') !== undefined)
        return this.raise('TypeError', `unhashable type: '${value.cls.name}'`);
      if (value.payload?.kind === 'dict')
        return this.raise('TypeError', `unhashable type: '${value.cls.name}'`);
    }
    if (value instanceof PyBoundMethod) return `m(${this.hashKey(value.self)},${this.hashKey(value.func)})`;
    if (value instanceof PyTypingForm)
      return `g:${value.name}(${value.args.map((a) => this.hashKey(a)).join(',')})`;
    return `o${value.identity}`;
  }

  /** a < b and friends, with the reflected-method protocol. */
  compare(op: CompareOp, a: PyValue, b: PyValue): boolean {
    const [method, reflected, symbol] = COMPARE_DUNDERS[op];
    if (a instanceof PyInstance || b instanceof PyInstance) {
      const viaA = this.userMethod(a, method);
      if (viaA !== undefined) {
        const result = this.call(viaA, args(b));
        if (result !== NOT_IMPLEMENTED) return this.truthy(result);
      }
      const viaB = this.userMethod(b, reflected);
      if (viaB !== undefined) {
        const result = this.call(viaB, args(a));
        if (result !== NOT_IMPLEMENTED) return this.truthy(result);
      }
    }
    const order = this.nativeOrder(a, b);
    if (order === undefined)
      return this.raise(
        'TypeError',
        `'${symbol}' not supported between instances of '${this.typeName(a)}' and '${this.typeName(b)}'`,
      );
    if (Number.isNaN(order)) return false;
    switch (op) {
      case 'Lt':
        return order < 0;
      case 'LtE':
        return order <= 0;
      case 'Gt':
        return order > 0;
      case 'GtE':
        return order >= 0;
    }
  }

  /** Three-way order of two natively ordered values; undefined when Python cannot order them. */
  private nativeOrder(a: PyValue, b: PyValue): number | undefined {
    if (a instanceof PyOpaque || b instanceof PyOpaque)
      return this.unknown('opaque-value', `${a instanceof PyOpaque ? a.origin : (b as PyOpaque).origin} <`);
    const na = this.numeric(a);
    const nb = this.numeric(b);
    if (na !== undefined && nb !== undefined) {
      if (typeof na === 'bigint' && typeof nb === 'bigint') return na < nb ? -1 : na > nb ? 1 : 0;
      const x = Number(na);
      const y = Number(nb);
      if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const sa = this.strValue(a);
    const sb = this.strValue(b);
    if (sa !== undefined && sb !== undefined) return Math.sign(compareStrings(sa, sb));
    const ta = this.tupleItems(a) ?? (a instanceof PyList ? a.items : undefined);
    const tb = this.tupleItems(b) ?? (b instanceof PyList ? b.items : undefined);
    const sameKind = a instanceof PyList === b instanceof PyList;
    if (ta !== undefined && tb !== undefined && sameKind) {
      for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
        if (this.equals(ta[i], tb[i])) continue;
        return this.compare('Lt', ta[i], tb[i]) ? -1 : 1;
      }
      return ta.length - tb.length;
    }
    return undefined;
  }

  private numeric(value: PyValue): bigint | number | undefined {
    if (typeof value === 'number') return value;
    return this.intValue(value);
  }

  // --- containers -------------------------------------------------------------

  dictSet(dict: PyDict, key: PyValue, value: PyValue): void {
    const hash = this.hashKey(key);
    const existing = dict.entries.get(hash);
    if (existing !== undefined) existing.value = value;
    else dict.entries.set(hash, { key, value });
  }

  dictGet(dict: PyDict, key: PyValue): PyValue | undefined {
    return dict.entries.get(this.hashKey(key))?.value;
  }

  newDict(entries: Iterable<readonly [PyValue, PyValue]>): PyDict {
    const d = new PyDict();
    for (const [k, v] of entries) this.dictSet(d, k, v);
    return d;
  }

  newSet(items: Iterable<PyValue>, frozen = false): PySet {
    const s = new PySet(frozen);
    for (const item of items) s.entries.set(this.hashKey(item), item);
    return s;
  }

  contains(container: PyValue, item: PyValue): boolean {
    const s = this.strValue(container);
    if (s !== undefined) {
      const needle = this.strValue(item);
      if (needle === undefined)
        return this.raise(
          'TypeError',
          `'in <string>' requires string as left operand, not ${this.typeName(item)}`,
        );
      return s.includes(needle);
    }
    if (container instanceof PyDict) return container.entries.has(this.hashKey(item));
    if (container instanceof PySet) return container.entries.has(this.hashKey(item));
    if (container instanceof PyDictView && container.view === 'keys')
      return container.dict.entries.has(this.hashKey(item));
    if (container instanceof PyInstance) {
      const method = this.userMethod(container, '__contains__');
      if (method !== undefined) return this.truthy(this.call(method, args(item)));
      if (container.payload?.kind === 'dict') return container.payload.dict.entries.has(this.hashKey(item));
    }
    if (container instanceof PyClass && enumMembers.has(container)) {
      return [...(enumMembers.get(container) as Map<string, PyInstance>).values()].some((m) => m === item);
    }
    for (const element of this.iterate(container))
      if (element === item || this.equals(element, item)) return true;
    return false;
  }

  /** Iterates a value lazily, as Python's iter() and next() do. */
  *iterate(value: PyValue): Generator<PyValue, void, undefined> {
    if (value instanceof PyList) {
      for (let i = 0; i < value.items.length; i++) yield value.items[i];
      return;
    }
    const items = this.tupleItems(value);
    if (items !== undefined) {
      yield* items;
      return;
    }
    const s = this.strValue(value);
    if (s !== undefined) {
      for (const ch of s) yield ch;
      return;
    }
    if (value instanceof PyDict) {
      for (const entry of [...value.entries.values()]) yield entry.key;
      return;
    }
    if (value instanceof PySet) {
      yield* [...value.entries.values()];
      return;
    }
    if (value instanceof PyDictView) {
      for (const entry of [...value.dict.entries.values()]) {
        if (value.view === 'keys') yield entry.key;
        else if (value.view === 'values') yield entry.value;
        else yield new PyTuple([entry.key, entry.value]);
      }
      return;
    }
    if (value instanceof PyRange) {
      for (let i = value.start; value.step > 0n ? i < value.stop : i > value.stop; i += value.step) {
        this.tick();
        yield i;
      }
      return;
    }
    if (value instanceof PyIterator) {
      for (let next = value.source.next(); !next.done; next = value.source.next()) {
        this.tick();
        yield next.value;
      }
      return;
    }
    if (value instanceof PyClass && enumMembers.has(value)) {
      yield* uniqueMembers(enumMembers.get(value) as Map<string, PyInstance>);
      return;
    }
    if (value instanceof PyInstance) {
      if (value.payload?.kind === 'dict') {
        yield* this.iterate(value.payload.dict);
        return;
      }
      const iter = this.userMethod(value, '__iter__');
      if (iter !== undefined) {
        yield* this.iterate(this.call(iter, args()));
        return;
      }
    }
    if (value instanceof PyOpaque) return this.unknown('opaque-value', `iter(${value.origin})`);
    return this.raise('TypeError', `'${this.typeName(value)}' object is not iterable`);
  }

  length(value: PyValue): bigint {
    const s = this.strValue(value);
    if (s !== undefined) return BigInt([...s].length);
    if (value instanceof PyList) return BigInt(value.items.length);
    const items = this.tupleItems(value);
    if (items !== undefined) return BigInt(items.length);
    if (value instanceof PyDict) return BigInt(value.entries.size);
    if (value instanceof PySet) return BigInt(value.entries.size);
    if (value instanceof PyDictView) return BigInt(value.dict.entries.size);
    if (value instanceof PyRange) return this.rangeLength(value);
    if (value instanceof PyClass && enumMembers.has(value))
      return BigInt([...uniqueMembers(enumMembers.get(value) as Map<string, PyInstance>)].length);
    if (value instanceof PyInstance) {
      const method = this.userMethod(value, '__len__');
      if (method !== undefined) {
        const n = this.intValue(this.call(method, args()));
        if (n === undefined) this.raise('TypeError', "'__len__' returned a non-integer");
        return n;
      }
      if (value.payload?.kind === 'dict') return BigInt(value.payload.dict.entries.size);
    }
    if (value instanceof PyOpaque) return this.unknown('opaque-value', `len(${value.origin})`);
    return this.raise('TypeError', `object of type '${this.typeName(value)}' has no len()`);
  }

  rangeLength(r: PyRange): bigint {
    if (r.step > 0n) return r.stop > r.start ? (r.stop - r.start + r.step - 1n) / r.step : 0n;
    return r.start > r.stop ? (r.start - r.stop - r.step - 1n) / -r.step : 0n;
  }

  getItem(obj: PyValue, key: PyValue): PyValue {
    if (obj instanceof PyDict) {
      const found = this.dictGet(obj, key);
      if (found === undefined) return this.raiseKeyError(key);
      return found;
    }
    if (obj instanceof PyList || this.tupleItems(obj) !== undefined || this.strValue(obj) !== undefined) {
      const s = this.strValue(obj);
      const items =
        s !== undefined
          ? [...s]
          : obj instanceof PyList
            ? obj.items
            : (this.tupleItems(obj) as readonly PyValue[]);
      if (key instanceof PySlice) {
        const picked = this.sliceItems(items, key);
        if (s !== undefined) return picked.join('');
        return obj instanceof PyList ? new PyList(picked) : new PyTuple(picked);
      }
      if (obj instanceof PyInstance) {
        const method = this.userMethod(obj, '__getitem__');
        if (method !== undefined) return this.call(method, args(key));
      }
      const index = this.intValue(key);
      if (index === undefined)
        return this.raise(
          'TypeError',
          `${this.typeName(obj)} indices must be integers or slices, not ${this.typeName(key)}`,
        );
      const i = index < 0n ? BigInt(items.length) + index : index;
      if (i < 0n || i >= BigInt(items.length))
        return this.raise('IndexError', `${this.typeName(obj)} index out of range`);
      return items[Number(i)] as PyValue;
    }
    if (obj instanceof PyRange) {
      const index = this.intValue(key);
      if (index === undefined) return this.unknown('unsupported-builtin', 'range slice');
      const length = this.rangeLength(obj);
      const i = index < 0n ? length + index : index;
      if (i < 0n || i >= length) return this.raise('IndexError', 'range object index out of range');
      return obj.start + i * obj.step;
    }
    if (obj instanceof PyClass) {
      const meta = obj.metaclass;
      const hook = meta === null ? undefined : this.lookupMro(meta, '__getitem__');
      if (hook !== undefined) return this.call(this.bind(hook, obj, meta as PyClass), args(key));
      const classGetItem = this.lookupMro(obj, '__class_getitem__');
      if (classGetItem instanceof PyClassMethod || classGetItem instanceof PyFunction)
        return this.call(
          new PyBoundMethod(obj, classGetItem instanceof PyClassMethod ? classGetItem.func : classGetItem),
          args(key),
        );
      // list[int], dict[str, int], tuple[int, ...], type[X], Base[T]: a generic alias of the class.
      return new PyTypingForm(obj.name, key instanceof PyTuple ? key.items : [key], obj);
    }
    if (obj instanceof PyTypingForm)
      return new PyTypingForm(obj.name, key instanceof PyTuple ? key.items : [key]);
    if (obj instanceof PyInstance) {
      const method = this.userMethod(obj, '__getitem__');
      if (method !== undefined) return this.call(method, args(key));
      if (obj.payload?.kind === 'dict') {
        const found = this.dictGet(obj.payload.dict, key);
        if (found !== undefined) return found;
        const missing = this.lookupMro(obj.cls, '__missing__');
        if (missing !== undefined) return this.call(this.bind(missing, obj, obj.cls), args(key));
        return this.raiseKeyError(key);
      }
    }
    if (obj instanceof PyOpaque) return this.unknown('opaque-value', `${obj.origin}[]`);
    return this.raise('TypeError', `'${this.typeName(obj)}' object is not subscriptable`);
  }

  raiseKeyError(key: PyValue): never {
    const cls = this.exceptions.get('KeyError') as PyClass;
    return this.raiseInstance(new PyInstance(cls, { kind: 'exception', args: [key] }));
  }

  setItem(obj: PyValue, key: PyValue, value: PyValue): void {
    if (obj instanceof PyDict) return this.dictSet(obj, key, value);
    if (obj instanceof PyList) {
      const index = this.intValue(key);
      if (index === undefined) return void this.unknown('unsupported-builtin', 'list slice assignment');
      const i = index < 0n ? BigInt(obj.items.length) + index : index;
      if (i < 0n || i >= BigInt(obj.items.length))
        this.raise('IndexError', 'list assignment index out of range');
      obj.items[Number(i)] = value;
      return;
    }
    if (obj instanceof PyInstance) {
      const method = this.userMethod(obj, '__setitem__');
      if (method !== undefined) return void this.call(method, args(key, value));
      if (obj.payload?.kind === 'dict') return this.dictSet(obj.payload.dict, key, value);
    }
    if (obj instanceof PyOpaque) return void this.unknown('opaque-value', `${obj.origin}[] =`);
    this.raise('TypeError', `'${this.typeName(obj)}' object does not support item assignment`);
  }

  deleteItem(obj: PyValue, key: PyValue): void {
    if (obj instanceof PyDict) {
      if (!obj.entries.delete(this.hashKey(key))) this.raiseKeyError(key);
      return;
    }
    if (obj instanceof PyList) {
      const index = this.intValue(key);
      if (index === undefined) return void this.unknown('unsupported-builtin', 'del list slice');
      const i = index < 0n ? BigInt(obj.items.length) + index : index;
      if (i < 0n || i >= BigInt(obj.items.length))
        this.raise('IndexError', 'list assignment index out of range');
      obj.items.splice(Number(i), 1);
      return;
    }
    if (obj instanceof PyOpaque) return void this.unknown('opaque-value', `del ${obj.origin}[]`);
    this.raise('TypeError', `'${this.typeName(obj)}' object does not support item deletion`);
  }

  sliceItems<T>(items: readonly T[], slice: PySlice): T[] {
    const n = BigInt(items.length);
    const step = slice.step === null ? 1n : this.intValue(slice.step);
    if (step === undefined || step === 0n) return this.raise('ValueError', 'slice step cannot be zero');
    const clamp = (v: PyValue, dflt: bigint, low: bigint, high: bigint): bigint => {
      if (v === null) return dflt;
      const i = this.intValue(v);
      if (i === undefined) return this.raise('TypeError', 'slice indices must be integers or None');
      const j = i < 0n ? i + n : i;
      return j < low ? low : j > high ? high : j;
    };
    const out: T[] = [];
    if (step > 0n) {
      const start = clamp(slice.start, 0n, 0n, n);
      const stop = clamp(slice.stop, n, 0n, n);
      for (let i = start; i < stop; i += step) out.push(items[Number(i)]);
    } else {
      const start = clamp(slice.start, n - 1n, -1n, n - 1n);
      const stop = clamp(slice.stop, -1n, -1n, n - 1n);
      for (let i = start; i > stop; i += step) out.push(items[Number(i)]);
    }
    return out;
  }

  // --- str, repr, format -------------------------------------------------------

  /** CPython's int-to-str limit (python/values.ts throws it as a JS error) raised as Python's ValueError. */
  private withPythonValueError<T>(convert: () => T): T {
    try {
      return convert();
    } catch (error) {
      if (error instanceof PyValueError) return this.raise('ValueError', error.message);
      throw error;
    }
  }

  repr(value: PyValue): string {
    if (!(value instanceof PyObject)) return this.withPythonValueError(() => pyRepr(value));
    if (value instanceof PyInstance) {
      const method = this.userMethod(value, '__repr__');
      if (method !== undefined) return this.expectStr(this.call(method, args()), '__repr__');
      return this.nativeInstanceRepr(value);
    }
    if (value instanceof PyList) return `[${value.items.map((i) => this.repr(i)).join(', ')}]`;
    if (value instanceof PyTuple) {
      if (value.items.length === 1) return `(${this.repr(value.items[0])},)`;
      return `(${value.items.map((i) => this.repr(i)).join(', ')})`;
    }
    if (value instanceof PyDict)
      return `{${[...value.entries.values()].map((e) => `${this.repr(e.key)}: ${this.repr(e.value)}`).join(', ')}}`;
    if (value instanceof PySet) {
      const body = [...value.entries.values()].map((i) => this.repr(i)).join(', ');
      if (value.frozen) return value.entries.size === 0 ? 'frozenset()' : `frozenset({${body}})`;
      return value.entries.size === 0 ? 'set()' : `{${body}}`;
    }
    if (value instanceof PyClass) {
      const module = this.classAttr(value, '__module__');
      return module === 'builtins'
        ? `<class '${value.qualname}'>`
        : `<class '${this.str(module ?? null)}.${value.qualname}'>`;
    }
    if (value instanceof PyModule) return `<module '${value.name}'>`;
    if (value instanceof PyDictView)
      return `dict_${value.view}(${this.repr(new PyList([...this.iterate(value)]))})`;
    if (value instanceof PyRange)
      return value.step === 1n
        ? `range(${value.start}, ${value.stop})`
        : `range(${value.start}, ${value.stop}, ${value.step})`;
    if (value instanceof PySlice)
      return `slice(${this.repr(value.start)}, ${this.repr(value.stop)}, ${this.repr(value.step)})`;
    if (value === NOT_IMPLEMENTED) return 'NotImplemented';
    if (value === ELLIPSIS_VALUE) return 'Ellipsis';
    if (value instanceof PyTypingForm) return this.typingRepr(value);
    if (value instanceof PyOpaque) return this.unknown('opaque-value', `repr(${value.origin})`);
    // Functions and other objects print their memory address: not something the tree determines.
    return this.unknown('unsupported-builtin', `repr(<${this.typeName(value)}>)`);
  }

  private typingRepr(form: PyTypingForm): string {
    const arg = (v: PyValue): string => (v instanceof PyClass ? v.qualname : this.repr(v));
    return form.args.length === 0 ? `typing.${form.name}` : `${form.name}[${form.args.map(arg).join(', ')}]`;
  }

  private nativeInstanceRepr(value: PyInstance): string {
    const payload = value.payload;
    if (payload?.kind === 'enum') return `<${value.cls.name}.${payload.name}: ${this.repr(payload.value)}>`;
    if (payload?.kind === 'exception') {
      return `${value.cls.name}(${payload.args.map((a) => this.repr(a)).join(', ')})`;
    }
    if (payload?.kind === 'tuple') {
      const fields = namedTupleFields.get(value.cls);
      if (fields !== undefined)
        return `${value.cls.name}(${fields.map((f, i) => `${f}=${this.repr(payload.items[i])}`).join(', ')})`;
      return this.repr(new PyTuple(payload.items));
    }
    if (payload?.kind === 'dict') return this.repr(payload.dict);
    return this.unknown('unsupported-builtin', `repr(<${value.cls.name} object>)`);
  }

  str(value: PyValue): string {
    if (typeof value === 'string') return value;
    if (value instanceof PyInstance) {
      const method = this.userMethod(value, '__str__');
      if (method !== undefined) return this.expectStr(this.call(method, args()), '__str__');
      const payload = value.payload;
      if (payload?.kind === 'enum') {
        // ReprEnum (IntEnum, StrEnum) prints its value; other enums Class.NAME (Python >= 3.11).
        if (reprEnumClasses.has(value.cls) || value.cls.mro.some((c) => reprEnumClasses.has(c)))
          return this.str(payload.value);
        return `${value.cls.name}.${payload.name}`;
      }
      if (payload?.kind === 'exception') {
        if (
          value.cls === this.exceptions.get('KeyError') ||
          this.isSubclass(value.cls, this.exceptions.get('KeyError') as PyClass)
        )
          return payload.args.length === 1 ? this.repr(payload.args[0]) : this.str(new PyTuple(payload.args));
        if (payload.args.length === 0) return '';
        if (payload.args.length === 1) return this.str(payload.args[0]);
        return this.repr(new PyTuple(payload.args));
      }
      const repr = this.userMethod(value, '__repr__');
      if (repr !== undefined) return this.expectStr(this.call(repr, args()), '__repr__');
      return this.nativeInstanceRepr(value);
    }
    return this.repr(value);
  }

  private expectStr(value: PyValue, method: string): string {
    if (typeof value !== 'string')
      return this.raise('TypeError', `${method} returned non-string (type ${this.typeName(value)})`);
    return value;
  }

  /** format(value, spec), as an f-string `{value:spec}` does. */
  format(value: PyValue, spec: string): string {
    if (value instanceof PyInstance) {
      const method = this.userMethod(value, '__format__');
      if (method !== undefined) return this.expectStr(this.call(method, args(spec)), '__format__');
      if (value.payload?.kind === 'enum') {
        // Enum.__format__ (3.11+): str() of the member, then the spec applied as for a str.
        if (spec === '') return this.str(value);
        return this.formatWith(this.str(value), spec);
      }
    }
    if (spec === '') return this.str(value);
    return this.formatWith(value, spec);
  }

  private formatWith(value: PyValue, specText: string): string {
    return this.buildingAtMost(
      () => this.formatWithSpec(value, specText),
      `format(<${this.typeName(value)}>, spec)`,
    );
  }

  private formatWithSpec(value: PyValue, specText: string): string {
    const spec = parseFormatSpec(specText);
    const fail = (): never =>
      this.raise(
        'ValueError',
        `Invalid format specifier '${specText}' for object of type '${this.typeName(value)}'`,
      );
    if (spec === null) return fail();
    let out: string | null;
    if (typeof value === 'boolean' || typeof value === 'bigint') {
      out =
        typeof value === 'boolean' && spec.type === ''
          ? formatStr(value ? 'True' : 'False', spec)
          : this.withPythonValueError(() => formatInt(BigInt(value), spec));
    } else if (typeof value === 'number') out = formatFloatSpec(value, spec);
    else if (typeof value === 'string') out = formatStr(value, spec);
    else if (value === null)
      return this.raise('TypeError', 'unsupported format string passed to NoneType.__format__');
    else return this.unknown('unsupported-builtin', `format(<${this.typeName(value)}>, '${specText}')`);
    return out ?? fail();
  }

  /** printf-style `template % values`. */
  percentFormat(template: string, values: PyValue): string {
    return this.buildingAtMost(() => this.percentFormatParts(template, values), 'str % values');
  }

  private percentFormatParts(template: string, values: PyValue): string {
    const parts = parsePercentTemplate(template);
    if (parts === null) return this.raise('ValueError', 'incomplete format');
    const tuple = this.tupleItems(values);
    const list = tuple !== undefined && !(values instanceof PyInstance) ? [...tuple] : [values];
    const mapping = values instanceof PyDict ? values : null;
    let next = 0;
    const take = (): PyValue => {
      if (next >= list.length) return this.raise('TypeError', 'not enough arguments for format string');
      return list[next++];
    };
    let out = '';
    for (const part of parts) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const width = part.width === '*' ? Number(this.intValue(take()) ?? 0n) : (part.width ?? 0);
      const precision = part.precision === '*' ? Number(this.intValue(take()) ?? 0n) : part.precision;
      let value: PyValue;
      if (part.key !== null) {
        if (mapping === null) return this.raise('TypeError', 'format requires a mapping');
        value = this.getItem(mapping, part.key);
      } else value = take();
      out += this.percentOne(value, percentToSpec(part, width, precision));
    }
    if (mapping === null && next < list.length)
      return this.raise('TypeError', 'not all arguments converted during string formatting');
    return out;
  }

  private percentOne(value: PyValue, spec: FormatSpec): string {
    switch (spec.type) {
      case 's':
      case 'r':
      case 'a': {
        const text = spec.type === 's' ? this.str(value) : this.repr(value);
        return formatStr(text, { ...spec, type: '' }) ?? text;
      }
      case 'd':
      case 'i':
      case 'u': {
        const n = this.intValue(value) ?? (typeof value === 'number' ? BigInt(Math.trunc(value)) : undefined);
        if (n === undefined)
          return this.raise(
            'TypeError',
            `%${spec.type} format: a real number is required, not ${this.typeName(value)}`,
          );
        return this.withPythonValueError(() =>
          formatInt(n, { ...spec, type: 'd', precision: null }),
        ) as string;
      }
      case 'x':
      case 'X':
      case 'o': {
        const n = this.intValue(value);
        if (n === undefined)
          return this.raise(
            'TypeError',
            `%${spec.type} format: an integer is required, not ${this.typeName(value)}`,
          );
        return this.withPythonValueError(() => formatInt(n, { ...spec, precision: null })) as string;
      }
      case 'c':
        return typeof value === 'string' ? value : String.fromCodePoint(Number(this.intValue(value) ?? 0n));
      default: {
        const x = typeof value === 'number' ? value : this.intValue(value);
        if (x === undefined)
          return this.raise('TypeError', `must be real number, not ${this.typeName(value)}`);
        return formatFloatSpec(Number(x), spec) as string;
      }
    }
  }

  // --- arithmetic -----------------------------------------------------------------

  binaryOp(op: string, a: PyValue, b: PyValue): PyValue {
    const [method, reflected, symbol] = BINARY_DUNDERS[op];
    if (a instanceof PyInstance || b instanceof PyInstance) {
      const viaA = this.userMethod(a, method);
      if (viaA !== undefined) {
        const result = this.call(viaA, args(b));
        if (result !== NOT_IMPLEMENTED) return result;
      }
      const viaB = this.userMethod(b, reflected);
      if (viaB !== undefined) {
        const result = this.call(viaB, args(a));
        if (result !== NOT_IMPLEMENTED) return result;
      }
    }
    if (a instanceof PyOpaque || b instanceof PyOpaque)
      return this.unknown(
        'opaque-value',
        `${a instanceof PyOpaque ? a.origin : (b as PyOpaque).origin} ${symbol}`,
      );
    const result = this.nativeBinary(op, a, b);
    if (result !== undefined) return result;
    return this.raise(
      'TypeError',
      `unsupported operand type(s) for ${symbol}: '${this.typeName(a)}' and '${this.typeName(b)}'`,
    );
  }

  private nativeBinary(op: string, a: PyValue, b: PyValue): PyValue | undefined {
    const ia = this.intValue(a);
    const ib = this.intValue(b);
    if (ia !== undefined && ib !== undefined) return this.intOp(op, ia, ib);
    const fa = typeof a === 'number' ? a : ia !== undefined ? Number(ia) : undefined;
    const fb = typeof b === 'number' ? b : ib !== undefined ? Number(ib) : undefined;
    if (fa !== undefined && fb !== undefined) return this.floatOp(op, fa, fb);
    const sa = this.strValue(a);
    const sb = this.strValue(b);
    if (op === 'Add' && sa !== undefined && sb !== undefined) return sa + sb;
    if (op === 'Mod' && sa !== undefined) return this.percentFormat(sa, b);
    if (op === 'Mult' && ((sa !== undefined && ib !== undefined) || (sb !== undefined && ia !== undefined))) {
      const n = ia ?? (ib as bigint);
      const text = sa ?? sb ?? '';
      if (n <= 0n || text === '') return '';
      this.checkBuiltSize(BigInt(text.length) * n, 'str * int');
      return text.repeat(Number(n));
    }
    if (a instanceof PyList && b instanceof PyList && op === 'Add')
      return new PyList([...a.items, ...b.items]);
    if (a instanceof PyTuple && b instanceof PyTuple && op === 'Add')
      return new PyTuple([...a.items, ...b.items]);
    if (op === 'Mult' && (a instanceof PyList || a instanceof PyTuple) && ib !== undefined) {
      this.checkBuiltSize(BigInt(a.items.length) * ib, 'sequence * int');
      const out: PyValue[] = [];
      for (let i = 0n; i < ib; i++) out.push(...a.items);
      return a instanceof PyList ? new PyList(out) : new PyTuple(out);
    }
    if (a instanceof PySet && b instanceof PySet) return this.setOp(op, a, b);
    if (a instanceof PyDict && b instanceof PyDict && op === 'BitOr') {
      const d = new PyDict();
      for (const e of a.entries.values()) this.dictSet(d, e.key, e.value);
      for (const e of b.entries.values()) this.dictSet(d, e.key, e.value);
      return d;
    }
    if (op === 'BitOr' && this.isTypeLike(a) && this.isTypeLike(b)) return new PyTypingForm('Union', [a, b]);
    return undefined;
  }

  private isTypeLike(value: PyValue): boolean {
    return value === null || value instanceof PyClass || value instanceof PyTypingForm;
  }

  private setOp(op: string, a: PySet, b: PySet): PyValue | undefined {
    const out = new PySet(a.frozen);
    switch (op) {
      case 'BitOr':
        for (const [k, v] of a.entries) out.entries.set(k, v);
        for (const [k, v] of b.entries) out.entries.set(k, v);
        return out;
      case 'BitAnd':
        for (const [k, v] of a.entries) if (b.entries.has(k)) out.entries.set(k, v);
        return out;
      case 'Sub':
        for (const [k, v] of a.entries) if (!b.entries.has(k)) out.entries.set(k, v);
        return out;
      case 'BitXor':
        for (const [k, v] of a.entries) if (!b.entries.has(k)) out.entries.set(k, v);
        for (const [k, v] of b.entries) if (!a.entries.has(k)) out.entries.set(k, v);
        return out;
    }
    return undefined;
  }

  private intOp(op: string, a: bigint, b: bigint): PyValue | undefined {
    switch (op) {
      case 'Add':
        return a + b;
      case 'Sub':
        return a - b;
      case 'Mult':
        this.checkBuiltSize(bitLength(a) + bitLength(b), 'int * int');
        return a * b;
      case 'Div':
        if (b === 0n) return this.raise('ZeroDivisionError', 'division by zero');
        return Number(a) / Number(b);
      case 'FloorDiv':
        if (b === 0n) return this.raise('ZeroDivisionError', 'integer division or modulo by zero');
        return pyFloorDiv(a, b);
      case 'Mod': {
        if (b === 0n) return this.raise('ZeroDivisionError', 'integer division or modulo by zero');
        const r = a % b;
        return r !== 0n && r < 0n !== b < 0n ? r + b : r;
      }
      case 'Pow':
        if (b < 0n) return this.floatOp('Pow', Number(a), Number(b));
        if (a > 1n || a < -1n) this.checkBuiltSize(BigInt(bitLength(a)) * b, 'int ** int');
        return a ** b;
      case 'LShift':
        if (b < 0n) return this.raise('ValueError', 'negative shift count');
        if (a !== 0n) this.checkBuiltSize(BigInt(bitLength(a)) + b, 'int << int');
        return a << b;
      case 'RShift':
        if (b < 0n) return this.raise('ValueError', 'negative shift count');
        return a >> b;
      case 'BitOr':
        return a | b;
      case 'BitAnd':
        return a & b;
      case 'BitXor':
        return a ^ b;
    }
    return undefined;
  }

  private floatOp(op: string, a: number, b: number): PyValue | undefined {
    switch (op) {
      case 'Add':
        return a + b;
      case 'Sub':
        return a - b;
      case 'Mult':
        return a * b;
      case 'Div':
        if (b === 0) return this.raise('ZeroDivisionError', 'float division by zero');
        return a / b;
      case 'FloorDiv':
        if (b === 0) return this.raise('ZeroDivisionError', 'float floor division by zero');
        return Math.floor(a / b);
      case 'Mod': {
        if (b === 0) return this.raise('ZeroDivisionError', 'float modulo');
        const r = a % b;
        return r !== 0 && r < 0 !== b < 0 ? r + b : r;
      }
      case 'Pow': {
        if (a === 0 && b < 0)
          return this.raise('ZeroDivisionError', '0.0 cannot be raised to a negative power');
        const result = a ** b;
        if (!Number.isFinite(result) && Number.isFinite(a) && Number.isFinite(b) && a !== 0)
          return this.raise('OverflowError', "(34, 'Numerical result out of range')");
        return result;
      }
    }
    return undefined;
  }
}

// Side tables for the natively implemented class kinds (filled by stdlib.ts).

/** NamedTuple classes: their field names, in order. */
export const namedTupleFields = new WeakMap<PyClass, readonly string[]>();
/** NamedTuple classes: default values of trailing fields. */
export const namedTupleDefaults = new WeakMap<PyClass, ReadonlyMap<string, PyValue>>();
/** Enum classes: members by name (aliases included, in definition order). */
export const enumMembers = new WeakMap<PyClass, Map<string, PyInstance>>();
/** ReprEnum roots (IntEnum, StrEnum): str() and format() give the value. */
export const reprEnumClasses = new WeakSet<PyClass>();
/** Class attributes computed natively for a class family (Enum: __members__). */
export const classAttrHooks = new WeakMap<PyClass, (cls: PyClass, name: string) => PyValue | undefined>();

/** Enum members without aliases, in definition order. */
export function* uniqueMembers(members: Map<string, PyInstance>): Generator<PyInstance> {
  for (const [name, member] of members) {
    if (member.payload?.kind === 'enum' && member.payload.name === name) yield member;
  }
}

/** At most 3 bits more than |n| takes (0 for 0): enough to bound a result's size. */
function bitLength(n: bigint): number {
  return n === 0n ? 0 : (n < 0n ? -n : n).toString(16).length * 4;
}
