#!/usr/bin/env python3
"""The CPython side of our parser conformance tooling (run by the TypeScript scripts).

Modes (one process serves a whole corpus; requests and answers are JSON lines):

  dump    stdin: one JSON string (a file path) per line.
          stdout: one JSON object per input line, in order:
            {"ok": true, "sha256": <hex of ast.dump UTF-8>, "length": <code points>}  (default)
            {"ok": true, "dump": <ast.dump text>}                                      (--full)
            {"ok": false, "kind": "SyntaxError", "msg": ..., "lineno": n, "offset": n}
          Like the attention-doc reference, the file is read with Path.read_text()
          (strict UTF-8, universal newlines, BOM kept) and that text goes to
          ast.parse; a decode failure is reported as kind "UnicodeDecodeError" with
          lineno = the line of the offending byte.  --bytes gives ast.parse the raw
          bytes instead (coding cookies honoured).

  tree    argv: paths.  stdout: one JSON line per path with our TypeScript node shape
          ({"_type": ..., fields..., location attributes}) plus "walk" (ast.walk class
          names) and "dump" -- used by tests to check dump/walk without our parser.

  bench   stdin: JSON list of paths.  Reads and decodes every file first, then times only
          ast.parse(text) over all texts: --warmup W rounds, then --rounds R timed rounds.
          stdout: {"files": n, "bytes": utf8_bytes, "seconds": [per round], "skipped": [...]}
"""

import argparse
import ast
import hashlib
import json
import pathlib
import sys
import time


def error_record(error):
    if isinstance(error, SyntaxError):
        return {
            "ok": False,
            "kind": type(error).__name__,
            "msg": error.msg,
            "lineno": error.lineno or 0,
            "offset": error.offset or 0,
        }
    return {"ok": False, "kind": type(error).__name__, "msg": str(error), "lineno": 0, "offset": 0}


def dump_deep(tree):
    """ast.dump is recursive: lift the limit for the dump only, never for ast.parse itself."""
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(max(previous, 20000))
    try:
        return ast.dump(tree)
    finally:
        sys.setrecursionlimit(previous)


def read_source(path, as_bytes):
    if as_bytes:
        with open(path, "rb") as handle:
            return handle.read()
    return pathlib.Path(path).read_text(encoding="utf-8")


def decode_error_record(path, error):
    with open(path, "rb") as handle:
        lineno = handle.read()[: error.start].count(b"\n") + 1
    return {"ok": False, "kind": "UnicodeDecodeError", "msg": str(error), "lineno": lineno, "offset": 0}


def dump_mode(full, as_bytes):
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        path = json.loads(line)
        try:
            source = read_source(path, as_bytes)
            text = dump_deep(ast.parse(source))
        except UnicodeDecodeError as error:
            record = decode_error_record(path, error)
        except RecursionError as error:  # before Exception: not a SyntaxError subclass
            record = error_record(error)
        except Exception as error:  # SyntaxError, ValueError (null bytes), MemoryError...
            record = error_record(error)
        else:
            if full:
                record = {"ok": True, "dump": text}
            else:
                record = {
                    "ok": True,
                    "sha256": hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
                    "length": len(text),
                }
        out.write(json.dumps(record) + "\n")
        out.flush()


def encode_float(value):
    return repr(value)  # 'inf', '-inf', 'nan' or a round-trip decimal


def encode_constant(value):
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"float": encode_float(value)}
    if isinstance(value, complex):
        return {"complex": [encode_float(value.real), encode_float(value.imag)]}
    if isinstance(value, bytes):
        return {"bytes": list(value)}
    if value is Ellipsis:
        return {"ellipsis": True}
    raise TypeError(f"unexpected constant {value!r}")


def to_tree(node):
    """Our TypeScript node shape, iteratively (stdlib trees can be deep)."""
    root = {}
    stack = [(node, root)]
    while stack:
        source, target = stack.pop()
        target["_type"] = type(source).__name__
        for name in source._fields:
            if not hasattr(source, name):
                continue
            value = getattr(source, name)
            if name == "value" and isinstance(source, (ast.Constant, ast.MatchSingleton)):
                target[name] = encode_constant(value)
            elif isinstance(value, ast.AST):
                child = {}
                target[name] = child
                stack.append((value, child))
            elif isinstance(value, list):
                items = []
                for item in value:
                    if isinstance(item, ast.AST):
                        child = {}
                        items.append(child)
                        stack.append((item, child))
                    else:
                        items.append(item)
                target[name] = items
            else:
                target[name] = value
        for name in source._attributes:
            if hasattr(source, name):
                target[name] = getattr(source, name)
    return root


def tree_mode(paths):
    for path in paths:
        module = ast.parse(read_source(path, as_bytes=False))
        sys.setrecursionlimit(20000)  # json.dumps and ast.dump recurse; ast.parse ran at the default
        record = {
            "path": path,
            "tree": to_tree(module),
            "walk": [type(n).__name__ for n in ast.walk(module)],
            "children": [[type(c).__name__ for c in ast.iter_child_nodes(n)] for n in ast.walk(module)],
            "dump": dump_deep(module),
        }
        sys.stdout.write(json.dumps(record) + "\n")
        sys.setrecursionlimit(1000)


def bench_mode(warmup, rounds):
    paths = json.load(sys.stdin)
    texts = []
    skipped = []
    for path in paths:
        try:
            text = read_source(path, as_bytes=False)
            ast.parse(text)
        except Exception:
            skipped.append(path)
            continue
        texts.append(text)
    total_bytes = sum(len(t.encode("utf-8", "surrogatepass")) for t in texts)
    seconds = []
    for round_index in range(warmup + rounds):
        start = time.perf_counter()
        for text in texts:
            ast.parse(text)
        elapsed = time.perf_counter() - start
        if round_index >= warmup:
            seconds.append(elapsed)
    json.dump({"files": len(texts), "bytes": total_bytes, "seconds": seconds, "skipped": skipped}, sys.stdout)
    sys.stdout.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["dump", "tree", "bench"])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--bytes", action="store_true", help="dump mode: ast.parse(raw bytes), not read_text()")
    parser.add_argument("--full", action="store_true", help="dump mode: send the dump text, not its hash")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if args.mode == "dump":
        dump_mode(args.full, args.bytes)
    elif args.mode == "tree":
        tree_mode(args.paths)
    else:
        bench_mode(args.warmup, args.rounds)


if __name__ == "__main__":
    main()
