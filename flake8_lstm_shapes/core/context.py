"""What one file's analysis shares: its source, the Keras version, the work
budget and the findings."""

from __future__ import annotations

import ast
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Collection, Dict, List, Optional, Tuple

from .events import SILENT, Events


class BudgetExceeded(Exception):
    """The file took more work than a linter should spend on it."""


@dataclass
class Budget:
    """A bound on the work done for one file.

    Every evaluated expression and executed statement costs one step.  Typical
    files need a few thousand; pathological ones (huge generated code, loops
    that rebuild a model thousands of times) stop here, silently, and keep the
    findings made so far.
    """

    steps: int = 200_000
    used: int = 0

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


@dataclass(frozen=True)
class Finding:
    line: int
    col: int
    code: str
    message: str

    def text(self) -> str:
        return f"{self.code} {self.message}"


@dataclass
class Context:
    lines: List[str]
    # 2, 3, or None when nothing establishes either (versions.resolve): then
    # only what fails under both is reported.
    keras_version: Optional[int] = 3
    keras_reason: str = ""      # why: "requirements.txt pins tensorflow==2.9.1"; "" if not decided
    filename: str = "stdin"
    budget: Budget = field(default_factory=Budget)
    findings: Dict[Tuple[int, int, str], Finding] = field(default_factory=dict)
    # Set while a function is interpreted for a call site: its parameters are
    # then the caller's values, so what is found inside depends on them.
    call_depth: int = 0
    # Recorded for `explain`: every model built and every data call, in order.
    models: dict = field(default_factory=dict)       # id(creation node) -> latest model
    data_calls: list = field(default_factory=list)   # (call node, model, method, x, y)
    # Another module of the project, read for its values: nothing is reported there.
    muted: bool = False
    # The type of an internal error that cut the analysis short (analysis.lint).
    internal_error: Optional[str] = None
    # Where the model layer announces what happens (core.events): the rules and
    # explain's record for the linted file, nothing for the others.
    events: Events = SILENT

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
        """The source text of a node (its first line, shortened)."""
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
