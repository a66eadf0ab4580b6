// The `builtins` module: the builtin functions, the builtin types with their
// constructors and methods (str, list, dict, set, tuple...), and the builtin
// exceptions, each as CPython 3.11 behaves for the uses the tree makes of it.

import { pyLower } from '../python/values.js';
import { PyRaise } from './errors.js';
import type { Interpreter } from './interpreter.js';
import {
  ELLIPSIS_VALUE,
  NOT_IMPLEMENTED,
  PyBuiltin,
  PyClass,
  PyClassMethod,
  PyDict,
  PyDictView,
  PyHashValue,
  PyInstance,
  PyIterator,
  PyList,
  PyModule,
  PyOpaque,
  PyProperty,
  PyRange,
  PySet,
  PySlice,
  PyStaticMethod,
  PySuper,
  PyTuple,
  type CallArgs,
  type PyValue,
} from './objects.js';
import { args } from './runtime.js';

type Fn = (a: CallArgs) => PyValue;

export function installBuiltins(rt: Interpreter, module: PyModule): void {
  const t = rt.types;
  const define = (name: string, fn: Fn): PyBuiltin => {
    const b = new PyBuiltin(name, fn);
    module.dict.set(name, b);
    return b;
  };
  const method = (cls: PyClass, name: string, fn: Fn): void => {
    cls.dict.set(name, new PyBuiltin(name, fn, true));
  };
  const arg = (a: CallArgs, index: number, name: string, fallback?: PyValue): PyValue => {
    if (index < a.args.length) return a.args[index];
    const kw = a.kwargs.get(name);
    if (kw !== undefined) return kw;
    if (fallback !== undefined) return fallback;
    return rt.raise('TypeError', `missing required argument '${name}'`);
  };
  const str = (v: PyValue, what: string): string => {
    const s = rt.strValue(v);
    if (s === undefined) return rt.raise('TypeError', `${what} must be str, not ${rt.typeName(v)}`);
    return s;
  };
  const int = (v: PyValue, what: string): bigint => {
    const n = rt.intValue(v);
    if (n === undefined)
      return rt.raise('TypeError', `${what}: an integer is required, not '${rt.typeName(v)}'`);
    return n;
  };

  for (const cls of [
    t.object,
    t.type,
    t.int,
    t.bool,
    t.float,
    t.str,
    t.list,
    t.tuple,
    t.dict,
    t.set,
    t.frozenset,
    t.range,
    t.slice,
    t.property,
    t.classmethod,
    t.staticmethod,
  ])
    module.dict.set(cls.name, cls);
  module.dict.set('super', t.super);
  for (const [name, cls] of rt.exceptions) module.dict.set(name, cls);
  module.dict.set('EnvironmentError', rt.exceptions.get('OSError') as PyClass);
  module.dict.set('IOError', rt.exceptions.get('OSError') as PyClass);
  module.dict.set('NotImplemented', NOT_IMPLEMENTED);
  module.dict.set('Ellipsis', ELLIPSIS_VALUE);
  module.dict.set('__debug__', true);
  module.dict.set('__name__', 'builtins');

  // --- constructors -----------------------------------------------------------
  t.object.native = { construct: (cls) => new PyInstance(cls, null) };
  method(t.object, '__init__', () => null);
  method(t.object, '__setattr__', (a) => {
    rt.setAttr(a.args[0], str(a.args[1], 'attribute name'), a.args[2]);
    return null;
  });
  t.int.native = {
    construct: (cls, a) => {
      if (cls !== t.int) return rt.unknown('unsupported-builtin', `int subclass ${cls.name}()`);
      if (a.args.length === 0) return 0n;
      const v = a.args[0];
      const base = a.args.length > 1 ? Number(int(a.args[1], 'int() base')) : 10;
      const s = rt.strValue(v);
      if (s !== undefined) return parseIntText(rt, s, base);
      const n = rt.intValue(v);
      if (n !== undefined) return n;
      if (typeof v === 'number') {
        if (!Number.isFinite(v))
          return rt.raise(
            Number.isNaN(v) ? 'ValueError' : 'OverflowError',
            'cannot convert float to integer',
          );
        return BigInt(Math.trunc(v));
      }
      const hook = rt.userMethod(v, '__int__') ?? rt.userMethod(v, '__index__');
      if (hook !== undefined) return rt.call(hook, args());
      if (v instanceof PyOpaque) return rt.unknown('opaque-value', `int(${v.origin})`);
      return rt.raise(
        'TypeError',
        `int() argument must be a string, a bytes-like object or a real number, not '${rt.typeName(v)}'`,
      );
    },
  };
  t.bool.native = { construct: (_cls, a) => (a.args.length === 0 ? false : rt.truthy(a.args[0])) };
  t.float.native = {
    construct: (_cls, a) => {
      if (a.args.length === 0) return 0;
      const v = a.args[0];
      if (typeof v === 'number') return v;
      const n = rt.intValue(v);
      if (n !== undefined) {
        const x = Number(n);
        return Number.isFinite(x) ? x : rt.raise('OverflowError', 'int too large to convert to float');
      }
      const s = rt.strValue(v);
      if (s !== undefined) {
        const text = s.trim().toLowerCase().replace(/_/g, '');
        if (/^[+-]?(inf|infinity)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
        if (/^[+-]?nan$/.test(text)) return NaN;
        if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(text)) return Number(text);
        return rt.raise('ValueError', `could not convert string to float: ${rt.repr(s)}`);
      }
      return rt.raise(
        'TypeError',
        `float() argument must be a string or a real number, not '${rt.typeName(v)}'`,
      );
    },
  };
  t.str.native = {
    construct: (cls, a) => {
      if (cls !== t.str) return rt.unknown('unsupported-builtin', `str subclass ${cls.name}()`);
      return a.args.length === 0 ? '' : rt.str(a.args[0]);
    },
  };
  t.list.native = {
    construct: (cls, a) => {
      if (cls !== t.list) return rt.unknown('unsupported-builtin', `list subclass ${cls.name}()`);
      return new PyList(a.args.length === 0 ? [] : [...rt.iterate(a.args[0])]);
    },
  };
  t.set.native = { construct: (_c, a) => rt.newSet(a.args.length === 0 ? [] : rt.iterate(a.args[0])) };
  t.frozenset.native = {
    construct: (_c, a) => rt.newSet(a.args.length === 0 ? [] : rt.iterate(a.args[0]), true),
  };
  const dictConstruct = t.dict.native?.construct;
  t.dict.native = {
    construct: (cls, a) => {
      const d = new PyDict();
      if (a.args.length > 0) fillDict(rt, d, a.args[0]);
      for (const [k, v] of a.kwargs) rt.dictSet(d, k, v);
      if (cls === t.dict) return d;
      const instance = dictConstruct?.(cls, a) as PyInstance;
      instance.payload = { kind: 'dict', dict: d };
      return instance;
    },
  };
  t.range.native = {
    construct: (_c, a) => {
      const n = a.args.map((v) => int(v, 'range()'));
      if (n.length === 1) return new PyRange(0n, n[0], 1n);
      if (n[2] === 0n) return rt.raise('ValueError', 'range() arg 3 must not be zero');
      return new PyRange(n[0], n[1], n[2] ?? 1n);
    },
  };
  t.slice.native = {
    construct: (_c, a) =>
      a.args.length === 1
        ? new PySlice(null, a.args[0], null)
        : new PySlice(a.args[0], a.args[1] ?? null, a.args[2] ?? null),
  };
  t.type.native = {
    construct: (_c, a) => {
      if (a.args.length === 1) return rt.typeOf(a.args[0]);
      return rt.unknown('unsupported-builtin', 'type(name, bases, dict)');
    },
  };
  t.property.native = {
    construct: (_c, a) => {
      const fget = arg(a, 0, 'fget');
      return new PyProperty(fget, false, rt.str(rt.findAttr(fget, '__name__') ?? ''));
    },
  };
  t.property.dict.set(
    'setter',
    new PyBuiltin(
      'setter',
      (a) => rt.unknown('unsupported-builtin', `property.setter on ${rt.typeName(a.args[0])}`),
      true,
    ),
  );
  t.classmethod.native = { construct: (_c, a) => new PyClassMethod(arg(a, 0, 'function')) };
  t.staticmethod.native = { construct: (_c, a) => new PyStaticMethod(arg(a, 0, 'function')) };
  t.super.native = {
    construct: (_c, a) => {
      if (a.args.length === 0) return rt.zeroArgSuper();
      const thisClass = a.args[0];
      const self = a.args[1] ?? null;
      if (!(thisClass instanceof PyClass)) return rt.raise('TypeError', 'super() argument 1 must be a type');
      const startType = self instanceof PyClass && rt.isSubclass(self, thisClass) ? self : rt.typeOf(self);
      return new PySuper(thisClass, self, startType);
    },
  };
  rt.superBuiltin = t.super;

  // --- functions ----------------------------------------------------------------
  define('len', (a) => rt.length(arg(a, 0, 'obj')));
  define('isinstance', (a) => rt.isInstance(arg(a, 0, 'obj'), arg(a, 1, 'class_or_tuple')));
  define('issubclass', (a) => {
    const cls = arg(a, 0, 'cls');
    const info = arg(a, 1, 'class_or_tuple');
    if (!(cls instanceof PyClass)) {
      if (cls instanceof PyOpaque) return rt.unknown('opaque-value', `issubclass(${cls.origin})`);
      return rt.raise('TypeError', 'issubclass() arg 1 must be a class');
    }
    const bases = info instanceof PyTuple ? info.items : [info];
    return bases.some((b) => {
      if (b instanceof PyClass) return rt.isSubclass(cls, b);
      if (b instanceof PyOpaque) return rt.unknown('opaque-value', `issubclass(..., ${b.origin})`);
      return rt.raise('TypeError', 'issubclass() arg 2 must be a class, a tuple of classes, or a union');
    });
  });
  define('hasattr', (a) => {
    const obj = arg(a, 0, 'obj');
    const name = str(arg(a, 1, 'name'), 'attribute name');
    try {
      return rt.getAttr(obj, name) !== undefined;
    } catch (error) {
      if (
        error instanceof PyRaise &&
        rt.isInstance(error.exception, rt.exceptions.get('AttributeError') as PyClass)
      )
        return false;
      throw error;
    }
  });
  define('getattr', (a) => {
    const obj = arg(a, 0, 'obj');
    const name = str(arg(a, 1, 'name'), 'attribute name');
    if (a.args.length < 3) return rt.getAttr(obj, name);
    try {
      return rt.getAttr(obj, name);
    } catch (error) {
      if (
        error instanceof PyRaise &&
        rt.isInstance(error.exception, rt.exceptions.get('AttributeError') as PyClass)
      )
        return a.args[2];
      throw error;
    }
  });
  define('setattr', (a) => {
    rt.setAttr(arg(a, 0, 'obj'), str(arg(a, 1, 'name'), 'attribute name'), arg(a, 2, 'value'));
    return null;
  });
  define('repr', (a) => rt.repr(arg(a, 0, 'obj')));
  define('ascii', (a) => rt.repr(arg(a, 0, 'obj')));
  define('format', (a) =>
    rt.format(arg(a, 0, 'value'), a.args.length > 1 ? str(a.args[1], 'format spec') : ''),
  );
  define('print', () => null);
  define('callable', (a) => {
    const v = arg(a, 0, 'obj');
    if (v instanceof PyOpaque) return rt.unknown('opaque-value', `callable(${v.origin})`);
    if (v instanceof PyInstance) return rt.lookupMro(v.cls, '__call__') !== undefined;
    return !(
      v === null ||
      typeof v !== 'object' ||
      v instanceof PyList ||
      v instanceof PyTuple ||
      v instanceof PyDict ||
      v instanceof PySet ||
      v instanceof PyModule
    );
  });
  define('abs', (a) => {
    const v = arg(a, 0, 'x');
    const n = rt.intValue(v);
    if (n !== undefined) return n < 0n ? -n : n;
    if (typeof v === 'number') return Math.abs(v);
    return rt.raise('TypeError', `bad operand type for abs(): '${rt.typeName(v)}'`);
  });
  define('round', (a) => {
    const v = arg(a, 0, 'number');
    const digits = a.args[1] ?? a.kwargs.get('ndigits') ?? null;
    const n = rt.intValue(v);
    if (n !== undefined && digits === null) return n;
    if (typeof v !== 'number' && n === undefined)
      return rt.raise('TypeError', `type ${rt.typeName(v)} doesn't define __round__ method`);
    if (n !== undefined) return roundIntHalfEven(n, int(digits as PyValue, 'round'));
    const x = v as number;
    if (digits === null) return BigInt(roundHalfEven(x));
    const d = int(digits, 'round');
    // Past the doubles' exponent range the scaling below overflows: CPython gives x, or a zero of x's sign.
    if (d > 308n) return x;
    if (d < -308n) return x * 0;
    const scaled = roundHalfEven(x * 10 ** Number(d)) / 10 ** Number(d);
    return Number.isFinite(scaled) ? scaled : x;
  });
  define(
    'divmod',
    (a) =>
      new PyTuple([rt.binaryOp('FloorDiv', a.args[0], a.args[1]), rt.binaryOp('Mod', a.args[0], a.args[1])]),
  );
  define('pow', (a) => rt.binaryOp('Pow', a.args[0], a.args[1]));
  define('hash', (a) => new PyHashValue(rt.hashKey(arg(a, 0, 'obj'))));
  define('id', () => rt.unknown('unsupported-builtin', 'id()'));
  define('chr', (a) => String.fromCodePoint(Number(int(arg(a, 0, 'i'), 'chr()'))));
  define('ord', (a) => BigInt(str(arg(a, 0, 'c'), 'ord()').codePointAt(0) ?? 0));
  define('hex', (a) => {
    const n = int(arg(a, 0, 'number'), 'hex()');
    return n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`;
  });
  define('iter', (a) => new PyIterator(rt.iterate(arg(a, 0, 'object'))));
  define('next', (a) => {
    const it = arg(a, 0, 'iterator');
    if (!(it instanceof PyIterator))
      return rt.raise('TypeError', `'${rt.typeName(it)}' object is not an iterator`);
    const step = it.source.next();
    if (!step.done) return step.value;
    if (a.args.length > 1) return a.args[1];
    return rt.raise('StopIteration');
  });
  define('enumerate', (a) => {
    const start =
      a.args.length > 1 ? int(a.args[1], 'enumerate') : (rt.intValue(a.kwargs.get('start') ?? 0n) ?? 0n);
    const source = rt.iterate(arg(a, 0, 'iterable'));
    return new PyIterator(
      (function* () {
        let i = start;
        for (const v of source) yield new PyTuple([i++, v]);
      })(),
    );
  });
  define('zip', (a) => {
    const iterators = a.args.map((v) => rt.iterate(v));
    return new PyIterator(
      (function* () {
        for (const row of zipRows(iterators)) yield new PyTuple(row);
      })(),
    );
  });
  define('map', (a) => {
    if (a.args.length < 2) return rt.raise('TypeError', 'map() must have at least two arguments.');
    const fn = a.args[0];
    const iterators = a.args.slice(1).map((v) => rt.iterate(v));
    return new PyIterator(
      (function* () {
        for (const row of zipRows(iterators)) yield rt.call(fn, { args: row, kwargs: new Map() });
      })(),
    );
  });
  define('filter', (a) => {
    const fn = a.args[0];
    const source = rt.iterate(a.args[1]);
    return new PyIterator(
      (function* () {
        for (const v of source) if (rt.truthy(fn === null ? v : rt.call(fn, args(v)))) yield v;
      })(),
    );
  });
  define(
    'reversed',
    (a) => new PyIterator([...rt.iterate(arg(a, 0, 'sequence'))].reverse()[Symbol.iterator]()),
  );
  define('any', (a) => {
    for (const v of rt.iterate(arg(a, 0, 'iterable'))) if (rt.truthy(v)) return true;
    return false;
  });
  define('all', (a) => {
    for (const v of rt.iterate(arg(a, 0, 'iterable'))) if (!rt.truthy(v)) return false;
    return true;
  });
  define('sum', (a) => {
    let total: PyValue = a.args[1] ?? a.kwargs.get('start') ?? 0n;
    for (const v of rt.iterate(arg(a, 0, 'iterable'))) total = rt.binaryOp('Add', total, v);
    return total;
  });
  define('sorted', (a) => {
    const items = [...rt.iterate(arg(a, 0, 'iterable'))];
    return new PyList(
      sortValues(rt, items, a.kwargs.get('key') ?? null, rt.truthy(a.kwargs.get('reverse') ?? false)),
    );
  });
  const minMax = (name: string, wantMax: boolean): void => {
    define(name, (a) => {
      const items = a.args.length === 1 ? [...rt.iterate(a.args[0])] : [...a.args];
      const key = a.kwargs.get('key') ?? null;
      if (items.length === 0) {
        const dflt = a.kwargs.get('default');
        if (dflt !== undefined) return dflt;
        return rt.raise('ValueError', `${name}() arg is an empty sequence`);
      }
      let best = items[0];
      let bestKey = key === null ? best : rt.call(key, args(best));
      for (const item of items.slice(1)) {
        const k = key === null ? item : rt.call(key, args(item));
        if (wantMax ? rt.compare('Gt', k, bestKey) : rt.compare('Lt', k, bestKey)) {
          best = item;
          bestKey = k;
        }
      }
      return best;
    });
  };
  minMax('min', false);
  minMax('max', true);
  define('vars', (a) => rt.getAttr(arg(a, 0, 'object'), '__dict__'));
  define('globals', () => rt.unknown('unsupported-builtin', 'globals()'));
  define('open', () => rt.unknown('unsupported-builtin', 'open()'));
  define('__import__', (a) => rt.importModule(str(arg(a, 0, 'name'), '__import__')));

  installStrMethods(rt, method, arg, str, int);
  installContainerMethods(rt, method, arg, int);
}

/** One item of each iterator at a time, until the shortest ends (zip's and map's rows); none for no iterators. */
function* zipRows(iterators: readonly Iterator<PyValue>[]): Generator<PyValue[]> {
  if (iterators.length === 0) return;
  for (;;) {
    const row: PyValue[] = [];
    for (const it of iterators) {
      const step = it.next();
      if (step.done) return;
      row.push(step.value);
    }
    yield row;
  }
}

/** round(n, d) of an int: an int, rounded half to even at 10**-d when d < 0, as CPython does. */
function roundIntHalfEven(n: bigint, d: bigint): bigint {
  if (d >= 0n) return n;
  const digits = -d;
  // More digits than n has (its hex length doubled bounds its decimal length): n rounds to 0,
  // decided without building 10**digits.
  if (digits > BigInt((n < 0n ? -n : n).toString(16).length * 2)) return 0n;
  const unit = 10n ** digits;
  let quotient = n / unit;
  if (n % unit !== 0n && n < 0n) quotient -= 1n;
  const twiceRest = 2n * (n - quotient * unit);
  if (twiceRest > unit || (twiceRest === unit && quotient % 2n !== 0n)) quotient += 1n;
  return quotient * unit;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function parseIntText(rt: Interpreter, text: string, base: number): bigint {
  const cleaned = text.trim().replace(/_/g, '');
  const sign = cleaned.startsWith('-') ? -1n : 1n;
  let digits = cleaned.replace(/^[+-]/, '');
  let b = base;
  if (b === 0 || b === 16) {
    if (/^0x/i.test(digits)) {
      digits = digits.slice(2);
      b = 16;
    }
  }
  if (b === 0) b = 10;
  const valid =
    b === 10 ? /^\d+$/ : b === 16 ? /^[0-9a-f]+$/i : b === 8 ? /^[0-7]+$/ : b === 2 ? /^[01]+$/ : null;
  if (valid === null || !valid.test(digits))
    return rt.raise('ValueError', `invalid literal for int() with base ${base}: ${rt.repr(text)}`);
  const prefix = b === 16 ? '0x' : b === 8 ? '0o' : b === 2 ? '0b' : '';
  return sign * BigInt(prefix + digits);
}

function fillDict(rt: Interpreter, d: PyDict, source: PyValue): void {
  if (source instanceof PyDict) {
    for (const e of source.entries.values()) rt.dictSet(d, e.key, e.value);
    return;
  }
  if (source instanceof PyInstance && source.payload?.kind === 'dict')
    return fillDict(rt, d, source.payload.dict);
  for (const pair of rt.iterate(source)) {
    const items = [...rt.iterate(pair)];
    if (items.length !== 2)
      rt.raise('ValueError', `dictionary update sequence element has length ${items.length}; 2 is required`);
    rt.dictSet(d, items[0], items[1]);
  }
}

export function sortValues(rt: Interpreter, items: PyValue[], key: PyValue, reverse: boolean): PyValue[] {
  const keyed = items.map((item) => ({ item, key: key === null ? item : rt.call(key, args(item)) }));
  // Python sorts with `<` only; reverse keeps equal items in their original order.
  const cmp = (a: { key: PyValue }, b: { key: PyValue }): number =>
    rt.compare('Lt', a.key, b.key) ? -1 : rt.compare('Lt', b.key, a.key) ? 1 : 0;
  if (reverse) keyed.reverse();
  keyed.sort(cmp);
  if (reverse) keyed.reverse();
  return keyed.map((k) => k.item);
}

type MethodDef = (cls: PyClass, name: string, fn: Fn) => void;
type ArgFn = (a: CallArgs, index: number, name: string, fallback?: PyValue) => PyValue;

function installStrMethods(
  rt: Interpreter,
  method: MethodDef,
  arg: ArgFn,
  str: (v: PyValue, what: string) => string,
  int: (v: PyValue, what: string) => bigint,
): void {
  const S = rt.types.str;
  const self = (a: CallArgs): string => str(a.args[0], 'descriptor');
  const rest = (a: CallArgs): CallArgs => ({ args: a.args.slice(1), kwargs: a.kwargs });
  const affix = (a: CallArgs, test: (s: string, p: string) => boolean): boolean => {
    const s = self(a);
    const r = rest(a);
    const prefix = arg(r, 0, 'prefix');
    const start = r.args.length > 1 ? Number(int(r.args[1], 'start')) : 0;
    const end = r.args.length > 2 ? Number(int(r.args[2], 'end')) : undefined;
    const chars = [...s];
    const part = chars.slice(start < 0 ? Math.max(0, chars.length + start) : start, end).join('');
    if (prefix instanceof PyTuple) return prefix.items.some((p) => test(part, str(p, 'tuple item')));
    return test(part, str(prefix, 'prefix'));
  };
  method(S, 'startswith', (a) => affix(a, (s, p) => s.startsWith(p)));
  method(S, 'endswith', (a) => affix(a, (s, p) => s.endsWith(p)));
  method(S, 'lower', (a) => pyLower(self(a)));
  method(S, 'upper', (a) => self(a).toUpperCase());
  method(S, 'casefold', (a) => pyLower(self(a)));
  method(S, 'strip', (a) => stripChars(self(a), rest(a).args[0] ?? null, 'both', str));
  method(S, 'lstrip', (a) => stripChars(self(a), rest(a).args[0] ?? null, 'left', str));
  method(S, 'rstrip', (a) => stripChars(self(a), rest(a).args[0] ?? null, 'right', str));
  method(S, 'join', (a) => {
    const sep = self(a);
    return [...rt.iterate(arg(rest(a), 0, 'iterable'))]
      .map((v, i) => {
        const s = rt.strValue(v);
        if (s === undefined)
          return rt.raise('TypeError', `sequence item ${i}: expected str instance, ${rt.typeName(v)} found`);
        return s;
      })
      .join(sep);
  });
  const split = (a: CallArgs, fromRight: boolean): PyList => {
    const s = self(a);
    const r = rest(a);
    const sep = r.args[0] ?? r.kwargs.get('sep') ?? null;
    const maxsplit = Number(rt.intValue(r.args[1] ?? r.kwargs.get('maxsplit') ?? -1n) ?? -1n);
    if (sep === null) {
      const words = s.split(/\s+/u).filter((w) => w !== '');
      if (maxsplit < 0 || words.length <= maxsplit + 1) return new PyList(words);
      return rt.unknown('unsupported-builtin', 'str.split() with maxsplit and no separator');
    }
    const separator = str(sep, 'separator');
    if (separator === '') return rt.raise('ValueError', 'empty separator');
    const parts = s.split(separator);
    if (maxsplit < 0 || parts.length <= maxsplit + 1) return new PyList(parts);
    if (fromRight) {
      const head = parts.slice(0, parts.length - maxsplit).join(separator);
      return new PyList([head, ...parts.slice(parts.length - maxsplit)]);
    }
    return new PyList([...parts.slice(0, maxsplit), parts.slice(maxsplit).join(separator)]);
  };
  method(S, 'split', (a) => split(a, false));
  method(S, 'rsplit', (a) => split(a, true));
  method(
    S,
    'splitlines',
    (a) =>
      new PyList(
        self(a)
          .split(/\r\n|\r|\n/u)
          .filter((l, i, all) => i < all.length - 1 || l !== ''),
      ),
  );
  method(S, 'replace', (a) => {
    const s = self(a);
    const r = rest(a);
    const old = str(arg(r, 0, 'old'), 'replace() argument 1');
    const next = str(arg(r, 1, 'new'), 'replace() argument 2');
    const count = r.args.length > 2 ? Number(int(r.args[2], 'count')) : -1;
    if (count < 0) return s.split(old).join(next);
    const parts = s.split(old);
    return (
      parts.slice(0, count + 1).join(next) +
      (parts.length > count + 1 ? old + parts.slice(count + 1).join(old) : '')
    );
  });
  const find = (a: CallArgs, fromRight: boolean): number => {
    const s = self(a);
    const sub = str(arg(rest(a), 0, 'sub'), 'find() argument');
    if (rest(a).args.length > 1) return rt.unknown('unsupported-builtin', 'str.find() with start');
    return fromRight ? s.lastIndexOf(sub) : s.indexOf(sub);
  };
  method(S, 'find', (a) => BigInt(find(a, false)));
  method(S, 'rfind', (a) => BigInt(find(a, true)));
  method(S, 'index', (a) => {
    const i = find(a, false);
    if (i < 0) return rt.raise('ValueError', 'substring not found');
    return BigInt(i);
  });
  method(S, 'count', (a) => {
    const sub = str(arg(rest(a), 0, 'sub'), 'count() argument');
    return BigInt(sub === '' ? [...self(a)].length + 1 : self(a).split(sub).length - 1);
  });
  method(S, 'isdigit', (a) => /^\d+$/u.test(self(a)));
  method(S, 'isnumeric', (a) => /^\d+$/u.test(self(a)));
  method(S, 'isdecimal', (a) => /^\d+$/u.test(self(a)));
  method(S, 'isalpha', (a) => /^\p{L}+$/u.test(self(a)));
  method(S, 'isalnum', (a) => /^[\p{L}\p{N}]+$/u.test(self(a)));
  method(S, 'isspace', (a) => /^\s+$/u.test(self(a)));
  method(S, 'isupper', (a) => /\p{Lu}/u.test(self(a)) && !/\p{Ll}/u.test(self(a)));
  method(S, 'islower', (a) => /\p{Ll}/u.test(self(a)) && !/\p{Lu}/u.test(self(a)));
  method(S, 'isidentifier', (a) => /^[\p{L}_][\p{L}\p{N}_]*$/u.test(self(a)));
  method(S, 'capitalize', (a) => {
    const s = self(a);
    return s.slice(0, 1).toUpperCase() + pyLower(s.slice(1));
  });
  method(S, 'title', (a) =>
    self(a).replace(/\p{L}+/gu, (w) => w.slice(0, 1).toUpperCase() + pyLower(w.slice(1))),
  );
  method(S, 'removeprefix', (a) => {
    const s = self(a);
    const p = str(arg(rest(a), 0, 'prefix'), 'removeprefix()');
    return p !== '' && s.startsWith(p) ? s.slice(p.length) : s;
  });
  method(S, 'removesuffix', (a) => {
    const s = self(a);
    const p = str(arg(rest(a), 0, 'suffix'), 'removesuffix()');
    return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  });
  const partition = (a: CallArgs, fromRight: boolean): PyTuple => {
    const s = self(a);
    const sep = str(arg(rest(a), 0, 'sep'), 'partition()');
    const i = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
    if (i < 0) return fromRight ? new PyTuple(['', '', s]) : new PyTuple([s, '', '']);
    return new PyTuple([s.slice(0, i), sep, s.slice(i + sep.length)]);
  };
  method(S, 'partition', (a) => partition(a, false));
  method(S, 'rpartition', (a) => partition(a, true));
  const justify = (a: CallArgs, align: string): string => {
    const r = rest(a);
    const width = Number(int(arg(r, 0, 'width'), 'width'));
    const fill = r.args.length > 1 ? str(r.args[1], 'fillchar') : ' ';
    return rt.format(self(a), `${fill}${align}${width}`);
  };
  method(S, 'ljust', (a) => justify(a, '<'));
  method(S, 'rjust', (a) => justify(a, '>'));
  method(S, 'center', (a) => justify(a, '^'));
  method(S, 'zfill', (a) => {
    const s = self(a);
    const width = Number(int(arg(rest(a), 0, 'width'), 'width'));
    const sign = s.startsWith('-') || s.startsWith('+') ? s[0] : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  });
  method(S, 'format', (a) => strFormat(rt, self(a), rest(a)));
  method(S, 'encode', () => rt.unknown('unsupported-builtin', 'str.encode()'));
  method(S, '__contains__', (a) => rt.contains(a.args[0], a.args[1]));
  method(S, '__eq__', (a) => rt.equals(a.args[0], a.args[1]));
  method(S, '__hash__', (a) => rt.unknown('unsupported-builtin', `hash(${rt.repr(a.args[0])})`));
  method(S, '__str__', (a) => self(a));
}

function stripChars(
  s: string,
  chars: PyValue,
  side: 'both' | 'left' | 'right',
  str: (v: PyValue, w: string) => string,
): string {
  const set = chars === null ? null : new Set(str(chars, 'strip arg'));
  const strip = (ch: string): boolean => (set === null ? /\s/u.test(ch) : set.has(ch));
  const cps = [...s];
  let start = 0;
  let end = cps.length;
  if (side !== 'right') while (start < end && strip(cps[start])) start++;
  if (side !== 'left') while (end > start && strip(cps[end - 1])) end--;
  return cps.slice(start, end).join('');
}

/** str.format with automatic/numbered/named fields and format specs (no attribute or index fields). */
function strFormat(rt: Interpreter, template: string, a: CallArgs): string {
  let auto = 0;
  return template.replace(
    /\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/gu,
    (whole, field: string | undefined, conv: string | undefined, spec: string | undefined) => {
      if (whole === '{{') return '{';
      if (whole === '}}') return '}';
      const name = field ?? '';
      let value: PyValue;
      if (name === '')
        value =
          a.args[auto++] ??
          rt.raise('IndexError', 'Replacement index out of range for positional args tuple');
      else if (/^\d+$/.test(name))
        value = a.args[Number(name)] ?? rt.raise('IndexError', 'Replacement index out of range');
      else if (/^\w+$/u.test(name)) {
        const kw = a.kwargs.get(name);
        if (kw === undefined) return rt.raiseKeyError(name);
        value = kw;
      } else return rt.unknown('unsupported-builtin', `str.format field '${name}'`);
      const converted = conv === 'r' || conv === 'a' ? rt.repr(value) : conv === 's' ? rt.str(value) : value;
      return rt.format(converted, spec ?? '');
    },
  );
}

function installContainerMethods(
  rt: Interpreter,
  method: MethodDef,
  arg: ArgFn,
  int: (v: PyValue, what: string) => bigint,
): void {
  const { list: L, tuple: T, dict: D, set: S, frozenset: F, int: I, float: Fl } = rt.types;
  const asList = (v: PyValue): PyList =>
    v instanceof PyList ? v : rt.raise('TypeError', 'descriptor requires a list');
  const asDict = (v: PyValue): PyDict => {
    if (v instanceof PyDict) return v;
    if (v instanceof PyInstance && v.payload?.kind === 'dict') return v.payload.dict;
    return rt.raise('TypeError', 'descriptor requires a dict');
  };
  const asSet = (v: PyValue): PySet =>
    v instanceof PySet ? v : rt.raise('TypeError', 'descriptor requires a set');
  const items = (v: PyValue): readonly PyValue[] => rt.tupleItems(v) ?? (v instanceof PyList ? v.items : []);

  method(L, 'append', (a) => {
    asList(a.args[0]).items.push(a.args[1]);
    return null;
  });
  method(L, 'extend', (a) => {
    asList(a.args[0]).items.push(...rt.iterate(a.args[1]));
    return null;
  });
  method(L, 'insert', (a) => {
    const list = asList(a.args[0]);
    let i = Number(int(a.args[1], 'insert'));
    if (i < 0) i = Math.max(0, list.items.length + i);
    list.items.splice(Math.min(i, list.items.length), 0, a.args[2]);
    return null;
  });
  method(L, 'pop', (a) => {
    const list = asList(a.args[0]);
    if (list.items.length === 0) return rt.raise('IndexError', 'pop from empty list');
    let i = a.args.length > 1 ? Number(int(a.args[1], 'pop')) : list.items.length - 1;
    if (i < 0) i += list.items.length;
    if (i < 0 || i >= list.items.length) return rt.raise('IndexError', 'pop index out of range');
    return list.items.splice(i, 1)[0];
  });
  method(L, 'remove', (a) => {
    const list = asList(a.args[0]);
    const i = list.items.findIndex((v) => rt.equals(v, a.args[1]));
    if (i < 0) return rt.raise('ValueError', 'list.remove(x): x not in list');
    list.items.splice(i, 1);
    return null;
  });
  method(L, 'clear', (a) => {
    asList(a.args[0]).items.length = 0;
    return null;
  });
  method(L, 'copy', (a) => new PyList([...asList(a.args[0]).items]));
  method(L, 'reverse', (a) => {
    asList(a.args[0]).items.reverse();
    return null;
  });
  method(L, 'sort', (a) => {
    const list = asList(a.args[0]);
    const sorted = sortValues(
      rt,
      list.items,
      a.kwargs.get('key') ?? null,
      rt.truthy(a.kwargs.get('reverse') ?? false),
    );
    list.items.splice(0, list.items.length, ...sorted);
    return null;
  });
  for (const cls of [L, T]) {
    method(cls, 'index', (a) => {
      const i = items(a.args[0]).findIndex((v) => rt.equals(v, a.args[1]));
      if (i < 0) return rt.raise('ValueError', `${rt.repr(a.args[1])} is not in list`);
      return BigInt(i);
    });
    method(cls, 'count', (a) => BigInt(items(a.args[0]).filter((v) => rt.equals(v, a.args[1])).length));
  }

  method(D, 'get', (a) => rt.dictGet(asDict(a.args[0]), arg(a, 1, 'key')) ?? a.args[2] ?? null);
  method(D, 'keys', (a) => new PyDictView(asDict(a.args[0]), 'keys'));
  method(D, 'values', (a) => new PyDictView(asDict(a.args[0]), 'values'));
  method(D, 'items', (a) => new PyDictView(asDict(a.args[0]), 'items'));
  method(D, 'setdefault', (a) => {
    const d = asDict(a.args[0]);
    const found = rt.dictGet(d, a.args[1]);
    if (found !== undefined) return found;
    const value = a.args[2] ?? null;
    rt.dictSet(d, a.args[1], value);
    return value;
  });
  method(D, 'update', (a) => {
    const d = asDict(a.args[0]);
    if (a.args.length > 1) fillDict(rt, d, a.args[1]);
    for (const [k, v] of a.kwargs) rt.dictSet(d, k, v);
    return null;
  });
  method(D, 'pop', (a) => {
    const d = asDict(a.args[0]);
    const key = rt.hashKey(a.args[1]);
    const found = d.entries.get(key);
    if (found !== undefined) {
      d.entries.delete(key);
      return found.value;
    }
    if (a.args.length > 2) return a.args[2];
    return rt.raiseKeyError(a.args[1]);
  });
  method(D, 'copy', (a) => {
    const d = new PyDict();
    for (const e of asDict(a.args[0]).entries.values()) rt.dictSet(d, e.key, e.value);
    return d;
  });
  method(D, 'clear', (a) => {
    asDict(a.args[0]).entries.clear();
    return null;
  });
  method(D, '__getitem__', (a) => rt.getItem(asDict(a.args[0]), a.args[1]));
  method(D, '__contains__', (a) => asDict(a.args[0]).entries.has(rt.hashKey(a.args[1])));
  D.dict.set(
    'fromkeys',
    new PyClassMethod(
      new PyBuiltin('fromkeys', (a) => {
        const d = new PyDict();
        for (const k of rt.iterate(a.args[1])) rt.dictSet(d, k, a.args[2] ?? null);
        return d;
      }),
    ),
  );

  for (const cls of [S, F]) {
    method(cls, 'union', (a) =>
      rt.binaryOp('BitOr', a.args[0], rt.newSet(a.args.slice(1).flatMap((v) => [...rt.iterate(v)]))),
    );
    method(cls, 'intersection', (a) => rt.binaryOp('BitAnd', a.args[0], rt.newSet(rt.iterate(a.args[1]))));
    method(cls, 'difference', (a) => rt.binaryOp('Sub', a.args[0], rt.newSet(rt.iterate(a.args[1]))));
    method(cls, 'issubset', (a) =>
      [...asSet(a.args[0]).entries.keys()].every((k) => rt.newSet(rt.iterate(a.args[1])).entries.has(k)),
    );
    method(cls, 'issuperset', (a) =>
      [...rt.newSet(rt.iterate(a.args[1])).entries.keys()].every((k) => asSet(a.args[0]).entries.has(k)),
    );
    method(cls, 'copy', (a) => rt.newSet(asSet(a.args[0]).entries.values(), asSet(a.args[0]).frozen));
  }
  method(S, 'add', (a) => {
    asSet(a.args[0]).entries.set(rt.hashKey(a.args[1]), a.args[1]);
    return null;
  });
  method(S, 'discard', (a) => {
    asSet(a.args[0]).entries.delete(rt.hashKey(a.args[1]));
    return null;
  });
  method(S, 'remove', (a) => {
    if (!asSet(a.args[0]).entries.delete(rt.hashKey(a.args[1]))) rt.raiseKeyError(a.args[1]);
    return null;
  });
  method(S, 'update', (a) => {
    const s = asSet(a.args[0]);
    for (const other of a.args.slice(1)) for (const v of rt.iterate(other)) s.entries.set(rt.hashKey(v), v);
    return null;
  });
  method(S, 'clear', (a) => {
    asSet(a.args[0]).entries.clear();
    return null;
  });

  method(I, 'bit_length', (a) => {
    const n = int(a.args[0], 'bit_length');
    return BigInt((n < 0n ? -n : n).toString(2).replace(/^0$/, '').length);
  });
  method(Fl, 'is_integer', (a) => Number.isInteger(a.args[0]));
}
