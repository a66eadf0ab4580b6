// Python programs for the evaluator's tests, each with the repr() CPython 3.11
// gives for `run()`. evaluator.test.ts runs each through the evaluator and,
// where python3 is installed, through CPython too, so every expected value is
// checked against the real thing.

export interface EvalCase {
  readonly name: string;
  /** Files of the fixture tree; `m.py` holds run(). */
  readonly files: Readonly<Record<string, string>>;
  /** repr(m.run()) under CPython 3.11. */
  readonly expected: string;
}

const M = (body: string): Readonly<Record<string, string>> => ({ 'm.py': body });

export const CASES: readonly EvalCase[] = [
  {
    name: 'arithmetic, comparison chains, bool as int, true division',
    files: M(`
def run():
    return [7 // 2, -7 // 2, -7 % 3, 7 % -3, 2 ** 10, 2 ** -1, 7 / 2, 1 < 2 < 3, 3 > 2 > 2, True + 1, 1 == 1.0, 10 // 2.5, 1 << 4, 0xff & 0x0f | 0x100]
`),
    expected: '[3, -4, 2, -2, 1024, 0.5, 3.5, True, False, 2, True, 4.0, 16, 271]',
  },
  {
    name: 'strings: methods, slicing, membership, repr quoting',
    files: M(`
def run():
    s = "vllm.v1.attention.backends.flash_attn.FlashAttentionBackend"
    mod, cls = s.rsplit(".", 1)
    return [mod[-10:], cls, s.startswith(("x", "vllm")), "fp8" in "fp8_e4m3", "a,b,,c".split(","), " x ".strip(),
            "FP8".lower(), "-".join(["a", "b"]), s.count("."), "it's", 'say "hi"', "x".join([]), "abc"[::-1], "%5s|%-3d|%03d|%.2f" % ("ab", 7, 5, 3.14159)]
`),
    expected:
      "['flash_attn', 'FlashAttentionBackend', True, True, ['a', 'b', '', 'c'], 'x', 'fp8', 'a-b', 5, \"it's\", 'say \"hi\"', '', 'cba', '   ab|7  |005|3.14']",
  },
  {
    name: 'f-strings: conversions and format specs',
    files: M(`
def run():
    x = 3.14159
    n = 42
    s = "hi"
    return [f"{x:.2f}", f"{n:>5}", f"{n:05d}", f"{s!r}", f"{s:^6}|", f"{n:x}", f"{1234567:,}", f"{None}", f"{[1, 'a']}", f"{x}", f"{1e20}", f"{0.1 + 0.2}"]
`),
    expected:
      "['3.14', '   42', '00042', \"'hi'\", '  hi  |', '2a', '1,234,567', 'None', \"[1, 'a']\", '3.14159', '1e+20', '0.30000000000000004']",
  },
  {
    name: 'closures, nonlocal, global, default arguments evaluated once',
    files: M(`
counter = 0

def bump():
    global counter
    counter += 1
    return counter

def make():
    total = 0
    def add(k):
        nonlocal total
        total += k
        return total
    return add

def defaults(a, b=[]):
    b.append(a)
    return b

def run():
    add = make()
    add(2)
    bump(); bump()
    defaults(1)
    return [add(3), counter, defaults(2), [f() for f in [lambda i=i: i for i in range(3)]]]
`),
    expected: '[5, 2, [1, 2], [0, 1, 2]]',
  },
  {
    name: 'classes: inheritance, classmethods, super() in class and instance methods, properties',
    files: M(`
class Base:
    sizes = [16]
    def __init__(self, name):
        self.name = name
    @classmethod
    def supported(cls):
        return cls.sizes + cls.extra()
    @classmethod
    def extra(cls):
        return []
    @staticmethod
    def tag():
        return "base"
    @property
    def label(self):
        return self.name.upper()
    def describe(self):
        return "Base:" + self.name

class Child(Base):
    sizes = [32]
    @classmethod
    def extra(cls):
        return [64] + super().extra()
    def describe(self):
        return "Child/" + super().describe()

def run():
    c = Child("x")
    return [Child.supported(), Base.supported(), c.describe(), c.label, Child.tag(), isinstance(c, Base), issubclass(Child, Base), type(c).__name__, Child.__mro__[1].__name__]
`),
    expected: "[[32, 64], [16], 'Child/Base:x', 'X', 'base', True, True, 'Child', 'Base']",
  },
  {
    name: 'a generic alias as a base class: class C(Base[T]) extends Base (its __mro_entries__)',
    files: M(`
from typing import Generic, TypeVar

T = TypeVar("T")

class Base(Generic[T]):
    @classmethod
    def kind(cls):
        return "base"
    def hello(self):
        return "hello from " + type(self).__name__

class Meta:
    pass

class Child(Base[Meta]):
    pass

class Numbers(list[int]):
    pass

def run():
    mro = [c.__name__ for c in Child.__mro__ if c.__name__ != "Generic"]
    return [Child.kind(), Child().hello(), issubclass(Child, Base), mro, issubclass(Numbers, list)]
`),
    expected: "['base', 'hello from Child', True, ['Child', 'Base', 'object'], True]",
  },
  {
    name: "ImportError for a missing name: 'partially initialized module' while the module's code runs",
    files: {
      // Imports inside a try run at once (not lazily), as in CPython.
      'pkg/__init__.py': 'try:\n    from .inner import VALUE\nexcept ImportError:\n    raise\n',
      'pkg/inner.py':
        'try:\n    from . import missing_thing\n    VALUE = "found"\nexcept ImportError as e:\n    VALUE = str(e).rsplit(" (", 1)[0]\n',
      'm.py': `
import pkg

def run():
    try:
        from pkg import nothing
    except ImportError as e:
        later = str(e).rsplit(" (", 1)[0]
    return [pkg.VALUE, later]
`,
    },
    expected:
      "[\"cannot import name 'missing_thing' from partially initialized module 'pkg' (most likely due to a circular import)\", \"cannot import name 'nothing' from 'pkg'\"]",
  },
  {
    name: 'NamedTuple: fields, defaults, _asdict, _replace, comparison through NotImplemented, __repr__ override',
    files: M(`
from typing import NamedTuple, Any

class Cap(NamedTuple):
    major: int
    minor: int
    def __ge__(self, other: Any) -> bool:
        if not isinstance(other, Cap):
            return NotImplemented
        return (self.major, self.minor) >= (other.major, other.minor)
    def to_int(self):
        return self.major * 10 + self.minor

class Cfg(NamedTuple):
    head_size: int
    block_size: int | None
    use_mla: bool = False
    def __repr__(self):
        return f"Cfg(head_size={self.head_size}, use_mla={self.use_mla})"

def run():
    c = Cap(9, 0)
    major, minor = c
    cfg = Cfg(128, None)
    return [c >= Cap(8, 0), c >= (9, 1), c == (9, 0), c.to_int(), major, cfg._asdict(), repr(cfg._replace(use_mla=True)), str(Cap(1, 2)), len(cfg), cfg[0], Cfg._fields]
`),
    expected:
      "[True, False, True, 90, 9, {'head_size': 128, 'block_size': None, 'use_mla': False}, 'Cfg(head_size=128, use_mla=True)', 'Cap(major=1, minor=2)', 3, 128, ('head_size', 'block_size', 'use_mla')]",
  },
  {
    name: 'Enum: members, aliases, value lookup, iteration, str-mixin equality and formatting, metaclass __getitem__',
    files: M(`
from enum import Enum, EnumMeta, auto

class Kind(str, Enum):
    DECODER = "decoder"
    ENCODER = "encoder"

class Plat(Enum):
    CUDA = auto()
    ROCM = auto()

class Meta(EnumMeta):
    def __getitem__(cls, name):
        try:
            return super().__getitem__(name)
        except KeyError:
            raise ValueError(f"Unknown backend: '{name}'. Valid options are: {', '.join(cls.__members__.keys())}") from None

class Backend(Enum, metaclass=Meta):
    A = "path.a"
    B = "path.b"
    EMPTY = ""
    NONE = None
    ALIAS = "path.a"
    def get_path(self):
        return self.value or "-"

def run():
    out = [Kind.DECODER == "decoder", f"{Kind.ENCODER}", str(Kind.DECODER), repr(Kind.DECODER), "decoder" in {Kind.DECODER}, Kind("encoder").name,
           Plat.ROCM.value, [b.name for b in Backend], Backend.ALIAS is Backend.A, Backend["B"].get_path(), Backend.EMPTY.get_path(), Backend("path.b").name,
           len(Backend), Kind.DECODER.upper()]
    try:
        Backend["Z"]
    except ValueError as e:
        out.append(str(e))
    try:
        Plat(7)
    except ValueError as e:
        out.append(str(e))
    return out
`),
    expected:
      "[True, 'Kind.ENCODER', 'Kind.DECODER', \"<Kind.DECODER: 'decoder'>\", True, 'ENCODER', 2, ['A', 'B', 'EMPTY', 'NONE'], True, 'path.b', '-', 'B', 4, 'DECODER', \"Unknown backend: 'Z'. Valid options are: A, B, EMPTY, NONE, ALIAS\", '7 is not a valid Plat']",
  },
  {
    name: 'functools.cache and lru_cache evaluate once per argument key',
    files: M(`
from functools import cache, lru_cache
import functools

calls = []

@cache
def priorities(use_mla, cap):
    calls.append((use_mla, cap))
    return ["A", "B"] if use_mla else ["C"]

@lru_cache(maxsize=8)
def twice(x):
    calls.append(x)
    return x * 2

@functools.cache
def once():
    calls.append("once")
    return 1

def run():
    priorities(True, (9, 0)); priorities(True, (9, 0)); priorities(False, (9, 0))
    twice(2); twice(2)
    once(); once()
    return calls
`),
    expected: "[(True, (9, 0)), (False, (9, 0)), 2, 'once']",
  },
  {
    name: 'exceptions: try/except/else/finally, as-binding, bare raise, assert, str and repr',
    files: M(`
def check(x):
    assert x > 0, f"bad {x}"
    return x

def run():
    out = []
    try:
        check(-1)
    except AssertionError as e:
        out.append(str(e))
    try:
        {}["k"]
    except (KeyError, IndexError) as e:
        out.append(repr(e))
        out.append(str(e))
    try:
        try:
            raise ValueError("inner")
        except ValueError:
            out.append("caught")
            raise
        finally:
            out.append("finally")
    except ValueError as e:
        out.append(e.args)
    try:
        x = 1
    except Exception:
        out.append("no")
    else:
        out.append("else")
    try:
        [].pop()
    except IndexError as e:
        out.append(str(e))
    out.append(repr(RuntimeError()))
    return out
`),
    expected:
      "['bad -1', \"KeyError('k')\", \"'k'\", 'caught', 'finally', ('inner',), 'else', 'pop from empty list', 'RuntimeError()']",
  },
  {
    name: 'control flow: for/else, while/else, break, continue, star unpacking, walrus',
    files: M(`
def run():
    found = None
    for i in range(10):
        if i % 2:
            continue
        if i > 4:
            found = i
            break
    else:
        found = -1
    n = 0
    while n < 3:
        n += 1
    else:
        n += 10
    first, *middle, last = [1, 2, 3, 4]
    if (k := len(middle)) > 1:
        pass
    return [found, n, first, middle, last, k]
`),
    expected: '[6, 13, 1, [2, 3], 4, 2]',
  },
  {
    name: 'comprehensions and generator expressions are lazy (any() stops early)',
    files: M(`
seen = []

def probe(x):
    seen.append(x)
    return x > 1

def run():
    hit = any(probe(x) for x in [1, 2, 3, 4])
    return [hit, seen, {k: v for k, v in zip("ab", [1, 2])}, {x % 3 for x in range(6)}, [y for x in [[1, 2], [3]] for y in x if y != 2], sorted([3, 1, 2], reverse=True), list(map(str, [1, 2])), sorted(["b", "A", "a"], key=str.lower)]
`),
    expected: "[True, [1, 2], {'a': 1, 'b': 2}, {0, 1, 2}, [1, 3], [3, 2, 1], ['1', '2'], ['A', 'a', 'b']]",
  },
  {
    name: 'containers: dict methods and views, sets, list methods, getattr/hasattr defaults',
    files: M(`
class O:
    a = 1

def run():
    d = {"x": 1}
    d.setdefault("y", 2)
    d.update(z=3)
    s = {1, 2} | {3}
    l = [3, 1]
    l.extend([2]); l.sort(); l.insert(0, 9)
    return [list(d.items()), d.get("q", 0), "x" in d.keys(), sorted(s - {1}), l, l.index(2), getattr(O, "b", "dflt"), hasattr(O, "a"), hasattr(O, "b"), d.pop("x"), d, repr(d.keys()), min([4, 2, 8]), max("ab", "ba", key=lambda v: v[1]), sum([1, 2, 3])]
`),
    expected:
      "[[('x', 1), ('y', 2), ('z', 3)], 0, True, [2, 3], [9, 1, 2, 3], 2, 'dflt', True, False, 1, {'y': 2, 'z': 3}, \"dict_keys(['y', 'z'])\", 2, 'ab', 6]",
  },
  {
    name: 'imports between modules: relative, from-import of a submodule, module __getattr__, star import',
    files: {
      'pkg/__init__.py':
        'VERSION = "1"\ndef __getattr__(name):\n    if name == "dynamic":\n        return 42\n    raise AttributeError(name)\n',
      'pkg/sub.py':
        'from . import helpers\nfrom .helpers import twice as tw\n\ndef value():\n    return tw(helpers.BASE)\n',
      'pkg/helpers.py':
        '__all__ = ["twice", "BASE"]\nBASE = 21\n_private = 0\ndef twice(x):\n    return 2 * x\n',
      'm.py':
        'import pkg.sub\nfrom pkg import dynamic, VERSION\nfrom pkg.helpers import *\n\ndef run():\n    return [pkg.sub.value(), dynamic, VERSION, twice(BASE), "_private" in globals_names()]\n\ndef globals_names():\n    return []\n',
    },
    expected: "[42, 42, '1', 42, False]",
  },
  {
    name: 'dataclass: fields in order, defaults and default_factory, ClassVar excluded',
    files: M(`
from dataclasses import dataclass, field
from typing import ClassVar

@dataclass
class Spec:
    kind: ClassVar[str] = "spec"
    name: str
    size: int = 16
    tags: list = field(default_factory=list)

def run():
    s = Spec("x")
    t = Spec("y", 32, ["a"])
    return [s.name, s.size, s.tags, t.size, t.tags, Spec.kind]
`),
    expected: "['x', 16, [], 32, ['a'], 'spec']",
  },
  {
    name: 'int-to-str limit: str, repr, f-string, %d and format of a 4301-digit int raise ValueError; hex does not',
    files: M(`
def attempt(convert):
    try:
        convert()
        return "ok"
    except ValueError as e:
        return str(e)[:30]

def run():
    big = 10 ** 4300
    return [
        attempt(lambda: str(big)),
        attempt(lambda: repr(big)),
        attempt(lambda: f"{big}"),
        attempt(lambda: "%d" % big),
        attempt(lambda: format(big, ",")),
        attempt(lambda: format(big, "x")),
        attempt(lambda: str(10 ** 4299)),
    ]
`),
    expected:
      "['Exceeds the limit (4300 digits', 'Exceeds the limit (4300 digits', 'Exceeds the limit (4300 digits', 'Exceeds the limit (4300 digits', 'Exceeds the limit (4300 digits', 'ok', 'ok']",
  },
  {
    name: 'round with digits (ints stay ints, huge digits), float overflow and zero to a negative power',
    files: M(`
def attempt(compute):
    try:
        return compute()
    except (OverflowError, ZeroDivisionError) as e:
        return type(e).__name__ + ": " + str(e)

def run():
    return [
        round(15, -1), round(25, -1), round(-25, -1), round(35, -1), round(7, 2), round(123, -10 ** 4),
        round(1.5, 10 ** 12), round(-1.5, -400), round(2.5), round(0.125, 2),
        attempt(lambda: float(10 ** 400)),
        attempt(lambda: 2.0 ** 10000),
        attempt(lambda: 0.0 ** -1),
        attempt(lambda: 0 ** -1),
        attempt(lambda: 2 ** -2),
    ]
`),
    expected:
      "[20, 20, -20, 40, 7, 0, 1.5, -0.0, 2, 0.12, 'OverflowError: int too large to convert to float', \"OverflowError: (34, 'Numerical result out of range')\", 'ZeroDivisionError: 0.0 cannot be raised to a negative power', 'ZeroDivisionError: 0.0 cannot be raised to a negative power', 0.25]",
  },
  {
    name: 'zip and map: the shortest iterable ends them; map needs an iterable',
    files: M(`
def run():
    try:
        map(int)
        needs = "no error"
    except TypeError as e:
        needs = str(e)
    return [list(zip()), list(zip([1, 2, 3], "ab")), list(map(lambda a, b: a * b, [1, 2, 3], [4, 5])), needs]
`),
    expected: "[[], [(1, 'a'), (2, 'b')], [4, 10], 'map() must have at least two arguments.']",
  },
];
