#!/usr/bin/env python3
"""Regenerate test/python/fixtures/constructs/*.dump from CPython 3.11 (the oracle).

For each x.py, x.dump holds ast.dump(ast.parse(Path("x.py").read_text())) -- the same
call the attention-doc reference makes -- or, when CPython rejects the file, one line:
    <ErrorClass>: <msg> (line <lineno>, offset <offset>)
Each file ends with a newline.  Run: python3 scripts/regen-construct-dumps.py
"""

import ast
import pathlib
import sys

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "test" / "python" / "fixtures" / "constructs"


def expected_text(path):
    try:
        return ast.dump(ast.parse(path.read_text(encoding="utf-8"))) + "\n"
    except SyntaxError as error:
        return f"{type(error).__name__}: {error.msg} (line {error.lineno}, offset {error.offset})\n"
    except UnicodeDecodeError as error:
        return f"UnicodeDecodeError: {error}\n"


def main():
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"need CPython 3.11, this is {sys.version.split()[0]}")
    for path in sorted(FIXTURES.glob("*.py")):
        path.with_suffix(".dump").write_text(expected_text(path), encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main()
