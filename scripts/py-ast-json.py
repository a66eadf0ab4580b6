"""Dev helper: CPython's ast.parse result as JSON lines, for scripts/compare-ast.ts.

Reads file paths (one per line) on stdin, or `--source TEXT`; writes one JSON object per
input: {"path", "ok": true, "tree"} or {"path", "ok": false, "error": {kind, msg, lineno, offset}}.
Constants are tagged so floats/bytes/complex compare exactly.
"""
import ast
import json
import struct
import sys
from pathlib import Path


def const(v):
    if v is None or isinstance(v, bool):
        return v
    if isinstance(v, int):
        return {'int': str(v)}
    if isinstance(v, float):
        return {'float': struct.pack('>d', v).hex()}
    if isinstance(v, complex):
        return {'complex': [struct.pack('>d', v.real).hex(), struct.pack('>d', v.imag).hex()]}
    if isinstance(v, str):
        return {'str': v}
    if isinstance(v, bytes):
        return {'bytes': v.hex()}
    if v is Ellipsis:
        return {'ellipsis': True}
    raise TypeError(type(v))


def conv(node):
    if isinstance(node, list):
        return [conv(x) for x in node]
    if isinstance(node, ast.AST):
        out = {'_type': type(node).__name__}
        for f in node._fields:
            v = getattr(node, f, None)
            if isinstance(node, ast.Constant) and f == 'value':
                out[f] = const(v)
            elif isinstance(node, ast.MatchSingleton) and f == 'value':
                out[f] = const(v)
            else:
                out[f] = conv(v)
        for a in node._attributes:
            if hasattr(node, a):
                out[a] = getattr(node, a)
        return out
    return node


def one(path, text):
    sys.set_int_max_str_digits(4300)  # CPython's default, which ast.parse enforces
    try:
        tree = ast.parse(text)
    except SyntaxError as e:
        return {'path': path, 'ok': False, 'error': {'kind': type(e).__name__, 'msg': e.msg, 'lineno': e.lineno, 'offset': e.offset}}
    except (RecursionError, MemoryError, ValueError) as e:
        return {'path': path, 'ok': False, 'error': {'kind': type(e).__name__, 'msg': str(e), 'lineno': 0, 'offset': 0}}
    sys.set_int_max_str_digits(0)  # our JSON needs str() of any int
    try:
        return {'path': path, 'ok': True, 'tree': conv(tree)}
    except RecursionError:
        return {'path': path, 'ok': False, 'error': {'kind': 'RecursionError', 'msg': 'deep', 'lineno': 0, 'offset': 0}}


def main():
    sys.setrecursionlimit(100000)
    if len(sys.argv) > 2 and sys.argv[1] == '--source':
        print(json.dumps(one('<source>', sys.argv[2])))
        return
    if len(sys.argv) > 2 and sys.argv[1] == '--record':
        # Test fixture: the snippet file (separated by '#====' lines) with CPython's results.
        snippets = Path(sys.argv[2]).read_text().split('\n#====\n')
        out = []
        for src in snippets:
            sys.setrecursionlimit(1000)
            r = one('<snippet>', src)
            sys.setrecursionlimit(100000)
            r.pop('path')
            r['source'] = src
            out.append(r)
        print(json.dumps(out, ensure_ascii=False, separators=(',', ':')))
        return
    if len(sys.argv) > 1 and sys.argv[1] == '--snippets':
        out = []
        for src in json.load(sys.stdin):
            sys.setrecursionlimit(1000)
            r = one('<snippet>', src)
            sys.setrecursionlimit(100000)
            out.append(r)
        print(json.dumps(out))
        return
    for line in sys.stdin:
        path = line.rstrip('\n')
        if not path:
            continue
        try:
            text = Path(path).read_text()
        except (UnicodeDecodeError, OSError) as e:
            print(json.dumps({'path': path, 'ok': False, 'error': {'kind': 'UnicodeDecodeError', 'msg': str(e), 'lineno': 0, 'offset': 0}}))
            sys.stdout.flush()
            continue
        sys.setrecursionlimit(1000)
        r = one(path, text)
        sys.setrecursionlimit(100000)
        print(json.dumps(r))
        sys.stdout.flush()


if __name__ == '__main__':
    main()
