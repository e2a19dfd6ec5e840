"""How a message names a line of the linted file.

Messages point at other lines (``LSTM (line 12)``, ``line 5: X = ...``).  In a
plain file that is the file's line; in a notebook it is a line of one cell,
``cell 2, line 4``, and the joined source the analysis reads is nobody's file.
So every reference is written through ``line_reference``, and the face that
lints a notebook says, for the time of one analysis, how lines are named
(``lines_named_by``).  A reference into another module of the project keeps
that file's own line.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, Optional

LineNamer = Callable[[int], Optional[str]]

_NAMER: ContextVar[Optional[LineNamer]] = ContextVar("lstm_shapes_line_namer", default=None)


def line_reference(line, file: Optional[str] = None) -> str:
    """``line 12``; ``data.py line 12`` in another module; ``cell 2, line 4``
    while a notebook's lines are named by cell."""
    if file:
        return f"{file} line {line}"
    namer = _NAMER.get()
    if namer is not None and isinstance(line, int):
        named = namer(line)
        if named:
            return named
    return f"line {line}"


@contextmanager
def lines_named_by(namer: Optional[LineNamer]) -> Iterator[None]:
    """Within the block, ``line_reference`` asks ``namer`` first (None: plain lines)."""
    token = _NAMER.set(namer)
    try:
        yield
    finally:
        _NAMER.reset(token)
