"""Jupyter notebooks, read natively: the code cells as one program.

A notebook (nbformat 4 JSON) is read with the standard library.  Its code
cells are joined, in order, into one source that one analysis reads, so a
model defined in an earlier cell meets the data of a later one, as the kernel
runs them.  Each cell starts on a fresh line of the joined source, and every
line keeps its place: an IPython magic line (``%time``, ``!pip``, ``?name``,
``x = !ls``) becomes ``pass`` at its indentation, a cell of another language
(``%%bash``, ``%%writefile``, ``%%html``, ...) becomes blank lines, and
``%%time``/``%%timeit``/``%%capture`` keep their Python body.  So a line of
the joined source is a line of one cell.

Cells are numbered as nbqa numbers them, so the two routes agree: code cells
only (markdown and raw cells do not count), from 1; lines within a cell from
1.  ``nb.ipynb:cell 3:2:11`` is the third code cell, its second line,
column 11.

Under ``nbqa flake8`` the plugin sees nbqa's temporary ``.py`` file instead, in
which each code cell follows a ``# %%NBQA-CELL-SEP<hex>`` comment; the same
naming of lines applies there (``nbqa_line_namer``).
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from .analysis import lint
from .core.locations import lines_named_by

# Cell magics whose body is Python run in the kernel: the body is linted.
PYTHON_CELL_MAGICS = frozenset(("time", "timeit", "capture"))
CELL_MAGIC = re.compile(r"\s*%%(\w+)")
# A line IPython rewrites before Python sees it: `%magic`, `!shell`, `?name`,
# `name?`/`name??`, and the assignment forms `x = !ls`, `x = %sx ls`.
MAGIC_LINE = re.compile(r"[%!?]|[\w.]+\?\??\s*$|[\w.]+(\s*,\s*[\w.]+)*\s*=\s*[%!]")
# nbqa's separator: `# %%NBQA-CELL-SEP` and six hex digits (secrets.token_hex(3)).
NBQA_SEPARATOR = re.compile(r"# %%NBQA-CELL-SEP[0-9a-f]{6}$")
# A cell may `await` at its top level: IPython runs it in an event loop.
PARSE_FLAGS = ast.PyCF_ONLY_AST | ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


class NotebookError(Exception):
    """The file is not a notebook we can read; the message is one line naming it."""


@dataclass(frozen=True)
class CellPlace:
    """A line of a notebook: its code cell (from 1) and its line in the cell (from 1)."""

    cell: int
    line: int

    def describe(self) -> str:
        return f"cell {self.cell}, line {self.line}"


@dataclass
class CodeCell:
    number: int                 # among code cells, from 1
    index: int                  # among all cells, from 0 (the JSON array's index)
    lines: List[str]            # the cell's source as written, each ending in "\n"
    skipped: bool = False       # another language, or not Python at all


@dataclass
class Notebook:
    """The joined source and where each of its lines comes from."""

    filename: str
    cells: List[CodeCell]
    lines: List[str] = field(default_factory=list)          # the joined source
    places: List[CellPlace] = field(default_factory=list)   # places[i]: joined line i + 1

    @property
    def text(self) -> str:
        return "".join(self.lines)

    def place(self, line: int) -> Optional[CellPlace]:
        """The cell line of a line of the joined source (None outside it)."""
        if 1 <= line <= len(self.places):
            return self.places[line - 1]
        return None

    def name_line(self, line: int) -> Optional[str]:
        place = self.place(line)
        return place.describe() if place is not None else None


@dataclass(frozen=True)
class NotebookFinding:
    """A finding in the notebook's own terms; ``line`` is the joined source's."""

    cell: int
    cell_line: int
    col: int                    # 0-based, as Finding.col
    code: str
    message: str
    line: int
    cell_index: int             # the cell's index among all cells (JSON array)

    def text(self) -> str:
        return f"{self.code} {self.message}"

    def location(self) -> str:
        """``cell 3:2:11``: what follows the file name (the column 1-based)."""
        return f"cell {self.cell}:{self.cell_line}:{self.col + 1}"


# -- reading -------------------------------------------------------------------------

def read_notebook(text: str, filename: str) -> Notebook:
    """The notebook's code cells joined; NotebookError if it is not nbformat 4."""
    document = load_document(text, filename)
    cells = code_cells(document, filename)
    if not is_python(document):
        for cell in cells:
            cell.skipped = True
    notebook = Notebook(filename, cells)
    for cell in cells:
        source = python_lines(cell)
        notebook.lines.extend(source)
        notebook.places.extend(CellPlace(cell.number, i) for i in range(1, len(source) + 1))
    blank_unparsable_cells(notebook)
    return notebook


def load_document(text: str, filename: str) -> dict:
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        detail = error.msg if isinstance(error, json.JSONDecodeError) else type(error).__name__
        where = f" (line {error.lineno}, column {error.colno})" \
            if isinstance(error, json.JSONDecodeError) else ""
        raise NotebookError(f"{filename}: not a notebook: invalid JSON{where}: {detail}") from None
    if not isinstance(document, dict):
        raise NotebookError(f"{filename}: not a notebook: the JSON is not an object")
    if document.get("nbformat") != 4 or not isinstance(document.get("cells"), list):
        found = document.get("nbformat")
        what = f"nbformat {found!r}" if found is not None else "no nbformat"
        raise NotebookError(f"{filename}: not an nbformat 4 notebook ({what} and a cells list "
                            f"are expected)")
    return document


def code_cells(document: dict, filename: str) -> List[CodeCell]:
    cells = []
    for index, cell in enumerate(document["cells"]):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise NotebookError(f"{filename}: not a notebook: code cell {len(cells) + 1} has a "
                                f"source that is not text")
        cells.append(CodeCell(len(cells) + 1, index, source_lines(source)))
    return cells


def source_lines(source: str) -> List[str]:
    """The cell's lines, each ending in a newline, so the next cell starts afresh."""
    return [line if line.endswith("\n") else line + "\n"
            for line in source.splitlines(keepends=True)]


def is_python(document: dict) -> bool:
    """A notebook of another kernel's language (R, Julia) has no Python to lint."""
    metadata = document.get("metadata")
    info = metadata.get("language_info") if isinstance(metadata, dict) else None
    name = info.get("name") if isinstance(info, dict) else None
    return not isinstance(name, str) or name.lower() in ("python", "python3", "ipython")


# -- magics ----------------------------------------------------------------------------

def python_lines(cell: CodeCell) -> List[str]:
    """The cell as Python, line for line."""
    if cell.skipped:
        return ["\n"] * len(cell.lines)
    magic = cell_magic(cell.lines)
    if magic is not None and magic not in PYTHON_CELL_MAGICS:
        cell.skipped = True
        return ["\n"] * len(cell.lines)
    lines = list(cell.lines)
    if magic is not None:
        header = next(i for i, line in enumerate(lines) if line.strip())
        lines[header] = "\n"
    if parses("".join(lines)):
        return lines        # plain Python: a `%` or `?` in it is no magic
    return replace_magic_lines(lines)


def cell_magic(lines: Sequence[str]) -> Optional[str]:
    """``bash`` for a cell whose first non-blank line is ``%%bash ...``."""
    for line in lines:
        if line.strip():
            match = CELL_MAGIC.match(line)
            return match.group(1) if match else None
    return None


def replace_magic_lines(lines: List[str]) -> List[str]:
    """Each magic line becomes ``pass`` at its indentation (a block stays a
    block); the lines a trailing backslash continues it onto become blank."""
    out, continued = [], False
    for line in lines:
        if continued:
            out.append("\n")
        elif MAGIC_LINE.match(line.strip()):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(f"{indent}pass\n")
        else:
            out.append(line)
            continue
        continued = line.rstrip("\n").endswith("\\")
    return out


def parses(source: str) -> bool:
    try:
        compile(source, "<cell>", "exec", PARSE_FLAGS)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def blank_unparsable_cells(notebook: Notebook) -> None:
    """A cell that is not Python even without its magics stops the kernel
    there; here it only drops out, so the rest is still read (nothing follows
    from its names: they are unknown).  The joined source is then checked
    whole, which catches what only the joining breaks (a late
    ``from __future__``)."""
    for cell in notebook.cells:
        rows = cell_rows(notebook, cell.number)
        if rows and not parses("".join(notebook.lines[i] for i in rows)):
            blank(notebook, cell)
    for _ in range(len(notebook.cells)):
        line = syntax_error_line(notebook.text)
        place = notebook.place(line) if line else None
        if place is None:
            return
        blank(notebook, notebook.cells[place.cell - 1])


def syntax_error_line(source: str) -> Optional[int]:
    try:
        compile(source, "<notebook>", "exec", PARSE_FLAGS)
    except SyntaxError as error:
        return error.lineno or 1
    except (ValueError, RecursionError, MemoryError):
        return 1
    return None


def cell_rows(notebook: Notebook, number: int) -> List[int]:
    return [i for i, place in enumerate(notebook.places) if place.cell == number]


def blank(notebook: Notebook, cell: CodeCell) -> None:
    cell.skipped = True
    for i in cell_rows(notebook, cell.number):
        notebook.lines[i] = "\n"


# -- linting ---------------------------------------------------------------------------

def lint_notebook(text: str, filename: str, keras_version: str = "auto") -> List[NotebookFinding]:
    """The notebook's findings in its own terms, sorted; NotebookError if unreadable.

    Like ``analysis.lint``, an internal error never escapes: it is said on
    stderr and the findings made before it stand.
    """
    notebook = read_notebook(text, filename)
    return lint_read_notebook(notebook, keras_version)


def lint_read_notebook(notebook: Notebook, keras_version: str = "auto") -> List[NotebookFinding]:
    if not any(line.strip() for line in notebook.lines):
        return []
    tree = compile(notebook.text, notebook.filename, "exec", PARSE_FLAGS)
    with lines_named_by(notebook.name_line):
        ctx = lint(tree, notebook.lines, notebook.filename, keras_version)
    return [in_cell_terms(notebook, finding) for finding in ctx.sorted_findings()]


def in_cell_terms(notebook: Notebook, finding) -> NotebookFinding:
    place = notebook.place(finding.line) or CellPlace(0, finding.line)
    index = notebook.cells[place.cell - 1].index if place.cell else -1
    return NotebookFinding(place.cell, place.line, finding.col, finding.code, finding.message,
                           finding.line, index)


# -- under nbqa --------------------------------------------------------------------------

def nbqa_places(lines: Sequence[str], cell_numbers: Optional[Sequence[int]] = None
                ) -> Dict[int, CellPlace]:
    """The cell line of each line of nbqa's temporary file.

    nbqa writes each code cell it keeps as its separator line, then the
    cell's lines (its magics masked line for line).  Cells nbqa leaves out
    (empty ones, ``%%bash``) have no separator, so the k-th separator is the
    k-th code cell only when none was left out: ``cell_numbers``, when known
    (``nbqa_cell_numbers``), gives each separator its true cell number.
    """
    places: Dict[int, CellPlace] = {}
    kept, start = 0, None
    for row, line in enumerate(lines, start=1):
        if NBQA_SEPARATOR.match(line.rstrip("\r\n")):
            kept += 1
            start = row
            continue
        if start is not None:
            number = cell_numbers[kept - 1] if cell_numbers and kept <= len(cell_numbers) \
                else kept
            places[row] = CellPlace(number, row - start)
    return places


def nbqa_line_namer(lines: Sequence[str], filename: str):
    """How messages name lines in nbqa's temporary file: ``cell 2, line 4``."""
    places = nbqa_places(lines, nbqa_cell_numbers(lines, filename))

    def name(line: int) -> Optional[str]:
        place = places.get(line)
        return place.describe() if place is not None else None
    return name


# nbqa's temporary file: `<notebook stem><8 chars of mkstemp>_nbqa_ipynb.py`,
# beside the notebook.
NBQA_TEMPORARY = re.compile(r"(?P<stem>.+)[a-z0-9_]{8}_nbqa_ipynb\.py$")
# How nbqa masks a magic it replaced: `hash(0x1A2B3C4D)`, `# CELL MAGIC 0x...`.
NBQA_MASK = re.compile(r"hash\((0x[0-9A-F]+|\"[0-9a-f]+\")\)|# CELL MAGIC ")


def nbqa_cell_numbers(lines: Sequence[str], filename: str) -> Optional[List[int]]:
    """The true code-cell number of each of nbqa's cells, read from the
    notebook beside the temporary file (None when it cannot be found or does
    not line up: then the separators are counted)."""
    import os
    match = NBQA_TEMPORARY.match(os.path.basename(filename))
    if match is None:
        return None
    path = os.path.join(os.path.dirname(filename), match.group("stem") + ".ipynb")
    try:
        with open(path, encoding="utf-8") as handle:
            cells = read_notebook(handle.read(), path).cells
    except (OSError, UnicodeDecodeError, NotebookError):
        return None
    return align_cells(nbqa_cell_texts(lines), cells)


def nbqa_cell_texts(lines: Sequence[str]) -> List[List[str]]:
    cells: List[List[str]] = []
    for line in lines:
        if NBQA_SEPARATOR.match(line.rstrip("\r\n")):
            cells.append([])
        elif cells:
            cells[-1].append(line)
    return cells


def telling_line(lines: Sequence[str]) -> Optional[str]:
    """The first line nbqa wrote as the notebook has it (not blank, not a mask)."""
    for line in lines:
        text = comparable(line)
        if text and not NBQA_MASK.search(line):
            return text
    return None


def comparable(line: str) -> str:
    # nbqa drops a cell's trailing semicolon; nothing else changes a kept line
    return line.strip().rstrip(";").rstrip()


def align_cells(texts: Sequence[Sequence[str]], cells: Sequence[CodeCell]) -> Optional[List[int]]:
    numbers, start = [], 0
    for text in texts:
        probe = telling_line(text)
        found = next((j for j in range(start, len(cells))
                      if any(line.strip() for line in cells[j].lines)
                      and (probe is None or probe in map(comparable, cells[j].lines))), None)
        if found is None:
            return None
        numbers.append(cells[found].number)
        start = found + 1
    return numbers


# -- the flake8 face -----------------------------------------------------------------

def flake8_findings(tree: ast.AST, lines: Sequence[str], filename: str, keras_version: str):
    """(row, col, text) of a notebook flake8 read as the JSON file it is.

    flake8 places a finding at a row and column of the file it read, and
    shows that line's ``# noqa``: so each finding goes to the JSON line that
    holds the cell's source line, at the column of its character there, and
    the message starts with the place in the notebook's terms.
    """
    text = "".join(lines)
    try:
        notebook = read_notebook(text, filename)
    except NotebookError:
        return          # not a notebook: nothing of ours to say (flake8 read it as Python)
    positions = source_positions(tree)
    for finding in lint_read_notebook(notebook, keras_version):
        cell = notebook.cells[finding.cell - 1] if finding.cell else None
        row, col = json_position(lines, positions.get(cell.index) if cell else None,
                                 cell.lines if cell else [], finding)
        yield row, col, f"{finding.code} {finding.location()}: {finding.message}"


def file_positions(text: str, notebook: Notebook):
    """A function from (cell, line in cell, 0-based column) to the JSON file's
    (row, 0-based column) of that character, for the formats whose readers
    open the file itself (GitHub's annotations, SARIF viewers); None when the
    JSON cannot be read as Python."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    lines = text.splitlines(keepends=True)
    positions = source_positions(tree)

    def position(cell_number: int, cell_line: int, col: int) -> Tuple[int, int]:
        cell = notebook.cells[cell_number - 1]
        place = NotebookFinding(cell_number, cell_line, col, "", "", 0, cell.index)
        return json_position(lines, positions.get(cell.index), cell.lines, place)
    return position


def source_positions(tree: ast.AST) -> Dict[int, List[ast.Constant]]:
    """Each cell's source strings as flake8 parsed the JSON (a Python dict
    literal), by the cell's index: their rows and columns in the file."""
    body = getattr(tree, "body", None)
    document = body[0].value if body and isinstance(body[0], ast.Expr) else None
    cells = dict_item(document, "cells")
    if not isinstance(cells, ast.List):
        return {}
    positions = {}
    for index, cell in enumerate(cells.elts):
        source = dict_item(cell, "source")
        parts = source.elts if isinstance(source, ast.List) else [source]
        if all(isinstance(p, ast.Constant) and isinstance(p.value, str) for p in parts):
            positions[index] = parts
    return positions


def dict_item(node, key: str):
    if not isinstance(node, ast.Dict):
        return None
    for k, v in zip(node.keys, node.values):
        if isinstance(k, ast.Constant) and k.value == key:
            return v
    return None


def json_position(lines: Sequence[str], parts: Optional[List[ast.Constant]],
                  cell_lines: Sequence[str], finding: NotebookFinding) -> Tuple[int, int]:
    """The JSON file's (row, col) of a finding's character in its cell's source."""
    if not parts:
        return 1, 0
    offset = sum(len(line) for line in cell_lines[: finding.cell_line - 1]) + finding.col
    for part in parts:
        length = len(json_text(lines, part))
        if offset < length or part is parts[-1]:
            return part.lineno, raw_column(lines[part.lineno - 1], part.col_offset, offset)
        offset -= length
    return 1, 0


def json_text(lines: Sequence[str], part: ast.Constant) -> str:
    """The string as JSON reads it (Python reads ``\\/`` differently)."""
    from .core.context import char_offset
    line = lines[part.lineno - 1]
    start = char_offset(line, part.col_offset)
    try:
        return json.JSONDecoder().raw_decode(line, start)[0]
    except ValueError:
        return part.value


def raw_column(line: str, byte_offset: int, target: int) -> int:
    """The column in the JSON line of the ``target``-th character of the
    string literal that starts (its quote) at ``byte_offset``."""
    from .core.context import char_offset
    start = char_offset(line, byte_offset)
    i, decoded = start + 1, 0
    while decoded < target and i < len(line) and line[i] != '"':
        if line[i] == "\\":
            pair = line[i + 1:i + 2] == "u" and "\\u" == line[i + 6:i + 8] \
                and 0xD800 <= int(line[i + 2:i + 6] or "0", 16) < 0xDC00
            i += 12 if pair else 6 if line[i + 1:i + 2] == "u" else 2
        else:
            i += 1
        decoded += 1
    return i
