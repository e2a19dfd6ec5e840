"""The ``lstm-shapes`` console script.

``lstm-shapes check PATH...`` is the linter on its own (for ruff users, CI
and editors): the findings ``flake8 --select=LST`` gives on the same files,
with the same ``noqa`` comments and configuration, in text, JSON, SARIF or
GitHub's annotations (see ``standalone``).  ``lstm-shapes explain FILE...``
prints a static ``model.summary()`` of every model.
"""

from __future__ import annotations

import argparse
import sys
from typing import List, Optional, Sequence, Tuple

from . import __version__
from .checker import VERSIONS
from .standalone import command


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
    parser.commands = commands.choices      # the subcommands' parsers, by name
    check_cmd = commands.add_parser(
        "check", help="lint files and directories, as flake8 --select=LST does",
        description="Lint files and directories for shape mistakes in Keras recurrent-network "
                    "code. Exit status: 0 nothing found, 1 findings, 2 usage error or an "
                    "input that cannot be read.")
    command.add_arguments(check_cmd)
    explain_cmd = commands.add_parser(
        "explain", help="a static model.summary() of every model in the files")
    explain_cmd.add_argument("files", nargs="+", metavar="FILE", help="files ('-' for stdin)")
    explain_cmd.add_argument("--format", choices=("text", "json"), default="text")
    explain_cmd.add_argument("--keras-version", choices=VERSIONS, default="auto",
                             help="Keras version the code targets (default: auto)")
    rule_cmd = commands.add_parser("rule", help="print a code's documentation (or --all)")
    rule_cmd.add_argument("codes", nargs="*", metavar="CODE", help="a code, e.g. LST101")
    rule_cmd.add_argument("--all", action="store_true", help="every code, in the catalogue's order")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "check":
        return command.run(args, parser.commands["check"], sys.stdout, sys.stderr)
    if args.command == "explain":
        return explain(args.files, args.keras_version, args.format, sys.stdout)
    if args.command == "rule":
        from . import rule_command      # the documentation is read for this command only
        return rule_command.run(args, sys.stdout, sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
