"""What one file's analysis shares: its source, the Keras version, the work
budget and the findings.

Plain classes, not dataclasses: every lint-on-save imports this module, and
generating a dataclass's methods costs more at import than the whole
analysis of a typical file's first few statements.
"""

from __future__ import annotations

import ast
from contextlib import contextmanager
from typing import Collection, Dict, List, Optional, Tuple

from .events import SILENT, Events


class BudgetExceeded(Exception):
    """The file took more work than a linter should spend on it."""


class Budget:
    """A bound on the work done for one file.

    Every evaluated expression and executed statement costs one step.  Typical
    files need a few thousand; pathological ones (huge generated code, loops
    that rebuild a model thousands of times) stop here, silently, and keep the
    findings made so far.
    """

    __slots__ = ("steps", "used")

    def __init__(self, steps: int = 200_000, used: int = 0):
        self.steps = steps
        self.used = used

    def __repr__(self) -> str:
        return f"Budget(steps={self.steps}, used={self.used})"

    def tick(self, n: int = 1) -> None:
        self.used += n
        if self.used > self.steps:
            raise BudgetExceeded()

    def left(self) -> int:
        return max(0, self.steps - self.used)

    @contextmanager
    def allowance(self, steps: int):
        """At most ``steps`` more of this budget for one part of the work (a
        module of the project, a call into it): past them, or past the whole
        budget, ``BudgetExceeded``; the steps used stay counted."""
        limit = self.steps
        self.steps = min(limit, self.used + steps)
        try:
            yield
        finally:
            self.steps = limit


def char_offset(text: str, byte_offset: int) -> int:
    """The character index in ``text`` of a UTF-8 byte offset.

    ``ast`` gives columns as UTF-8 byte offsets into the line; a str is sliced
    by characters, and the two differ as soon as a name is not ASCII (``été``).
    """
    if text.isascii():
        return byte_offset
    head = text.encode("utf-8", "surrogatepass")[:max(byte_offset, 0)]
    try:
        return len(head.decode("utf-8", "surrogatepass"))
    except UnicodeDecodeError:      # an offset inside a character: count the whole ones
        return len(head.decode("utf-8", "ignore"))


class Finding:
    """One finding, as flake8 shows it (``col`` counts characters from 0)."""

    __slots__ = ("line", "col", "code", "message")

    def __init__(self, line: int, col: int, code: str, message: str):
        self.line = line
        self.col = col
        self.code = code
        self.message = message

    def _fields(self) -> tuple:
        return (self.line, self.col, self.code, self.message)

    def __eq__(self, other) -> bool:
        return type(other) is Finding and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Finding(line={self.line}, col={self.col}, code={self.code!r}, message={self.message!r})"

    def text(self) -> str:
        return f"{self.code} {self.message}"


class Context:
    def __init__(self, lines: List[str], keras_version: Optional[int] = 3, keras_reason: str = "",
                 filename: str = "stdin", budget: Optional[Budget] = None, muted: bool = False,
                 events: Events = SILENT):
        self.lines = lines
        # 2, 3, or None when nothing establishes either (versions.resolve): then
        # only what fails under both is reported.
        self.keras_version = keras_version
        # why: "requirements.txt pins tensorflow==2.9.1"; "" if not decided
        self.keras_reason = keras_reason
        self.filename = filename
        self.budget = budget if budget is not None else Budget()
        self.findings: Dict[Tuple[int, int, str], Finding] = {}
        # Set while a function is interpreted for a call site: its parameters are
        # then the caller's values, so what is found inside depends on them.
        self.call_depth = 0
        # Recorded for `explain`: every model built and every data call, in order.
        self.models: dict = {}          # id(creation node) -> latest model
        self.data_calls: list = []      # (call node, model, method, x, y)
        # Another module of the project, read for its values: nothing is reported there.
        self.muted = muted
        # The type of an internal error that cut the analysis short (analysis.lint).
        self.internal_error: Optional[str] = None
        # Where the model layer announces what happens (core.events): the rules and
        # explain's record for the linted file, nothing for the others.
        self.events = events

    def report(self, node: ast.AST, code: str, message: str) -> None:
        if self.muted:
            return
        line = getattr(node, "lineno", 1)
        col = self.column(line, getattr(node, "col_offset", 0))
        key = (line, col, code)
        if key not in self.findings:
            self.findings[key] = Finding(line, col, code, message)

    def version_note(self) -> str:
        """``(Keras 2: requirements.txt pins tensorflow==2.9.1)`` for a message
        whose finding depends on the version; "" when it is unknown."""
        if self.keras_version is None or not self.keras_reason:
            return ""
        return f"(Keras {self.keras_version}: {self.keras_reason})"

    def column(self, line: int, byte_offset: int) -> int:
        """The column flake8 shows: characters, like pycodestyle's columns and
        flake8's own ``--show-source`` caret, not ``ast``'s UTF-8 bytes."""
        if not (1 <= line <= len(self.lines)):
            return byte_offset
        return char_offset(self.lines[line - 1], byte_offset)

    def has_finding_in(self, node: Optional[ast.AST], ignoring: Collection[str] = ()) -> bool:
        """Was anything reported on the lines of this node (a code not in ``ignoring``)?"""
        if node is None or not hasattr(node, "lineno"):
            return False
        first, last = node.lineno, getattr(node, "end_lineno", node.lineno) or node.lineno
        return any(first <= line <= last and code not in ignoring for line, _, code in self.findings)

    def sorted_findings(self) -> List[Finding]:
        return sorted(self.findings.values(), key=lambda f: (f.line, f.col, f.code))

    def source(self, node: ast.AST, limit: int = 60) -> str:
        """The source text of a node (its first line, shortened), or the text
        a site made by a rule stands for (``written``: ``data['a']`` for the
        item of a dict passed by name)."""
        written = getattr(node, "written", None)
        if isinstance(written, str):
            return written if len(written) <= limit else written[: limit - 3] + "..."
        line = getattr(node, "lineno", None)
        if line is None or not (1 <= line <= len(self.lines)):
            return ""
        text = self.lines[line - 1]
        end_line = getattr(node, "end_lineno", line)
        start = char_offset(text, getattr(node, "col_offset", 0))
        end = getattr(node, "end_col_offset", None) if end_line == line else None
        end = char_offset(text, end) if end is not None else None
        text = text[start:end].strip() if end is not None else text[start:].strip()
        text = text.rstrip("\\").strip()
        if len(text) > limit:
            text = text[: limit - 3] + "..."
        return text

    def statement_text(self, line: int, limit: int = 60) -> str:
        if not (1 <= line <= len(self.lines)):
            return ""
        text = self.lines[line - 1].strip()
        if "#" in text:
            text = text.split("#", 1)[0].rstrip()
        if len(text) > limit:
            text = text[: limit - 3] + "..."
        return text
