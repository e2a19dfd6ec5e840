"""One input of ``lstm-shapes check``, read and linted as flake8 would.

The text is read the way flake8 reads it, so that line numbers, columns and
the project found from the file's name are the same in both faces: the
encoding from the coding cookie or BOM (latin-1 when it cannot be
decoded), universal newlines, a BOM dropped.  The tree is parsed from the
joined lines, the findings come from ``analysis.lint``; ``# noqa`` and the
selection are applied here, as flake8 applies them after its plugins.

A notebook goes through ``lint_notebook``: its cells joined by ``notebooks``.
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from typing import Callable, List, Optional, Tuple

from ..analysis import lint
from ..core.records import Record, replace
from .formats import Located
from .noqa import Noqa, file_is_silenced
from .selection import Selection

STDIN_NAME = "stdin"
# Where a line of the linted text is in the user's terms: (cell, line in cell), or None.
Locate = Callable[[int], Optional[Tuple[int, int]]]


class InputError(Exception):
    """An input that cannot be read: ``str()`` is the one line the user sees."""


class Options(Record):
    __slots__ = FIELDS = ("keras_version", "selection")

    def __init__(self, keras_version: str, selection: Selection):
        self.keras_version = keras_version
        self.selection = selection


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
               locate: Optional[Locate] = None, top_level_await: bool = False) -> List[Located]:
    """The findings on one text, ``noqa`` and the selection applied, in flake8's order.

    ``name`` is what the findings are reported under and where the project
    (its dependency files) is looked for.  ``locate`` turns a line into a
    notebook's (cell, line in cell); a notebook may ``await`` at its top level.
    """
    if file_is_silenced(lines):
        return []
    flags = ast.PyCF_ONLY_AST | (ast.PyCF_ALLOW_TOP_LEVEL_AWAIT if top_level_await else 0)
    try:
        tree = compile("".join(lines), name, "exec", flags)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        return [syntax_error(name, error)]
    noqa = Noqa(lines)
    found = []
    for finding in lint(tree, lines, name, options.keras_version).sorted_findings():
        if not options.selection.reports(finding.code) or noqa.silenced(finding.line, finding.code):
            continue
        cell = locate(finding.line) if locate else None
        found.append(Located(name, finding.line, finding.col + 1, finding.code, finding.message,
                             cell=cell[0] if cell else None, cell_line=cell[1] if cell else None,
                             cell_column=finding.col + 1 if cell else None))
    return found


def lint_python(path: str, options: Options, stdin_name: str = STDIN_NAME) -> List[Located]:
    name = stdin_name if path == "-" else path
    return lint_lines(read_python(path), name, options)


def lint_notebook(path: str, options: Options) -> List[Located]:
    """A Jupyter notebook's findings, each with its cell and line in the cell.

    The notebook's code cells are joined into one text (``notebooks``) and
    linted as a file is, ``noqa`` and the selection included; each finding is
    then placed in its cell, and the lines its message names are named in
    cell terms too.
    """
    from ..core.locations import lines_named_by
    from ..notebooks import NotebookError, file_positions, read_notebook
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8", errors="replace")
        notebook = read_notebook(text, path)
    except OSError as error:
        raise InputError(f"{path}: {error.strerror or type(error).__name__}") from None
    except NotebookError as error:
        raise InputError(str(error)) from None

    def locate(line: int) -> Optional[Tuple[int, int]]:
        place = notebook.place(line)
        return (place.cell, place.line) if place is not None else None

    if not any(line.strip() for line in notebook.lines):
        return []
    with lines_named_by(notebook.name_line):
        found = lint_lines(notebook.lines, path, options, locate, top_level_await=True)
    return [in_the_file(finding, file_positions(text, notebook)) for finding in found]


def in_the_file(finding: Located, position) -> Located:
    """A notebook finding's line and column moved from the joined cells to the
    JSON file's own (where flake8 places it too); its cell stays with it."""
    if finding.cell is None or position is None:
        return finding
    row, col = position(finding.cell, finding.cell_line, finding.column - 1)
    return replace(finding, line=row, column=col + 1)


def lint_input(path: str, options: Options, stdin_name: str = STDIN_NAME) -> List[Located]:
    """The findings of one input: a Python file, stdin, or a notebook (by its suffix)."""
    shown = stdin_name if path == "-" else path
    if shown.endswith(".ipynb") and path != "-":
        return lint_notebook(path, options)
    return lint_python(path, options, stdin_name)
