"""Lint a corpus of real code and list every finding and every internal error.

Used as a false-positive guard: on ``../shared/corpus/clean/`` (published,
working Keras code) and ``../shared/corpus/sfdata/good/`` every finding is a
false positive unless the file truly has the bug.

    python benchmarks/corpus_check.py ../shared/corpus/clean ../shared/corpus/sfdata/good
    python benchmarks/corpus_check.py --keras-version 2 DIR...

Exit status 1 when anything was found or raised.
"""

from __future__ import annotations

import argparse
import ast
import collections
import pathlib
import sys
import time
import traceback

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from flake8_lstm_shapes.analysis import analyze  # noqa: E402


def lint(path: pathlib.Path, keras_version: str):
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = text.splitlines(keepends=True)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return [], None
    try:
        return analyze(tree, lines, str(path), keras_version).sorted_findings(), None
    except Exception:  # noqa: BLE001 - the point is to list them
        return [], traceback.format_exc(limit=6)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--keras-version", default="auto", choices=("auto", "2", "3"))
    parser.add_argument("--quiet", action="store_true", help="only the summary")
    args = parser.parse_args(argv)
    files = []
    for p in args.paths:
        path = pathlib.Path(p)
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    counts = collections.Counter()
    errors = 0
    start = time.perf_counter()
    for path in files:
        findings, error = lint(path, args.keras_version)
        if error:
            errors += 1
            print(f"{path}: INTERNAL ERROR\n{error}")
        for f in findings:
            counts[f.code] += 1
            if not args.quiet:
                print(f"{path}:{f.line}:{f.col + 1}: {f.code} {f.message}")
    elapsed = time.perf_counter() - start
    total = sum(counts.values())
    by_code = ", ".join(f"{code}: {n}" for code, n in sorted(counts.items())) or "none"
    print(f"{len(files)} files, {total} findings ({by_code}), {errors} internal errors, "
          f"{elapsed:.2f} s")
    return 1 if total or errors else 0


if __name__ == "__main__":
    sys.exit(main())
