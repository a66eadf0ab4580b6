// Python values as the evaluator holds them. JS primitives stand for the
// immutable scalars (None = null, bool, int = bigint, float = number, str);
// everything else is a PyObject subclass. Classes and instances are plain
// data: the behaviour (attribute lookup, calls, operators) is in the
// interpreter, so these stay free of cycles between files.

import type { ExprNode, FunctionDef, Lambda, StmtNode } from '../python/ast.js';

export type PyValue = null | boolean | bigint | number | string | PyObject;

let nextIdentity = 1;

/** Every object has an identity (Python's id()), used by `is` and as a hash key. */
export abstract class PyObject {
  readonly identity = nextIdentity++;
}

export class PyList extends PyObject {
  constructor(public items: PyValue[]) {
    super();
  }
}

export class PyTuple extends PyObject {
  constructor(readonly items: readonly PyValue[]) {
    super();
  }
}

/** A dict: insertion-ordered entries keyed by the key's hash key (see hashKey). */
export class PyDict extends PyObject {
  readonly entries = new Map<string, { key: PyValue; value: PyValue }>();
}

export class PySet extends PyObject {
  readonly entries = new Map<string, PyValue>();
  constructor(readonly frozen: boolean) {
    super();
  }
}

/** Where a value came from in the source, for messages. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/** A module's global namespace and what the interpreter knows about it. */
export class PyModule extends PyObject {
  readonly dict = new Map<string, PyValue>();
  /** An installed module the world does not model: each attribute is an opaque value. */
  opaque = false;
  constructor(
    readonly name: string,
    /** The tree path (or world path) of its source, or null for a native module. */
    readonly file: string | null,
  ) {
    super();
  }
}

export type FrameKind = 'module' | 'class' | 'function' | 'comprehension';

/** Names a function binds, from its body (scope.ts). */
export interface ScopeNames {
  readonly locals: ReadonlySet<string>;
  readonly globals: ReadonlySet<string>;
  readonly nonlocals: ReadonlySet<string>;
}

/** A running scope: a module body, a class body, a function call or a comprehension. */
export class Frame {
  /** Variables of a function or comprehension; the namespace of a class body. Unused for a module. */
  readonly locals = new Map<string, PyValue>();
  /** A class body: the annotated names, in order (NamedTuple and dataclass fields). */
  readonly annotations: string[] = [];
  /** A class body: the annotated names whose annotation is ClassVar[...] (not dataclass fields). */
  readonly classVars = new Set<string>();
  constructor(
    readonly kind: FrameKind,
    /** The enclosing function or comprehension frame, where free variables are found (never a class body). */
    readonly parent: Frame | null,
    readonly module: PyModule,
    /** A function frame's names. */
    readonly scope: ScopeNames | null,
    /** The function running in this frame (function frames only). */
    readonly func: PyFunction | null,
    /** The qualified-name prefix of what is defined in this frame. */
    readonly qualname: string,
  ) {}
}

export interface ParamSpec {
  readonly name: string;
  readonly kind: 'positional-only' | 'positional' | 'var-positional' | 'keyword-only' | 'var-keyword';
  readonly default: PyValue | undefined;
}

export class PyFunction extends PyObject {
  /** The class whose body defined it: what zero-argument super() uses (__class__). */
  definingClass: PyClass | null = null;
  readonly attributes = new Map<string, PyValue>();
  constructor(
    readonly name: string,
    readonly qualname: string,
    readonly node: FunctionDef | Lambda,
    readonly body: readonly StmtNode[] | ExprNode,
    readonly params: readonly ParamSpec[],
    readonly closure: Frame | null,
    readonly module: PyModule,
    readonly file: string,
  ) {
    super();
  }
}

export interface CallArgs {
  readonly args: readonly PyValue[];
  readonly kwargs: ReadonlyMap<string, PyValue>;
}

/** A function implemented in TypeScript (builtins, the standard library, the world). */
export class PyBuiltin extends PyObject {
  constructor(
    readonly name: string,
    readonly call: (args: CallArgs) => PyValue,
    /** True for a method of a native class: binds its receiver like a Python function does. */
    readonly binds = false,
  ) {
    super();
  }
}

export class PyBoundMethod extends PyObject {
  constructor(
    readonly self: PyValue,
    readonly func: PyValue,
  ) {
    super();
  }
}

export class PyClassMethod extends PyObject {
  constructor(readonly func: PyValue) {
    super();
  }
}

export class PyStaticMethod extends PyObject {
  constructor(readonly func: PyValue) {
    super();
  }
}

export class PyProperty extends PyObject {
  constructor(
    readonly fget: PyValue,
    /** functools.cached_property: the value is stored in the instance on first read. */
    readonly cached: boolean,
    readonly name: string,
  ) {
    super();
  }
}

/** functools.cache / lru_cache: the wrapped callable and its results by argument key. */
export class PyCachedFunction extends PyObject {
  readonly results = new Map<string, PyValue>();
  constructor(readonly func: PyValue) {
    super();
  }
}

export class PyPartial extends PyObject {
  constructor(
    readonly func: PyValue,
    readonly args: readonly PyValue[],
    readonly kwargs: ReadonlyMap<string, PyValue>,
  ) {
    super();
  }
}

/** Behaviour of a class implemented natively (builtin types, Enum, NamedTuple, exceptions...). */
export interface NativeClass {
  /** Creates an instance of `cls` (a subclass of this native class) from constructor arguments. */
  readonly construct?: (cls: PyClass, args: CallArgs) => PyValue;
  /** Called once a subclass is created (Enum members, NamedTuple fields, dataclass...). */
  readonly initSubclass?: (cls: PyClass) => void;
}

export class PyClass extends PyObject {
  readonly dict = new Map<string, PyValue>();
  mro: readonly PyClass[] = [];
  constructor(
    readonly name: string,
    readonly qualname: string,
    readonly moduleName: string,
    readonly bases: readonly PyClass[],
    /** The metaclass when it is not `type` (Enum's, ABCMeta is treated as type). */
    readonly metaclass: PyClass | null,
    public native: NativeClass | null,
  ) {
    super();
  }
}

/** Extra state of an instance of a native base type. */
export type InstancePayload =
  | { readonly kind: 'tuple'; readonly items: readonly PyValue[] }
  | { readonly kind: 'exception'; args: readonly PyValue[] }
  | { readonly kind: 'enum'; readonly name: string; readonly value: PyValue }
  | { readonly kind: 'dict'; readonly dict: PyDict }
  | null;

export class PyInstance extends PyObject {
  readonly dict = new Map<string, PyValue>();
  constructor(
    readonly cls: PyClass,
    public payload: InstancePayload,
  ) {
    super();
  }
}

export class PyRange extends PyObject {
  constructor(
    readonly start: bigint,
    readonly stop: bigint,
    readonly step: bigint,
  ) {
    super();
  }
}

/** An iterator fed by a JS generator: iter(), generator expressions, map(), zip()... are lazy. */
export class PyIterator extends PyObject {
  constructor(readonly source: Iterator<PyValue>) {
    super();
  }
}

export class PySlice extends PyObject {
  constructor(
    readonly start: PyValue,
    readonly stop: PyValue,
    readonly step: PyValue,
  ) {
    super();
  }
}

/** A `typing` construct (List[int], Literal['a'], Optional[X], TypeVar...): only its arguments matter. */
export class PyTypingForm extends PyObject {
  constructor(
    readonly name: string,
    readonly args: readonly PyValue[],
    /** The class a subscription was made of (`Base[T]`, `list[int]`): what the alias stands for as a base. */
    readonly origin: PyClass | null = null,
  ) {
    super();
  }
}

/** The object `super()` returns: attribute lookups start after `thisClass` in the MRO of `self`'s type. */
export class PySuper extends PyObject {
  constructor(
    readonly thisClass: PyClass,
    readonly self: PyValue,
    /** The type whose MRO is searched: type(self), or self itself when it is a class. */
    readonly startType: PyClass,
  ) {
    super();
  }
}

/**
 * A value from a module or object the world does not model (a third-party
 * package, a compiled extension, a torch attribute): it may be stored and
 * passed on, but any use of it is unknown.
 */
export class PyOpaque extends PyObject {
  constructor(readonly origin: string) {
    super();
  }
}

class NotImplementedType extends PyObject {}
export const NOT_IMPLEMENTED: PyObject = new NotImplementedType();

class EllipsisType extends PyObject {}
export const ELLIPSIS_VALUE: PyObject = new EllipsisType();

export function isNotImplemented(value: PyValue): boolean {
  return value === NOT_IMPLEMENTED;
}

/** dict.keys(), .values(), .items(): live views of a dict. */
export class PyDictView extends PyObject {
  constructor(
    readonly dict: PyDict,
    readonly view: 'keys' | 'values' | 'items',
  ) {
    super();
  }
}

/**
 * What builtin hash() returns: CPython's number depends on the process's hash
 * seed, so only its use as a hash (a dict or cache key) is modelled.
 */
export class PyHashValue extends PyObject {
  constructor(readonly key: string) {
    super();
  }
}
