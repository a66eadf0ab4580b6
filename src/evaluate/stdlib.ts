// The parts of Python's standard library the selection code uses, built
// natively: typing, functools, enum, abc, dataclasses, collections, os,
// sys, importlib, contextlib, math, shutil, warnings, types. A standard
// module not listed here imports as an opaque module (it exists; using it is
// unknown). Facts about the machine (environment, files, programs, which
// packages are installed) come from the Host.

import { PyRaise } from './errors.js';
import { annotationsOf, plainMetaclasses, type Interpreter } from './interpreter.js';
import {
  Frame,
  PyBuiltin,
  PyCachedFunction,
  PyClass,
  PyClassMethod,
  PyDict,
  PyFunction,
  PyInstance,
  PyList,
  PyModule,
  PyObject,
  PyOpaque,
  PyPartial,
  PyProperty,
  PyStaticMethod,
  PyTuple,
  PyTypingForm,
  type CallArgs,
  type PyValue,
} from './objects.js';
import {
  args,
  classAttrHooks,
  enumMembers,
  namedTupleDefaults,
  namedTupleFields,
  reprEnumClasses,
  uniqueMembers,
  type Runtime,
} from './runtime.js';

export interface NativeModule {
  readonly isPackage: boolean;
  readonly build: (rt: Interpreter, module: PyModule) => void;
}

/** Values that, used as a base class, create the class themselves (typing.NamedTuple, TypedDict). */
export const classFactories = new WeakMap<
  PyObject,
  (rt: Interpreter, name: string, qualname: string, body: Frame) => PyClass
>();

/** Python 3.11's standard-library top-level module names on Linux (sys.stdlib_module_names). */
export const STDLIB_MODULES: ReadonlySet<string> = new Set(
  `abc aifc argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect builtins bz2
  cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall concurrent
  configparser contextlib contextvars copy copyreg crypt csv ctypes curses dataclasses datetime dbm decimal difflib
  dis distutils doctest email encodings ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions
  ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http imaplib
  imghdr imp importlib inspect io ipaddress itertools json keyword lib2to3 linecache locale logging lzma mailbox
  mailcap marshal math mimetypes mmap modulefinder multiprocessing netrc nis nntplib numbers opcode operator optparse
  os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint
  profile pstats pty pwd py_compile pyclbr pydoc queue quopri random re readline reprlib resource rlcompleter runpy
  sched secrets select selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd
  sqlite3 sre_compile sre_constants sre_parse ssl stat statistics string stringprep struct subprocess sunau symtable
  sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap threading time timeit token tokenize
  tomllib trace traceback tracemalloc tty types typing unicodedata unittest urllib uu uuid venv warnings wave weakref
  xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo __future__ _abc _ast _asyncio _bisect _blake2 _bz2 _codecs
  _collections _collections_abc _compat_pickle _compression _contextvars _csv _ctypes _curses _datetime _dbm _decimal
  _elementtree _functools _hashlib _heapq _imp _io _json _locale _lsprof _lzma _markupbase _md5 _multibytecodec
  _multiprocessing _opcode _operator _pickle _posixshmem _posixsubprocess _py_abc _pydecimal _pyio _queue _random
  _sha1 _sha256 _sha3 _sha512 _signal _sitebuiltins _socket _sqlite3 _sre _ssl _stat _statistics _string _strptime
  _struct _symtable _thread _threading_local _tokenize _tracemalloc _typing _uuid _warnings _weakref _weakrefset
  _zoneinfo`
    .split(/\s+/)
    .filter((n) => n !== ''),
);

/** Python version the world runs (sys.version_info); also the parser's grammar. */
export const PYTHON_VERSION: readonly [number, number, number] = [3, 11, 7];

export function stdlibModule(name: string): NativeModule | undefined {
  return MODULES[name];
}

type Fn = (a: CallArgs) => PyValue;

function fn(module: PyModule, name: string, call: Fn): PyBuiltin {
  const b = new PyBuiltin(name, call);
  module.dict.set(name, b);
  return b;
}

function nativeClass(
  rt: Runtime,
  name: string,
  moduleName: string,
  bases: PyClass[] = [rt.types.object],
  metaclass: PyClass | null = null,
): PyClass {
  const cls = new PyClass(name, name, moduleName, bases, metaclass, null);
  cls.mro = [cls, ...bases[0].mro];
  return cls;
}

function method(cls: PyClass, name: string, call: Fn): void {
  cls.dict.set(name, new PyBuiltin(name, call, true));
}

const TYPING_FORMS =
  `Any Optional Union List Dict Tuple Set FrozenSet Callable Type Iterable Iterator Sequence
  Mapping MutableMapping MutableSequence MutableSet Generator AsyncGenerator Literal ClassVar Final Annotated TypeAlias
  Protocol Generic NoReturn Never Self TypeGuard Concatenate Awaitable Coroutine AsyncIterator AsyncIterable Hashable
  Sized Container Collection IO TextIO BinaryIO Pattern Match SupportsIndex SupportsInt SupportsFloat LiteralString
  Required NotRequired Unpack Reversible ContextManager AsyncContextManager DefaultDict OrderedDict Counter Deque
  ChainMap KeysView ValuesView ItemsView ByteString AbstractSet Buffer`
    .split(/\s+/)
    .filter((n) => n !== '');

function buildTyping(rt: Interpreter, module: PyModule): void {
  for (const name of TYPING_FORMS) module.dict.set(name, new PyTypingForm(name, []));
  module.dict.set('TYPE_CHECKING', false);
  const identity: Fn = (a) => a.args[0] ?? null;
  fn(module, 'cast', (a) => a.args[1] ?? null);
  fn(module, 'overload', identity);
  fn(module, 'final', identity);
  fn(module, 'no_type_check', identity);
  fn(module, 'runtime_checkable', identity);
  fn(module, 'override', identity);
  fn(module, 'assert_never', () => rt.raise('AssertionError', 'Expected code to be unreachable'));
  fn(module, 'TypeVar', (a) => new PyTypingForm(`TypeVar(${rt.str(a.args[0] ?? '')})`, []));
  fn(module, 'ParamSpec', (a) => new PyTypingForm(`ParamSpec(${rt.str(a.args[0] ?? '')})`, []));
  fn(module, 'TypeVarTuple', (a) => new PyTypingForm(`TypeVarTuple(${rt.str(a.args[0] ?? '')})`, []));
  fn(module, 'NewType', (a) => new PyBuiltin(rt.str(a.args[0] ?? 'NewType'), identity));
  fn(module, 'dataclass_transform', () => new PyBuiltin('dataclass_transform', identity));
  fn(module, 'deprecated', () => new PyBuiltin('deprecated', identity));
  fn(module, 'get_args', (a) => {
    const form = a.args[0];
    if (!(form instanceof PyTypingForm)) return new PyTuple([]);
    return new PyTuple(form.args);
  });
  fn(module, 'get_origin', (a) => {
    const form = a.args[0];
    return form instanceof PyTypingForm ? new PyTypingForm(form.name, []) : null;
  });
  fn(module, 'get_type_hints', () => rt.unknown('unsupported-builtin', 'typing.get_type_hints'));
  const namedTuple = new PyBuiltin('NamedTuple', (a) => {
    // The functional form: NamedTuple('Name', [('field', type), ...]).
    const name = rt.str(a.args[0] ?? '');
    const fields =
      a.args[1] === undefined ? [] : [...rt.iterate(a.args[1])].map((f) => rt.str([...rt.iterate(f)][0]));
    return makeNamedTuple(
      rt,
      name,
      name,
      fields,
      new Map(),
      new Map(),
      rt.currentFrame()?.module.name ?? '__main__',
    );
  });
  module.dict.set('NamedTuple', namedTuple);
  classFactories.set(namedTuple, (r, name, qualname, body) => {
    const defaults = new Map<string, PyValue>();
    const members = new Map<string, PyValue>();
    for (const [key, value] of body.locals) {
      if (body.annotations.includes(key)) defaults.set(key, value);
      else members.set(key, value);
    }
    const moduleName = r.str(body.locals.get('__module__') ?? '');
    return makeNamedTuple(r, name, qualname, body.annotations, defaults, members, moduleName);
  });
  const typedDict = new PyBuiltin('TypedDict', () => rt.unknown('unsupported-builtin', 'TypedDict()'));
  module.dict.set('TypedDict', typedDict);
  classFactories.set(typedDict, (r, name, qualname, body) => {
    const cls = new PyClass(
      name,
      qualname,
      r.str(body.locals.get('__module__') ?? ''),
      [r.types.dict],
      null,
      null,
    );
    cls.mro = [cls, ...r.types.dict.mro];
    return cls;
  });
}

function makeNamedTuple(
  rt: Interpreter,
  name: string,
  qualname: string,
  fields: readonly string[],
  defaults: ReadonlyMap<string, PyValue>,
  members: ReadonlyMap<string, PyValue>,
  moduleName: string,
): PyClass {
  const tuple = rt.types.tuple;
  const cls = new PyClass(name, qualname, moduleName, [tuple], null, null);
  cls.mro = [cls, ...tuple.mro];
  for (const [key, value] of members) cls.dict.set(key, value);
  for (const value of members.values()) {
    if (value instanceof PyFunction) value.definingClass ??= cls;
    if (
      (value instanceof PyClassMethod || value instanceof PyStaticMethod) &&
      value.func instanceof PyFunction
    )
      value.func.definingClass ??= cls;
  }
  namedTupleFields.set(cls, [...fields]);
  namedTupleDefaults.set(cls, defaults);
  cls.dict.set('_fields', new PyTuple([...fields]));
  const items = (self: PyValue): readonly PyValue[] =>
    rt.tupleItems(self) ?? rt.raise('TypeError', 'not a tuple');
  method(cls, '_asdict', (a) => rt.newDict(fields.map((f, i) => [f, items(a.args[0])[i]] as const)));
  method(cls, '_replace', (a) => {
    const current = items(a.args[0]);
    const next = fields.map((f, i) => (a.kwargs.has(f) ? (a.kwargs.get(f) as PyValue) : current[i]));
    for (const key of a.kwargs.keys())
      if (!fields.includes(key)) rt.raise('ValueError', `Got unexpected field names: ['${key}']`);
    return new PyInstance(rt.typeOf(a.args[0]), { kind: 'tuple', items: next });
  });
  cls.dict.set(
    '_make',
    new PyClassMethod(
      new PyBuiltin(
        '_make',
        (a) => new PyInstance(a.args[0] as PyClass, { kind: 'tuple', items: [...rt.iterate(a.args[1])] }),
      ),
    ),
  );
  return cls;
}

function buildFunctools(rt: Interpreter, module: PyModule): void {
  fn(module, 'cache', (a) => rt.newCache(a.args[0]));
  fn(module, 'lru_cache', (a) => {
    const first = a.args[0];
    const isCallable =
      first instanceof PyFunction || first instanceof PyBuiltin || first instanceof PyPartial;
    if (isCallable) return rt.newCache(first);
    return new PyBuiltin('lru_cache_decorator', (b) => rt.newCache(b.args[0]));
  });
  fn(module, 'wraps', (a) => {
    const wrapped = a.args[0];
    return new PyBuiltin('wraps_decorator', (b) => {
      const wrapper = b.args[0];
      if (wrapper instanceof PyFunction) wrapper.attributes.set('__wrapped__', wrapped);
      return wrapper;
    });
  });
  fn(module, 'update_wrapper', (a) => a.args[0]);
  fn(module, 'partial', (a) => new PyPartial(a.args[0], a.args.slice(1), a.kwargs));
  fn(
    module,
    'cached_property',
    (a) => new PyProperty(a.args[0], true, rt.str(rt.findAttr(a.args[0], '__name__') ?? '')),
  );
  fn(module, 'reduce', (a) => {
    const items = [...rt.iterate(a.args[1])];
    let acc: PyValue;
    if (a.args.length > 2) acc = a.args[2];
    else if (items.length > 0) acc = items.shift() as PyValue;
    else return rt.raise('TypeError', 'reduce() of empty iterable with no initial value');
    for (const item of items) acc = rt.call(a.args[0], args(acc, item));
    return acc;
  });
  fn(module, 'total_ordering', (a) =>
    rt.unknown(
      'unsupported-builtin',
      `functools.total_ordering(${rt.str(rt.findAttr(a.args[0], '__name__') ?? '')})`,
    ),
  );
  fn(module, 'singledispatch', () => rt.unknown('unsupported-builtin', 'functools.singledispatch'));
}

function buildEnum(rt: Interpreter, module: PyModule): void {
  const type = rt.types.type;
  const enumMeta = nativeClass(rt, 'EnumType', 'enum', [type]);
  module.dict.set('EnumMeta', enumMeta);
  module.dict.set('EnumType', enumMeta);
  const members = (cls: PyValue): Map<string, PyInstance> => {
    const found = cls instanceof PyClass ? enumMembers.get(cls) : undefined;
    return found ?? new Map();
  };
  method(enumMeta, '__getitem__', (a) => {
    const member = members(a.args[0]).get(rt.str(a.args[1]));
    if (member === undefined) return rt.raiseKeyError(a.args[1]);
    return member;
  });
  method(enumMeta, '__call__', (a) => {
    const cls = a.args[0] as PyClass;
    if (a.args.length !== 2) return rt.unknown('unsupported-builtin', `${cls.name}(...) functional enum API`);
    const value = a.args[1];
    if (value instanceof PyInstance && value.cls === cls) return value;
    for (const member of uniqueMembers(members(cls))) {
      if (member.payload?.kind === 'enum' && rt.equals(member.payload.value, value)) return member;
    }
    const missing = rt.lookupMro(cls, '_missing_');
    if (missing instanceof PyClassMethod) {
      const found = rt.call(missing.func, args(cls, value));
      if (found !== null) return found;
    }
    return rt.raise('ValueError', `${rt.repr(value)} is not a valid ${cls.qualname}`);
  });
  method(enumMeta, '__iter__', (a) => new PyList([...uniqueMembers(members(a.args[0]))]));
  method(enumMeta, '__len__', (a) => BigInt([...uniqueMembers(members(a.args[0]))].length));

  const enumBase = new PyClass('Enum', 'Enum', 'enum', [rt.types.object], enumMeta, null);
  enumBase.mro = [enumBase, rt.types.object];
  enumBase.native = { initSubclass: (cls) => createEnumMembers(rt, cls) };
  classAttrHooks.set(enumBase, (cls, name) => {
    if (name === '__members__') return rt.newDict(members(cls).entries());
    return undefined;
  });
  module.dict.set('Enum', enumBase);
  const reprEnum = new PyClass('ReprEnum', 'ReprEnum', 'enum', [enumBase], enumMeta, null);
  reprEnum.mro = [reprEnum, ...enumBase.mro];
  reprEnumClasses.add(reprEnum);
  module.dict.set('ReprEnum', reprEnum);
  const mixed = (name: string, mixin: PyClass): void => {
    const cls = new PyClass(name, name, 'enum', [mixin, reprEnum], enumMeta, null);
    cls.mro = [cls, mixin, ...reprEnum.mro.filter((c) => c !== rt.types.object), ...mixin.mro.slice(1)];
    module.dict.set(name, cls);
  };
  mixed('IntEnum', rt.types.int);
  mixed('StrEnum', rt.types.str);
  const flag = new PyClass('Flag', 'Flag', 'enum', [enumBase], enumMeta, null);
  flag.mro = [flag, ...enumBase.mro];
  module.dict.set('Flag', flag);
  mixed('IntFlag', rt.types.int);
  const auto = nativeClass(rt, 'auto', 'enum');
  auto.native = { construct: (cls) => new PyInstance(cls, null) };
  module.dict.set('auto', auto);
  autoClasses.add(auto);
  fn(module, 'unique', (a) => a.args[0]);
  fn(module, 'verify', () => new PyBuiltin('verify', (a) => a.args[0]));
}

const autoClasses = new WeakSet<PyClass>();

function isDescriptor(value: PyValue): boolean {
  return (
    value instanceof PyFunction ||
    value instanceof PyClassMethod ||
    value instanceof PyStaticMethod ||
    value instanceof PyProperty ||
    value instanceof PyCachedFunction ||
    value instanceof PyBuiltin ||
    value instanceof PyClass
  );
}

function createEnumMembers(rt: Interpreter, cls: PyClass): void {
  const inherited = cls.mro.slice(1).find((c) => enumMembers.has(c));
  if (inherited !== undefined && (enumMembers.get(inherited)?.size ?? 0) > 0)
    rt.raise('TypeError', `${cls.name}: cannot extend enumeration '${inherited.name}'`);
  const ignore = cls.dict.get('_ignore_');
  const ignored = new Set(
    ignore === undefined
      ? []
      : typeof ignore === 'string'
        ? ignore.split(/[\s,]+/)
        : [...rt.iterate(ignore)].map((v) => rt.str(v)),
  );
  const members = new Map<string, PyInstance>();
  const canonical: PyInstance[] = [];
  const isStrEnum = cls.mro.some((c) => c.name === 'StrEnum' && c.moduleName === 'enum');
  const init = rt.lookupMro(cls, '__init__');
  const userInit = init instanceof PyFunction ? init : undefined;
  let lastInt: bigint | null = null;
  for (const [name, raw] of [...cls.dict]) {
    if (name.startsWith('__') && name.endsWith('__')) continue;
    if (name.startsWith('_') && name.endsWith('_') && name.length > 2) continue;
    if (ignored.has(name) || isDescriptor(raw)) continue;
    let value: PyValue = raw;
    if (value instanceof PyInstance && autoClasses.has(value.cls)) {
      value = isStrEnum ? name.toLowerCase() : lastInt === null ? 1n : lastInt + 1n;
    }
    const n = rt.intValue(value);
    if (n !== undefined && typeof value !== 'boolean') lastInt = n;
    const alias = canonical.find((m) => m.payload?.kind === 'enum' && rt.equals(m.payload.value, value));
    if (alias !== undefined) {
      members.set(name, alias);
      cls.dict.set(name, alias);
      continue;
    }
    const member = new PyInstance(cls, { kind: 'enum', name, value });
    if (userInit !== undefined) {
      const initArgs = value instanceof PyTuple ? value.items : [value];
      rt.call(userInit, { args: [member, ...initArgs], kwargs: new Map() });
    }
    members.set(name, member);
    canonical.push(member);
    cls.dict.set(name, member);
  }
  enumMembers.set(cls, members);
}

function buildAbc(rt: Interpreter, module: PyModule): void {
  const abcMeta = nativeClass(rt, 'ABCMeta', 'abc', [rt.types.type]);
  plainMetaclasses.add(abcMeta);
  module.dict.set('ABCMeta', abcMeta);
  module.dict.set('ABC', nativeClass(rt, 'ABC', 'abc'));
  fn(module, 'abstractmethod', (a) => a.args[0]);
  fn(module, 'abstractproperty', (a) => new PyProperty(a.args[0], false, ''));
  fn(module, 'abstractclassmethod', (a) => new PyClassMethod(a.args[0]));
  fn(module, 'abstractstaticmethod', (a) => new PyStaticMethod(a.args[0]));
}

function buildDataclasses(rt: Interpreter, module: PyModule): void {
  const fieldClass = nativeClass(rt, 'Field', 'dataclasses');
  const missing = new PyOpaque('dataclasses.MISSING');
  module.dict.set('MISSING', missing);
  module.dict.set('Field', fieldClass);
  fn(module, 'field', (a) => {
    const f = new PyInstance(fieldClass, null);
    f.dict.set('default', a.kwargs.get('default') ?? missing);
    f.dict.set('default_factory', a.kwargs.get('default_factory') ?? missing);
    f.dict.set('init', a.kwargs.get('init') ?? true);
    return f;
  });
  const decorate = (cls: PyValue): PyValue => {
    if (!(cls instanceof PyClass)) return rt.raise('TypeError', 'dataclass() should be called on a class');
    makeDataclass(rt, cls, fieldClass, missing);
    return cls;
  };
  fn(module, 'dataclass', (a) =>
    a.args.length > 0 ? decorate(a.args[0]) : new PyBuiltin('dataclass', (b) => decorate(b.args[0])),
  );
  fn(module, 'is_dataclass', (a) => {
    const v = a.args[0];
    const cls = v instanceof PyClass ? v : rt.typeOf(v);
    return dataclassFields.has(cls);
  });
  fn(module, 'replace', (a) => {
    const obj = a.args[0];
    if (!(obj instanceof PyInstance) || !dataclassFields.has(obj.cls))
      return rt.raise('TypeError', 'replace() should be called on dataclass instances');
    const kwargs = new Map<string, PyValue>();
    for (const f of dataclassFields.get(obj.cls) ?? [])
      kwargs.set(f, a.kwargs.has(f) ? (a.kwargs.get(f) as PyValue) : rt.getAttr(obj, f));
    return rt.call(obj.cls, { args: [], kwargs });
  });
  fn(module, 'fields', () => rt.unknown('unsupported-builtin', 'dataclasses.fields'));
  fn(module, 'asdict', () => rt.unknown('unsupported-builtin', 'dataclasses.asdict'));
}

const dataclassFields = new WeakMap<PyClass, readonly string[]>();

function makeDataclass(rt: Interpreter, cls: PyClass, fieldClass: PyClass, missing: PyValue): void {
  const names: string[] = [];
  for (const c of [...cls.mro].reverse()) {
    const own = c === cls ? annotationsOf.get(c) : dataclassFields.get(c);
    for (const n of own ?? []) if (!names.includes(n)) names.push(n);
  }
  dataclassFields.set(cls, names);
  const defaults = new Map<string, () => PyValue>();
  for (const name of names) {
    const value = rt.lookupMro(cls, name);
    if (value === undefined) continue;
    if (value instanceof PyInstance && value.cls === fieldClass) {
      const dflt = value.dict.get('default');
      const factory = value.dict.get('default_factory');
      if (dflt !== undefined && dflt !== missing) defaults.set(name, () => dflt);
      else if (factory !== undefined && factory !== missing)
        defaults.set(name, () => rt.call(factory, args()));
      cls.dict.delete(name);
    } else defaults.set(name, () => value);
  }
  if (cls.dict.has('__init__')) return;
  cls.dict.set(
    '__init__',
    new PyBuiltin(
      '__init__',
      (a) => {
        const self = a.args[0] as PyInstance;
        names.forEach((name, i) => {
          let value: PyValue | undefined;
          if (i + 1 < a.args.length) value = a.args[i + 1];
          else if (a.kwargs.has(name)) value = a.kwargs.get(name);
          else value = defaults.get(name)?.();
          if (value === undefined)
            rt.raise('TypeError', `${cls.name}.__init__() missing 1 required positional argument: '${name}'`);
          self.dict.set(name, value);
        });
        const post = rt.lookupMro(cls, '__post_init__');
        if (post !== undefined) rt.call(rt.bind(post, self, cls), args());
        return null;
      },
      true,
    ),
  );
}

function buildCollections(rt: Interpreter, module: PyModule): void {
  module.dict.set('OrderedDict', rt.types.dict);
  const defaultdict = new PyClass('defaultdict', 'defaultdict', 'collections', [rt.types.dict], null, null);
  defaultdict.mro = [defaultdict, ...rt.types.dict.mro];
  defaultdict.native = {
    construct: (cls, a) => {
      const instance = new PyInstance(cls, { kind: 'dict', dict: new PyDict() });
      instance.dict.set('default_factory', a.args[0] ?? null);
      return instance;
    },
  };
  method(defaultdict, '__missing__', (a) => {
    const self = a.args[0] as PyInstance;
    const factory = self.dict.get('default_factory') ?? null;
    if (factory === null) return rt.raiseKeyError(a.args[1]);
    const value = rt.call(factory, args());
    if (self.payload?.kind === 'dict') rt.dictSet(self.payload.dict, a.args[1], value);
    return value;
  });
  module.dict.set('defaultdict', defaultdict);
  fn(module, 'namedtuple', (a) => {
    const name = rt.str(a.args[0]);
    const spec = a.args[1];
    const fields =
      typeof spec === 'string'
        ? spec
            .replace(/,/g, ' ')
            .split(/\s+/)
            .filter((f) => f !== '')
        : [...rt.iterate(spec)].map((f) => rt.str(f));
    const defaults = new Map<string, PyValue>();
    const given = a.kwargs.get('defaults');
    if (given !== undefined && given !== null) {
      const values = [...rt.iterate(given)];
      values.forEach((v, i) => defaults.set(fields[fields.length - values.length + i], v));
    }
    return makeNamedTuple(
      rt,
      name,
      name,
      fields,
      defaults,
      new Map(),
      rt.currentFrame()?.module.name ?? '__main__',
    );
  });
}

function buildCollectionsAbc(_rt: Interpreter, module: PyModule): void {
  for (const name of TYPING_FORMS) module.dict.set(name, new PyTypingForm(name, []));
}

function buildOs(rt: Interpreter, module: PyModule): void {
  const environ = rt.newDict([...rt.host.environ].map(([k, v]) => [k, v] as const));
  module.dict.set('environ', environ);
  module.dict.set('name', 'posix');
  module.dict.set('sep', '/');
  module.dict.set('pathsep', ':');
  module.dict.set('linesep', '\n');
  module.dict.set('devnull', '/dev/null');
  fn(module, 'getenv', (a) => rt.dictGet(environ, a.args[0]) ?? a.args[1] ?? a.kwargs.get('default') ?? null);
  module.dict.set('path', rt.importModule('os.path'));
}

function buildOsPath(rt: Interpreter, module: PyModule): void {
  const str = (v: PyValue): string =>
    rt.strValue(v) ?? rt.raise('TypeError', `expected str, not ${rt.typeName(v)}`);
  fn(module, 'join', (a) => {
    let out = '';
    for (const part of a.args.map(str)) {
      if (part.startsWith('/')) out = part;
      else if (out === '' || out.endsWith('/')) out += part;
      else out += `/${part}`;
    }
    return out;
  });
  fn(module, 'dirname', (a) => {
    const p = str(a.args[0]);
    const i = p.lastIndexOf('/');
    if (i < 0) return '';
    const head = p.slice(0, i + 1);
    return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
  });
  fn(module, 'basename', (a) => {
    const p = str(a.args[0]);
    return p.slice(p.lastIndexOf('/') + 1);
  });
  fn(module, 'splitext', (a) => {
    const p = str(a.args[0]);
    const base = p.slice(p.lastIndexOf('/') + 1);
    const dot = base.lastIndexOf('.');
    if (dot <= 0) return new PyTuple([p, '']);
    const cut = p.length - base.length + dot;
    return new PyTuple([p.slice(0, cut), p.slice(cut)]);
  });
  fn(module, 'isabs', (a) => str(a.args[0]).startsWith('/'));
  const exists = (kind: 'any' | 'file' | 'dir') => (a: CallArgs) => pathExists(rt, str(a.args[0]), kind);
  fn(module, 'exists', exists('any'));
  fn(module, 'isfile', exists('file'));
  fn(module, 'isdir', exists('dir'));
  fn(module, 'islink', (a) => {
    pathExists(rt, str(a.args[0]), 'any');
    return false;
  });
  fn(module, 'abspath', (a) => {
    const p = str(a.args[0]);
    return p.startsWith('/') ? p : rt.unknown('unsupported-builtin', `os.path.abspath('${p}')`);
  });
  fn(module, 'realpath', (a) => {
    const p = str(a.args[0]);
    return p.startsWith('/') ? p : rt.unknown('unsupported-builtin', `os.path.realpath('${p}')`);
  });
  fn(module, 'expanduser', (a) => {
    const p = str(a.args[0]);
    return p.startsWith('~') ? rt.unknown('unsupported-builtin', `os.path.expanduser('${p}')`) : p;
  });
}

/** os.path.exists() and friends: the tree's own files, else the host's build artifacts. */
function pathExists(rt: Interpreter, path: string, kind: 'any' | 'file' | 'dir'): boolean {
  const host = rt.host.pathExists?.(path);
  if (host !== undefined) return host;
  const root = rt.sources.tree.displayPath('');
  if (path === root || path.startsWith(`${root}/`)) {
    const relative = path === root ? '' : path.slice(root.length + 1).replace(/\/+$/, '');
    const stat = rt.sources.stat(relative);
    if (kind === 'file') return stat === 'file';
    if (kind === 'dir') return stat === 'directory';
    return stat === 'file' || stat === 'directory';
  }
  return rt.unknown('unsupported-builtin', `os.path.exists('${path}')`);
}

function buildSys(rt: Interpreter, module: PyModule): void {
  const versionInfo = makeNamedTuple(
    rt,
    'version_info',
    'version_info',
    ['major', 'minor', 'micro', 'releaselevel', 'serial'],
    new Map(),
    new Map(),
    'sys',
  );
  const [major, minor, micro] = PYTHON_VERSION;
  module.dict.set(
    'version_info',
    new PyInstance(versionInfo, {
      kind: 'tuple',
      items: [BigInt(major), BigInt(minor), BigInt(micro), 'final', 0n],
    }),
  );
  module.dict.set('version', `${major}.${minor}.${micro}`);
  module.dict.set('platform', 'linux');
  module.dict.set('maxsize', 2n ** 63n - 1n);
  module.dict.set('byteorder', 'little');
  module.dict.set('modules', new PyOpaque('sys.modules'));
  module.dict.set('argv', new PyOpaque('sys.argv'));
  module.dict.set('stdout', new PyOpaque('sys.stdout'));
  module.dict.set('stderr', new PyOpaque('sys.stderr'));
  module.dict.set('executable', new PyOpaque('sys.executable'));
  fn(module, 'getrecursionlimit', () => 1000n);
}

function buildImportlib(rt: Interpreter, module: PyModule): void {
  fn(module, 'import_module', (a) => {
    const name = rt.str(a.args[0]);
    if (!name.startsWith('.')) return rt.importModule(name);
    const pkg = a.args[1] ?? a.kwargs.get('package') ?? null;
    if (pkg === null)
      return rt.raise(
        'TypeError',
        `the 'package' argument is required to perform a relative import for '${name}'`,
      );
    const level = name.length - name.replace(/^\.+/, '').length;
    const parts = rt.str(pkg).split('.');
    const base = parts.slice(0, parts.length - (level - 1));
    const rest = name.slice(level);
    return rt.importModule([...base, ...(rest === '' ? [] : [rest])].join('.'));
  });
  fn(module, 'reload', (a) => a.args[0]);
  fn(module, 'invalidate_caches', () => null);
}

function buildImportlibUtil(rt: Interpreter, module: PyModule): void {
  const specClass = nativeClass(rt, 'ModuleSpec', 'importlib.machinery');
  const spec = (name: string): PyInstance => {
    const s = new PyInstance(specClass, null);
    s.dict.set('name', name);
    return s;
  };
  fn(module, 'find_spec', (a) => {
    const name = rt.str(a.args[0]);
    if (rt.modules.has(name)) return spec(name);
    const dot = name.lastIndexOf('.');
    // find_spec imports the parent package of a submodule (and raises if that is missing).
    if (dot > 0) rt.importModule(name.slice(0, dot));
    return moduleExists(rt, name) ? spec(name) : null;
  });
}

/** Whether `import name` would find a module (without running it). */
export function moduleExists(rt: Interpreter, name: string): boolean {
  const hosted = rt.host.module(name);
  if (hosted !== undefined) return hosted.kind !== 'missing';
  const path = name.replace(/\./g, '/');
  if (
    rt.sources.isFile(`${path}.py`) ||
    rt.sources.isFile(`${path}/__init__.py`) ||
    rt.sources.isDirectory(path)
  )
    return true;
  if (MODULES[name] !== undefined) return true;
  return rt.host.fallback(name) === 'opaque';
}

function buildContextlib(rt: Interpreter, module: PyModule): void {
  const manager = (name: string, enter: () => PyValue, exit: (excType: PyValue) => boolean): PyInstance => {
    const cls = nativeClass(rt, name, 'contextlib');
    method(cls, '__enter__', () => enter());
    method(cls, '__exit__', (a) => exit(a.args[1] ?? null));
    return new PyInstance(cls, null);
  };
  fn(module, 'suppress', (a) =>
    manager(
      'suppress',
      () => null,
      (excType) =>
        excType !== null &&
        excType instanceof PyClass &&
        a.args.some((c) => c instanceof PyClass && rt.isSubclass(excType, c)),
    ),
  );
  fn(module, 'nullcontext', (a) =>
    manager(
      'nullcontext',
      () => a.args[0] ?? null,
      () => false,
    ),
  );
  fn(module, 'contextmanager', (a) => {
    const name = rt.str(rt.findAttr(a.args[0], '__name__') ?? 'contextmanager');
    return new PyBuiltin(name, () =>
      rt.unknown('unsupported-syntax', `generator function ${name} (contextmanager)`),
    );
  });
}

function buildMath(rt: Interpreter, module: PyModule): void {
  module.dict.set('inf', Infinity);
  module.dict.set('nan', NaN);
  module.dict.set('pi', Math.PI);
  module.dict.set('e', Math.E);
  const num = (v: PyValue): number => {
    if (typeof v === 'number') return v;
    const n = rt.intValue(v);
    if (n === undefined) return rt.raise('TypeError', `must be real number, not ${rt.typeName(v)}`);
    return Number(n);
  };
  fn(module, 'ceil', (a) => {
    const n = rt.intValue(a.args[0]);
    return n ?? BigInt(Math.ceil(num(a.args[0])));
  });
  fn(module, 'floor', (a) => {
    const n = rt.intValue(a.args[0]);
    return n ?? BigInt(Math.floor(num(a.args[0])));
  });
  fn(module, 'sqrt', (a) => Math.sqrt(num(a.args[0])));
  fn(module, 'log2', (a) => Math.log2(num(a.args[0])));
  fn(module, 'log10', (a) => Math.log10(num(a.args[0])));
  fn(module, 'log', (a) =>
    a.args.length > 1 ? Math.log(num(a.args[0])) / Math.log(num(a.args[1])) : Math.log(num(a.args[0])),
  );
  fn(
    module,
    'isclose',
    (a) =>
      Math.abs(num(a.args[0]) - num(a.args[1])) <=
      1e-9 * Math.max(Math.abs(num(a.args[0])), Math.abs(num(a.args[1]))),
  );
  fn(module, 'prod', (a) => {
    let acc: PyValue = 1n;
    for (const v of rt.iterate(a.args[0])) acc = rt.binaryOp('Mult', acc, v);
    return acc;
  });
  fn(module, 'gcd', (a) => {
    let x = rt.intValue(a.args[0]) ?? 0n;
    let y = rt.intValue(a.args[1]) ?? 0n;
    x = x < 0n ? -x : x;
    y = y < 0n ? -y : y;
    while (y !== 0n) [x, y] = [y, x % y];
    return x;
  });
  fn(module, 'isqrt', (a) => BigInt(Math.floor(Math.sqrt(num(a.args[0])))));
}

function buildShutil(rt: Interpreter, module: PyModule): void {
  fn(module, 'which', (a) => {
    const program = rt.str(a.args[0]);
    if (rt.host.which === undefined) return rt.unknown('unsupported-builtin', `shutil.which('${program}')`);
    return rt.host.which(program);
  });
}

function buildWarnings(_rt: Interpreter, module: PyModule): void {
  for (const name of ['warn', 'filterwarnings', 'simplefilter', 'resetwarnings'])
    fn(module, name, () => null);
}

function buildTypes(rt: Interpreter, module: PyModule): void {
  const ns = nativeClass(rt, 'SimpleNamespace', 'types');
  ns.native = {
    construct: (cls, a) => {
      const instance = new PyInstance(cls, null);
      for (const [k, v] of a.kwargs) instance.dict.set(k, v);
      return instance;
    },
  };
  method(ns, '__repr__', (a) => {
    const self = a.args[0] as PyInstance;
    return `namespace(${[...self.dict].map(([k, v]) => `${k}=${rt.repr(v)}`).join(', ')})`;
  });
  module.dict.set('SimpleNamespace', ns);
  module.dict.set('ModuleType', rt.types.module);
  module.dict.set('FunctionType', rt.types.function);
  module.dict.set('MethodType', rt.types.method);
  module.dict.set('BuiltinFunctionType', rt.types.builtinFunction);
  module.dict.set('NoneType', rt.types.NoneType);
  fn(module, 'MappingProxyType', (a) => a.args[0]);
}

function buildFuture(_rt: Interpreter, module: PyModule): void {
  module.dict.set('annotations', true);
}

const MODULES: Record<string, NativeModule> = {
  typing: { isPackage: false, build: buildTyping },
  typing_extensions: { isPackage: false, build: buildTyping },
  functools: { isPackage: false, build: buildFunctools },
  enum: { isPackage: false, build: buildEnum },
  abc: { isPackage: false, build: buildAbc },
  dataclasses: { isPackage: false, build: buildDataclasses },
  collections: { isPackage: true, build: buildCollections },
  'collections.abc': { isPackage: false, build: buildCollectionsAbc },
  os: { isPackage: false, build: buildOs },
  'os.path': { isPackage: false, build: buildOsPath },
  sys: { isPackage: false, build: buildSys },
  importlib: { isPackage: true, build: buildImportlib },
  'importlib.util': { isPackage: false, build: buildImportlibUtil },
  contextlib: { isPackage: false, build: buildContextlib },
  math: { isPackage: false, build: buildMath },
  shutil: { isPackage: false, build: buildShutil },
  warnings: { isPackage: false, build: buildWarnings },
  types: { isPackage: false, build: buildTypes },
  __future__: { isPackage: false, build: buildFuture },
};

/** Errors raised inside native code keep their Python type; anything else is a bug of ours. */
export function isPyRaise(error: unknown): error is PyRaise {
  return error instanceof PyRaise;
}
