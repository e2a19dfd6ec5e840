"""One input of ``lstm-shapes check``, read and linted as flake8 would.

The text is read the way flake8 reads it, so that line numbers, columns and
the project found from the file's name are the same in both faces: the
encoding from the coding cookie or BOM (latin-1 when it cannot be
decoded), universal newlines, a BOM dropped.  The tree is parsed from the
joined lines, the findings come from ``analysis.lint``; ``# noqa`` and the
selection are applied here, as flake8 applies them after its plugins.

A notebook goes through ``lint_notebook``, the one seam for it.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from dataclasses import dataclass
from typing import Callable, List, Optional, Tuple

from ..analysis import lint
from .formats import Located
from .noqa import Noqa, file_is_silenced
from .selection import Selection

STDIN_NAME = "stdin"
# Where a line of the linted text is in the user's terms: (cell, line in cell), or None.
Locate = Callable[[int], Optional[Tuple[int, int]]]


class InputError(Exception):
    """An input that cannot be read: ``str()`` is the one line the user sees."""


@dataclass(frozen=True)
class Options:
    keras_version: str
    selection: Selection


def decode(data: bytes, *, from_stdin: bool = False) -> str:
    """Bytes as text, the way flake8 reads a file (or stdin) before its plugins see it."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        return io.TextIOWrapper(io.BytesIO(data), encoding).read()
    except (LookupError, SyntaxError, UnicodeError):
        if from_stdin:
            return data.decode("utf-8", errors="replace")
        return io.TextIOWrapper(io.BytesIO(data), "latin-1").read()


def split_lines(text: str) -> List[str]:
    lines = io.StringIO(text).readlines()
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return lines


def read_python(path: str) -> List[str]:
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise InputError(f"{path}: {error.strerror or type(error).__name__}") from None
    return split_lines(decode(data, from_stdin=path == "-"))


def syntax_error(name: str, error: Exception) -> Located:
    line = getattr(error, "lineno", None) or 1
    column = getattr(error, "offset", None) or 1
    return Located(name, line, column, "E999", f"{type(error).__name__}: {error}")


def lint_lines(lines: List[str], name: str, options: Options,
               locate: Optional[Locate] = None) -> List[Located]:
    """The findings on one text, ``noqa`` and the selection applied, in flake8's order.

    ``name`` is what the findings are reported under and where the project
    (its dependency files) is looked for.  ``locate`` turns a line into a
    notebook's (cell, line in cell).
    """
    if file_is_silenced(lines):
        return []
    try:
        tree = ast.parse("".join(lines), filename=name)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        return [syntax_error(name, error)]
    noqa = Noqa(lines)
    found = []
    for finding in lint(tree, lines, name, options.keras_version).sorted_findings():
        if not options.selection.reports(finding.code) or noqa.silenced(finding.line, finding.code):
            continue
        cell = locate(finding.line) if locate else None
        found.append(Located(name, finding.line, finding.col + 1, finding.code, finding.message,
                             cell=cell[0] if cell else None, cell_line=cell[1] if cell else None))
    return found


def lint_python(path: str, options: Options, stdin_name: str = STDIN_NAME) -> List[Located]:
    name = stdin_name if path == "-" else path
    return lint_lines(read_python(path), name, options)


def lint_notebook(path: str, options: Options) -> List[Located]:
    """A Jupyter notebook's findings, each with its cell and line in the cell.

    Not supported yet: reading ``.ipynb`` into Python text with a cell map
    comes with the notebooks module, which will call ``lint_lines`` with a
    ``locate`` of its own.  Until then a notebook is an input this command
    cannot read.
    """
    raise InputError(f"{path}: notebooks: not supported yet")


def lint_input(path: str, options: Options, stdin_name: str = STDIN_NAME) -> List[Located]:
    """The findings of one input: a Python file, stdin, or a notebook (by its suffix)."""
    shown = stdin_name if path == "-" else path
    if shown.endswith(".ipynb") and path != "-":
        return lint_notebook(path, options)
    return lint_python(path, options, stdin_name)
