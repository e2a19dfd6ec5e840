"""The flake8 face: options, the crash guard, findings out as flake8 tuples."""

from __future__ import annotations

import ast
import os
import sys
from typing import Iterator, List, Tuple

from . import __version__
from .analysis import DEBUG_ENV, internal_error_notice, lint
from .core.locations import lines_named_by
from .selection import any_selected

NOTEBOOK_SUFFIX = ".ipynb"
# The first line of nbqa's temporary file (notebooks.NBQA_SEPARATOR in full).
NBQA_MARK = "# %%NBQA-CELL-SEP"

VERSIONS = ("auto", "2", "3")


def keras_version_error(value: str) -> str:
    """The option error for a ``lstm-keras-version`` value, "" when it is valid.

    Both faces refuse a bad value with these words, from the command line or
    from a configuration file."""
    if value in VERSIONS:
        return ""
    return (f"argument --lstm-keras-version: invalid choice: {value!r} "
            f"(choose from {', '.join(repr(v) for v in VERSIONS)})")


class LstmShapesChecker:
    """flake8 entry point ``LST``.

    flake8 passes the tree it parsed and the file's lines; we never re-read
    ``filename`` (it is ``stdin`` or the ``--stdin-display-name`` under
    ``flake8 -``).
    """

    name = "flake8-lstm-shapes"
    version = __version__
    keras_version = "auto"
    # False when the run's --select/--ignore leave no LST code (parse_options).
    reports_anything = True

    def __init__(self, tree: ast.AST, lines: List[str], filename: str = "stdin", options=None):
        self.tree = tree
        self.lines = lines
        self.filename = filename
        self.options = options

    @classmethod
    def add_options(cls, manager) -> None:
        manager.add_option(
            "--lstm-keras-version", default="auto", choices=VERSIONS, parse_from_config=True,
            help="Keras version the code targets: 2, 3, or auto (a '# lstm-keras-version: N' "
                 "comment, then the project's declared dependencies, the file's code, the "
                 "installed keras; else unknown, and only what fails in both is reported; "
                 "default: auto)",
        )

    @classmethod
    def parse_options(cls, manager, options=None, filenames=None) -> None:
        """flake8 checks ``choices`` on the command line only: a value from a
        config file reaches us as written, so it is checked here, and refused
        with the same option error."""
        if options is None:         # the one-argument form flake8 also supports
            manager, options = None, manager
        value = str(getattr(options, "lstm_keras_version", "auto") or "auto").strip()
        message = keras_version_error(value)
        if message:
            parser = getattr(manager, "parser", None)
            if parser is not None:
                parser.error(message)       # prints usage and the error, exits with status 2
            raise ValueError(message)
        cls.keras_version = value
        cls.reports_anything = any_selected(options)

    def run(self) -> Iterator[Tuple[int, int, str, type]]:
        if not self.reports_anything:
            return      # flake8 would drop every finding: do not make them
        option = getattr(self.options, "lstm_keras_version", None) or self.keras_version
        if self.filename.endswith(NOTEBOOK_SUFFIX):
            yield from self.run_notebook(option)
            return
        namer = None
        if self.lines and self.lines[0].startswith(NBQA_MARK):
            from .notebooks import nbqa_line_namer
            namer = nbqa_line_namer(self.lines, self.filename)
        # lint() never raises: an internal error keeps the findings made before
        # it and is said on stderr (see analysis.lint).
        with lines_named_by(namer):
            findings = lint(self.tree, self.lines, self.filename, option).sorted_findings()
        for finding in findings:
            yield finding.line, finding.col, finding.text(), type(self)

    def run_notebook(self, option: str) -> Iterator[Tuple[int, int, str, type]]:
        """A notebook named on the command line: flake8 parsed its JSON as a
        Python expression; its code cells are read and linted as one program
        (notebooks.flake8_findings), the module imported only here."""
        from .notebooks import flake8_findings
        try:
            found = list(flake8_findings(self.tree, self.lines, self.filename, option))
        except Exception as error:  # noqa: BLE001 - the crash guard of analysis.lint, here too
            if os.environ.get(DEBUG_ENV):
                raise
            print(internal_error_notice(self.filename, type(error).__name__), file=sys.stderr,
                  flush=True)
            return
        for row, col, text in found:
            yield row, col, text, type(self)
