"""The ``lstm-shapes`` console script.

``lstm-shapes check FILE...`` prints what ``flake8 --select=LST`` prints for
the same files, without needing a flake8 configuration; ``-`` reads stdin.
"""

from __future__ import annotations

import argparse
import ast
import sys
from typing import List, Optional, Sequence, Tuple

from . import __version__, rule_command
from .analysis import lint
from .checker import VERSIONS


def read_source(path: str) -> Tuple[str, List[str]]:
    """(display name, lines) of a file, or of stdin for ``-``."""
    if path == "-":
        data = sys.stdin.buffer.read()
        name = "stdin"
    else:
        with open(path, "rb") as handle:
            data = handle.read()
        name = path
    text = decode(data)
    return name, text.splitlines(keepends=True)


def decode(data: bytes) -> str:
    import io
    import tokenize
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return data.decode(encoding)
    except (SyntaxError, UnicodeDecodeError, LookupError):
        return data.decode("latin-1")


def check(paths: Sequence[str], keras_version: str, out) -> int:
    """Lint files; the exit status is 1 when anything was found, as flake8's."""
    found = 0
    for path in paths:
        try:
            name, lines = read_source(path)
        except OSError as error:
            print(f"{path}:0:1: E902 {error}", file=out)
            found += 1
            continue
        try:
            tree = ast.parse("".join(lines), filename=name)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
            line = getattr(error, "lineno", 1) or 1
            print(f"{name}:{line}:1: E999 {type(error).__name__}: {error}", file=out)
            found += 1
            continue
        for finding in lint(tree, lines, name, keras_version).sorted_findings():
            print(f"{name}:{finding.line}:{finding.col + 1}: {finding.text()}", file=out)
            found += 1
    return 1 if found else 0


def explain(paths: Sequence[str], keras_version: str, fmt: str, out) -> int:
    """A static model.summary() for every model; 1 when a file cannot be read or parsed."""
    from .explain import explain_source, render_json, render_text
    import json
    reports, status = [], 0
    for path in paths:
        try:
            name, lines = read_source(path)
        except OSError as error:
            print(f"{path}: {error}", file=sys.stderr)
            status = 1
            continue
        report = explain_source("".join(lines), name, keras_version)
        if report.error:
            status = 1
        reports.append(report)
    if fmt == "json":
        print(json.dumps(render_json(reports), indent=2), file=out)
    else:
        out.write(render_text(reports))
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lstm-shapes",
        description="Find shape mistakes in Keras recurrent-network code before it runs.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check_cmd = commands.add_parser("check", help="lint files, as flake8 --select=LST does")
    check_cmd.add_argument("files", nargs="+", metavar="FILE", help="files to lint ('-' for stdin)")
    check_cmd.add_argument("--keras-version", choices=VERSIONS, default="auto",
                           help="Keras version the code targets (default: auto)")
    explain_cmd = commands.add_parser(
        "explain", help="a static model.summary() of every model in the files")
    explain_cmd.add_argument("files", nargs="+", metavar="FILE", help="files ('-' for stdin)")
    explain_cmd.add_argument("--format", choices=("text", "json"), default="text")
    explain_cmd.add_argument("--keras-version", choices=VERSIONS, default="auto",
                             help="Keras version the code targets (default: auto)")
    rule_command.add_parser(commands)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return check(args.files, args.keras_version, sys.stdout)
    if args.command == "explain":
        return explain(args.files, args.keras_version, args.format, sys.stdout)
    if args.command == "rule":
        return rule_command.run(args, sys.stdout, sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
